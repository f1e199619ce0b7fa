"""Copy detection and the origin rule, on wire-style texts written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from synoptic.cluster.copies import (
    COPY_CONTAINMENT,
    CopyDetector,
    containment,
    fingerprints,
    jaccard,
    shingle_hashes,
)

WIRE = (
    "The port authority of Kessel closed the northern harbour on Monday after a cargo ship lost "
    "power and drifted onto a sandbank near the lighthouse, officials said. No one was hurt. "
    "The vessel, carrying timber and machine parts, had left the eastern terminal shortly after "
    "dawn when its engines failed. Tugboats tried for three hours to pull it free before the tide "
    "turned. Harbour master Lene Ostrova said divers would inspect the hull on Tuesday and that "
    "ferries would use the southern channel until the ship was moved. Fishing crews complained "
    "that the closure came at the start of the herring season. The shipping company said it was "
    "cooperating with investigators and expected to refloat the ship within two days."
)
LEAD = " ".join(WIRE.split()[:45])
OTHER = (
    "A regional orchestra announced a winter tour of seven cities, with a new symphony by a young "
    "composer from the mountains as its centrepiece. Tickets go on sale next week, and students "
    "will pay half price at every concert, the orchestra's director told reporters at a rehearsal."
)
DAY = datetime(2024, 5, 6, 8, tzinfo=UTC)


def test_shingles_are_stable_word_five_grams() -> None:
    assert len(shingle_hashes("one two three four five six")) == 2
    assert shingle_hashes("One, two three four five!").tolist() == shingle_hashes("one two three four five").tolist()
    assert len(shingle_hashes("too short to shingle")) == 0


def test_containment_is_over_the_smaller_set_and_jaccard_over_the_union() -> None:
    whole, part = shingle_hashes(WIRE), shingle_hashes(LEAD)
    assert containment(whole, part) == 1.0
    assert jaccard(whole, part) == pytest.approx(len(part) / len(whole))
    assert containment(whole, shingle_hashes("")) == 0.0


def test_a_shared_twelve_word_passage_always_shares_a_fingerprint() -> None:
    passage = "the harbour master said divers would inspect the hull on tuesday morning"
    a = shingle_hashes(f"{OTHER} {passage} and then the meeting ended")
    b = shingle_hashes(f"completely different opening words here {passage} {WIRE}")
    assert a.size
    assert b.size
    prints_a = set(fingerprints(_sequence(f"{OTHER} {passage} and then the meeting ended")))
    prints_b = set(fingerprints(_sequence(f"completely different opening words here {passage} {WIRE}")))
    assert prints_a & prints_b


def _sequence(text: str):  # type: ignore[no-untyped-def]
    from synoptic.cluster.copies import _shingle_sequence

    return _shingle_sequence(text)


def test_a_reprint_is_a_copy_and_the_earlier_one_is_the_origin() -> None:
    detector = CopyDetector()
    assert detector.add("wire", WIRE, DAY) is None
    match = detector.add("reprint", WIRE, DAY + timedelta(hours=3))
    assert match is not None
    assert (match.article_id, match.containment, match.origin) == ("wire", 1.0, "wire")
    assert match.group == ("reprint", "wire")


def test_a_trimmed_copy_is_a_copy_whichever_arrives_first() -> None:
    detector = CopyDetector()
    detector.add("trimmed", LEAD, DAY + timedelta(hours=1))
    match = detector.add("full", WIRE, DAY)
    assert match is not None
    assert match.containment >= COPY_CONTAINMENT
    assert match.origin == "full"  # published earlier, although it arrived later


def test_ties_in_time_go_to_the_fullest_text_then_the_smallest_id() -> None:
    detector = CopyDetector()
    detector.add("b-trimmed", LEAD, DAY)
    assert detector.add("c-full", WIRE, DAY).origin == "c-full"  # type: ignore[union-attr]
    assert detector.add("a-full", WIRE, DAY).origin == "a-full"  # type: ignore[union-attr]


def test_undated_articles_yield_the_origin_to_dated_ones() -> None:
    detector = CopyDetector()
    detector.add("undated", WIRE, None)
    assert detector.add("dated", WIRE, DAY).origin == "dated"  # type: ignore[union-attr]


def test_a_shared_quote_or_an_unrelated_text_is_not_a_copy() -> None:
    detector = CopyDetector()
    detector.add("wire", WIRE, DAY)
    quote = "Harbour master Lene Ostrova said divers would inspect the hull on Tuesday. "
    assert detector.add("quote", quote + OTHER, DAY) is None
    unrelated = CopyDetector()
    unrelated.add("wire", WIRE, DAY)
    assert unrelated.add("other", OTHER, DAY) is None


def test_texts_too_short_to_judge_are_never_copies() -> None:
    detector = CopyDetector()
    detector.add("a", "Harbour closed after ship runs aground", DAY)
    assert detector.add("b", "Harbour closed after ship runs aground", DAY) is None


def test_the_window_separates_copies_far_apart_in_time() -> None:
    detector = CopyDetector(window=timedelta(days=7), lateness=None)
    detector.add("old", WIRE, DAY)
    assert detector.add("next-month", WIRE, DAY + timedelta(days=30)) is None
    assert CopyDetector(window=None).add("x", WIRE, DAY) is None


def test_old_articles_are_dropped_but_their_group_keeps_its_origin() -> None:
    detector = CopyDetector(window=timedelta(days=1), lateness=timedelta(hours=12))
    detector.add("wire", WIRE, DAY)
    detector.add("reprint", WIRE, DAY + timedelta(hours=20))
    detector.add("later", WIRE, DAY + timedelta(hours=40))
    assert len(detector) == 2  # "wire" fell out of window + lateness
    assert detector.origin("reprint") == "wire"
    assert detector.origin("later") == "wire"


def test_an_article_is_added_once() -> None:
    detector = CopyDetector()
    detector.add("wire", WIRE, DAY)
    with pytest.raises(ValueError, match="added already"):
        detector.add("wire", WIRE, DAY)


def test_an_article_too_late_for_the_window_is_judged_then_forgotten() -> None:
    detector = CopyDetector(window=timedelta(days=1), lateness=timedelta(days=1))
    detector.add("new", OTHER, DAY + timedelta(days=10))
    assert detector.add("late", WIRE, DAY) is None
    assert len(detector) == 1
