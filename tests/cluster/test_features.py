"""Clustering features on short texts written for these tests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from synoptic.cluster.features import (
    DATE,
    ENTITY,
    LEAD_SENTENCES,
    LEAD_WEIGHT,
    NUMBER,
    TITLE_WEIGHT,
    NewsItem,
    extract_features,
    normalise_word,
    split_sentences,
)

BODY = (
    "Rescuers searched collapsed houses in Valdoria on Tuesday. "
    "Mayor Ines Farro said 41 people were missing. "
    "The tremor measured 6.1 and struck before dawn on March 3. "
    "Aftershocks rattled the harbour district for hours."
)


def features(text: str = BODY, title: str = "", **fields: object) -> dict[str, float]:
    return extract_features(NewsItem(id="a", text=text, title=title, **fields)).terms  # type: ignore[arg-type]


def test_title_counts_above_lead_and_lead_above_body() -> None:
    words = ["apple", "birch", "cedar", "dune", "elm", "fern"][: LEAD_SENTENCES + 1]
    body = " ".join(f"Sentence mentions {word}." for word in words)
    terms = features(body, title="Orchard fire")
    assert terms["orchard"] == TITLE_WEIGHT
    assert terms[words[0]] == LEAD_WEIGHT
    assert terms[words[-1]] == 1.0


def test_a_body_that_repeats_the_title_does_not_count_it_twice() -> None:
    once = features("Orchard fire spreads. Crews arrived late.", title="Orchard fire spreads")
    assert once["orchard"] == TITLE_WEIGHT


def test_capitalised_runs_inside_sentences_are_names() -> None:
    terms = features()
    assert ENTITY + "ines farro" in terms
    assert ENTITY + "farro" in terms
    assert ENTITY + "valdoria" in terms
    # A name word counts more than its plain occurrences would.
    assert terms["farro"] > LEAD_WEIGHT


def test_sentence_starts_headlines_and_weekdays_are_not_names() -> None:
    terms = features("Rescuers arrived on Tuesday. Police Said Nothing About The Missing Boats Today.")
    assert ENTITY + "rescuer" not in terms
    assert ENTITY + "tuesday" not in terms
    assert not any(t.startswith(ENTITY) for t in terms)


def test_title_words_are_names_only_when_the_body_capitalises_them() -> None:
    terms = features("Crews said Valdoria was quiet.", title="Quake Hits Valdoria Harbour")
    assert ENTITY + "valdoria" in terms
    assert ENTITY + "quake" not in terms


def test_numbers_and_calendar_dates_are_terms() -> None:
    terms = features("The fund paid 1,200 families. It rose 6.1 percent on 3 March, a week after March 24.")
    assert NUMBER + "1200" in terms
    assert NUMBER + "6.1" in terms
    assert DATE + "03-03" in terms
    assert DATE + "03-24" in terms


def test_stop_words_are_dropped_and_plurals_folded() -> None:
    terms = features("The earthquakes and the earthquake shook the witnesses.")
    assert "the" not in terms
    assert "and" not in terms
    assert terms["earthquake"] == 2 * LEAD_WEIGHT
    assert "witness" in terms


@pytest.mark.parametrize(
    ("word", "normal"),
    [("Earthquakes", "earthquake"), ("witnesses", "witness"), ("patches", "patch"), ("Reid's", "reid"), ("bus", "bus")],
)
def test_normalise_word(word: str, normal: str) -> None:
    assert normalise_word(word) == normal


def test_sentences_do_not_end_after_titles_initials_or_abbreviated_months() -> None:
    text = 'Mr. Farro met Michael T. Lusk on Dec. 12 in the U.S. capital. "We agreed," he said.\nNext line'
    assert split_sentences(text) == [
        "Mr. Farro met Michael T. Lusk on Dec. 12 in the U.S. capital.",
        '"We agreed," he said.',
        "Next line",
    ]


def test_flags_say_why_an_article_may_cluster_badly() -> None:
    empty = extract_features(NewsItem(id="e", text=""))
    assert empty.terms == {}
    assert "empty text" in empty.flags
    tiny = extract_features(NewsItem(id="t", text="Storm closes the bridge.", language="de"))
    assert any(f.startswith("tiny text") for f in tiny.flags)
    assert any(f.startswith("language de") for f in tiny.flags)
    assert "no date: no window" in tiny.flags
    ingested = NewsItem(id="i", text=BODY, ingested=datetime(2024, 1, 1, tzinfo=UTC))
    assert "no date: ingest time used" in extract_features(ingested).flags
    assert ingested.time == datetime(2024, 1, 1, tzinfo=UTC)


def test_features_are_a_pure_function_of_the_article() -> None:
    item = NewsItem(id="a", text=BODY, title="Quake in Valdoria")
    assert extract_features(item) == extract_features(item)
    assert extract_features(item).entities <= set(extract_features(item).terms)
