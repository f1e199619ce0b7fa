"""Quote variants on quotes we made up: which quotes are one statement, and the verdicts.

No model is loaded: the quotes are built by hand, and the paraphrase rule gets its cosine from a
stub (``statement_match``'s ``cosine`` argument).
"""

from __future__ import annotations

from synoptic.analyze.quotes import Quote, QuoteKind
from synoptic.compare.variants import (
    QuoteInArticle,
    Verdict,
    compare_wordings,
    contains,
    group_quotes,
    statement_match,
    word_diff,
    words,
)


def quote(article: str, text: str, speaker: str | None, kind: QuoteKind = QuoteKind.DIRECT) -> QuoteInArticle:
    """A quote of ``article`` as the extractor would give it (offsets are not looked at here)."""
    marked = f"“{text}”" if kind is not QuoteKind.INDIRECT else text
    found = Quote(0, len(marked), marked, kind, "said", speaker, None, None, None, 0, len(marked), None, None, 0, 0)
    return QuoteInArticle(article, found, marked)


class NoModel:
    """An embedder that fails the test if the grouping asks it for anything."""

    def encode_tokens(self, sentences: object) -> list[object]:
        raise AssertionError("no paraphrase candidate here: the model is not needed")


def grouped(*quotes: QuoteInArticle) -> list[set[str]]:
    """The articles of each group of several articles."""
    groups = group_quotes(list(quotes), embedder=NoModel())
    return [{v.quote.article for v in g.variants} for g in groups if len(g.variants) > 1]


def test_one_shared_word_is_not_one_statement() -> None:
    a = quote("a", "The man has serious judgement problems.", "Ana Lind")
    b = quote("b", "serious misgivings", "Ana Lind", QuoteKind.PARTIAL)
    assert grouped(a, b) == []


def test_a_fragment_found_word_for_word_is_the_same_statement_when_the_speaker_is_the_same() -> None:
    whole = quote("a", "Someone played a hoax on the whole newsroom.", "Ana Lind")
    fragment = quote("b", "hoax", "Ana Lind", QuoteKind.PARTIAL)
    assert grouped(whole, fragment) == [{"a", "b"}]
    unnamed = quote("b", "hoax", None, QuoteKind.PARTIAL)
    assert grouped(whole, unnamed) == []  # one word and no speaker: not certain


def test_a_piece_cut_off_by_the_cue_does_not_match_on_its_own() -> None:
    interrupted = quote("a", "Marek,” Lind said, “you have shown great patience with the harbour board.", "Ana Lind")
    other = quote("b", "I will talk to Marek about the budget tomorrow.", "Ana Lind")
    assert grouped(interrupted, other) == []


def test_compounds_and_hyphens_do_not_hide_a_trimmed_quote() -> None:
    assert contains(words("I believe there is plenty of good will here."), words("there is plenty of goodwill"))
    assert not contains(words("I believe it"), words("lie"))  # inside a word is no match
    whole = quote("a", "I believe there is plenty of good will here.", "Ana Lind")
    part = quote("b", "there is plenty of goodwill", "Ana Lind", QuoteKind.PARTIAL)
    (group,) = [g for g in group_quotes([whole, part], embedder=NoModel()) if len(g.variants) == 2]
    assert group.verdict is Verdict.TRIMMED


def test_two_named_speakers_are_never_one_statement_even_through_an_unnamed_one() -> None:
    lind = quote("a", "The harbour board will close the northern pier next spring.", "Ana Lind")
    unnamed = quote("b", "The harbour board will close the northern pier next spring.", None)
    brandt = quote("c", "The harbour board will close the northern pier next spring.", "Otto Brandt")
    groups = grouped(lind, unnamed, brandt)
    assert len(groups) == 1
    assert groups[0] in ({"a", "b"}, {"b", "c"})


def test_an_edited_quote_with_a_long_run_in_common_is_one_statement() -> None:
    a = quote("a", "We will study the text, but I believe it is going to be hard to sign that as it is.", "Ana Lind")
    b = quote("b", "I think it will be hard for us to sign that as it is.", "Ana Lind")
    assert grouped(a, b) == [{"a", "b"}]


def test_a_paraphrase_needs_the_same_named_speaker_and_close_meaning() -> None:
    direct = quote("a", "We are not going to reopen the northern pier this winter.", "Ana Lind")
    reported = quote("b", "the board would not reopen the northern pier during winter", "Ana Lind", QuoteKind.INDIRECT)
    assert statement_match(direct, reported, cosine=lambda x, y: 0.85) > 0
    assert statement_match(direct, reported, cosine=lambda x, y: 0.40) == 0
    anonymous = quote("b", reported.words, None, QuoteKind.INDIRECT)
    assert statement_match(direct, anonymous, cosine=lambda x, y: 0.85) == 0


def test_a_trim_with_an_elision_and_one_word_changed_is_a_minor_edit() -> None:
    reference = quote("a", "After long talks, the council has agreed that the pier at this time would not reopen.", "A")
    edited = quote("b", "the council agreed ... that the pier at this time would not reopen.", "A")
    diff = word_diff(reference.words, edited.words)
    assert compare_wordings(reference, edited, diff) is Verdict.MINOR_EDIT
    rewritten = quote("b", "the mayor insisted nothing about the pier was decided yet.", "A")
    diff = word_diff(reference.words, rewritten.words)
    assert compare_wordings(reference, rewritten, diff) is Verdict.SUBSTANTIVE_CHANGE


def test_statements_of_several_outlets_come_first_by_speaker() -> None:
    quotes = [
        quote("a", "The ferry timetable is a disgrace.", "Otto Brandt"),
        quote("a", "We will rebuild the northern pier by spring.", "Ana Lind"),
        quote("b", "We will rebuild the northern pier by spring.", "Ana Lind"),
    ]
    groups = group_quotes(quotes, embedder=NoModel())
    assert [g.verdict for g in groups] == [Verdict.IDENTICAL, Verdict.SINGLE_SOURCE]
    assert groups[0].speaker == "Ana Lind"


def test_a_quote_interrupted_by_its_cue_reads_as_the_outlet_meant_it() -> None:
    def printed(text: str) -> str:
        found = Quote(0, len(text), text, QuoteKind.DIRECT, "said", "Ana Lind", None, None, None, 0, len(text),
                      None, None, 0, 0)  # fmt: skip
        return QuoteInArticle("a", found, text).words

    assert printed("“We agree,” Lind said. “The vote is late.”") == "We agree. The vote is late."
    assert printed("“The plan,” Lind said, “is dead.”") == "The plan is dead."
    assert printed("“It was,” Lind said, “a mood of 'no deal,'” she added. “Then it changed.”") == (
        "It was a mood of 'no deal.' Then it changed."
    )
    assert printed("“Will it pass?” Lind asked. “Nobody knows.”") == "Will it pass? Nobody knows."
    assert printed("“The plan,” Lind said, “Brandt wrote, is dead.”") == "The plan Brandt wrote, is dead."
    assert printed("“We agree —” Lind said. “It is late.”") == "We agree — It is late."
    assert printed("“For the players’,” Lind said. “Not ours.”") == "For the players’. Not ours."
