"""One speaker across outlets: the synopsis gives one person one name."""

from __future__ import annotations

from synoptic.analyze.quotes import Quote, QuoteKind
from synoptic.compare.synopsis import _merge_speakers
from synoptic.compare.variants import QuoteInArticle


def said(article: str, speaker: str | None) -> QuoteInArticle:
    text = "“We will talk again next week.”"
    end = len(text)
    found = Quote(0, end, text, QuoteKind.DIRECT, "said", speaker, None, None, None, 0, end, None, None, 0, 0)
    return QuoteInArticle(article, found, text)


def test_spellings_and_surnames_of_one_speaker_take_one_name() -> None:
    names = ["Ana Lind-Berg", "Ana Lind-Berg", "Ana Lind Berg", "Lind-Berg"]
    quotes = [said(f"a{n}", name) for n, name in enumerate(names)]
    assert {q.quote.speaker for q in _merge_speakers(quotes)} == {"Ana Lind-Berg"}


def test_two_people_of_one_surname_keep_their_names() -> None:
    quotes = [said("a", "Ana Lind"), said("b", "Otto Lind"), said("c", "Lind"), said("d", None)]
    assert [q.quote.speaker for q in _merge_speakers(quotes)] == ["Ana Lind", "Otto Lind", "Lind", None]


def test_a_name_without_a_generational_suffix_is_not_merged_into_one_with_it() -> None:
    # Outlets seldom write "Sr.": the father's quotes must not become the son's.
    quotes = [said("a", "Otto Brandt Jr."), said("b", "Otto Brandt"), said("c", "Brandt"), said("d", "Brandt Jr.")]
    assert [q.quote.speaker for q in _merge_speakers(quotes)] == [
        "Otto Brandt Jr.", "Otto Brandt", "Otto Brandt", "Otto Brandt Jr."
    ]  # fmt: skip


def test_a_chain_of_fuller_names_ends_at_the_full_name() -> None:
    quotes = [said("a", "Lind"), said("b", "Ana Lind"), said("c", "Ana Maria Lind")]
    assert {q.quote.speaker for q in _merge_speakers(quotes)} == {"Ana Maria Lind"}
