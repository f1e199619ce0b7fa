"""Quote extraction: the quotation-mark scanner on strings, the extractor on short texts written
here (each quote style, kind and speaker rule), and the acceptance points on the two seed reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from synoptic.analyze import nlp
from synoptic.analyze.attribution import extract_quotes
from synoptic.analyze.marks import quoted_spans
from synoptic.analyze.quotes import Quote, QuoteKind
from synoptic.errors import AnalysisError

pytestmark = pytest.mark.usefixtures("spacy_model")  # every test here runs the real spaCy model


def _spans(text: str) -> list[str]:
    return [text[s.start : s.end] for s in quoted_spans(text)]


# --- the scanner (no model) -----------------------------------------------------------------------


def test_curly_straight_french_and_german_marks_pair() -> None:
    text = '“One,” he said. "Two," she said. «Three» and „Four“ too.'
    assert _spans(text) == ["“One,”", '"Two,"', "«Three»", "„Four“"]


def test_apostrophes_are_not_quotes_but_unambiguous_single_quotes_are() -> None:
    assert _spans("Clinton’s aides don’t talk about the ’90s or rock 'n' roll.") == []
    assert _spans("He called it ‘a farce’, aides said.") == ["‘a farce’"]


def test_single_quotes_inside_double_quotes_stay_inside() -> None:
    assert _spans("“They said ‘no’ to us,” she said.") == ["“They said ‘no’ to us,”"]


def test_a_quote_continued_in_the_next_paragraph_is_one_span() -> None:
    text = "“First paragraph of the speech.\n\n“Second paragraph,” she said.\n\nNo quote here."
    assert _spans(text) == ["“First paragraph of the speech.\n\n“Second paragraph,”"]


def test_a_stray_unclosed_mark_does_not_swallow_the_quotes_after_it() -> None:
    text = '"A block quote that never closes, with “an inner quote,” inside.\n\nNext paragraph.'
    assert _spans(text) == ["“an inner quote,”"]


def test_doubled_apostrophes_serve_as_double_marks() -> None:
    assert _spans("''We will win,'' he said.") == ["''We will win,''"]


# --- the extractor (the real spaCy model) ---------------------------------------------------------


def _only(quotes: list[Quote], kind: QuoteKind) -> list[Quote]:
    return [q for q in quotes if q.kind is kind]


def _mention(text: str, quote: Quote) -> str:
    assert quote.speaker_start is not None
    assert quote.speaker_end is not None
    return text[quote.speaker_start : quote.speaker_end]


def test_offsets_index_the_text_exactly_as_given() -> None:
    text = "  Intro line.\r\n\r\n\u201cWe will win,\u201d Senator Jane Holloway said on Monday.\r\n"
    (quote,) = extract_quotes(text)
    assert quote.text == text[quote.start : quote.end] == "“We will win,”"
    assert quote.kind is QuoteKind.DIRECT
    assert quote.cue == "said"
    assert quote.speaker == "Jane Holloway"
    assert text[quote.sentence_start : quote.sentence_end].startswith("“We will win")


def test_json_fields_are_those_of_the_cli() -> None:
    (quote,) = extract_quotes('"Taxes will fall," said Maria Gonzalez.')
    assert set(quote.to_json()) == {"start", "end", "text", "kind", "cue", "speaker", "speaker_start", "speaker_end"}
    assert quote.to_json()["kind"] == "direct"


def test_direct_quote_introduced_by_a_frame_with_a_colon() -> None:
    text = "Governor Paul Lindqvist told reporters: «The bridge will reopen in May.»"
    (quote,) = _only(extract_quotes(text), QuoteKind.DIRECT)
    assert quote.text == "«The bridge will reopen in May.»"
    assert (quote.cue, quote.speaker) == ("told reporters", "Paul Lindqvist")


def test_a_quote_interrupted_by_its_cue_is_one_quote() -> None:
    text = "“We are ready,” Anna Berg said, “and we will not wait.”"
    (quote,) = extract_quotes(text)
    assert quote.text == text
    assert quote.speaker == "Anna Berg"


def test_a_quote_continued_after_its_frame_in_the_next_sentence_is_one_quote() -> None:
    text = "„The vote was fair,“ Peter Novak said. „Nobody can doubt it.“\n\nThe count ended at noon."
    (quote,) = _only(extract_quotes(text), QuoteKind.DIRECT)
    assert quote.text.endswith("doubt it.“")
    assert quote.speaker == "Peter Novak"


def test_a_quoted_fragment_inside_reported_speech_is_a_partial_quote() -> None:
    text = 'Envoy Marta Silva said the plan went "a long way" toward meeting their demands.'
    (quote,) = extract_quotes(text)
    assert quote.kind is QuoteKind.PARTIAL
    assert quote.text == '"a long way"'
    assert quote.speaker == "Marta Silva"
    assert text[quote.content_start : quote.content_end].startswith("the plan went")


def test_reported_speech_is_an_indirect_quote() -> None:
    text = "Finance Minister Omar Haddad said that the budget would be balanced next year."
    (quote,) = extract_quotes(text)
    assert quote.kind is QuoteKind.INDIRECT
    assert quote.cue == "said"
    assert quote.speaker == "Omar Haddad"
    assert quote.text == "that the budget would be balanced next year"


def test_according_to_names_the_speaker_of_the_rest_of_the_sentence() -> None:
    text = "The talks collapsed on Friday, according to Lena Fischer."
    (quote,) = extract_quotes(text)
    assert quote.kind is QuoteKind.INDIRECT
    assert quote.cue == "according to"
    assert quote.speaker == "Lena Fischer"
    assert quote.text == "The talks collapsed on Friday"


def test_he_said_is_the_nearest_person_of_that_gender_not_the_last_name() -> None:
    text = (
        "Mary Jones, the mayor, met Tom Brown on Tuesday. She thanked him for his help.\n\n"
        "“We agreed on the budget,” she said."
    )
    direct = _only(extract_quotes(text), QuoteKind.DIRECT)
    assert [q.speaker for q in direct] == ["Mary Jones"]
    assert _mention(text, direct[0]) == "she"


def test_he_said_prefers_the_subject_to_a_name_in_the_object() -> None:
    text = "Senator John Carter criticised Bill Ross in a speech on Monday.\n\n“This plan is dead,” he said."
    (quote,) = _only(extract_quotes(text), QuoteKind.DIRECT)
    assert quote.speaker == "John Carter"


def test_a_name_inside_the_quote_is_never_the_speaker() -> None:
    text = "Kate Moran spoke first.\n\n“I told David Cole it was over,” she said."
    (quote,) = _only(extract_quotes(text), QuoteKind.DIRECT)
    assert quote.speaker == "Kate Moran"


def test_a_title_and_surname_resolve_to_the_full_name() -> None:
    text = "China's ambassador Li Weiming arrived late.\n\n“No feedback yet,” Mr Li told reporters."
    (quote,) = _only(extract_quotes(text), QuoteKind.DIRECT)
    assert quote.speaker == "Li Weiming"
    assert _mention(text, quote) == "Mr Li"


def test_a_definite_role_resolves_to_the_person_holding_it() -> None:
    text = "China's U.N. Ambassador Li Weiming spoke on Monday.\n\nThe Chinese envoy said the mission returns soon."
    (quote,) = extract_quotes(text)
    assert quote.speaker == "Li Weiming"
    assert quote.speaker_role == "the Chinese envoy"


def test_an_unnamed_speaker_keeps_its_role_and_no_name() -> None:
    text = "A senior European official said the offer was “not serious”."
    (quote,) = extract_quotes(text)
    assert quote.kind is QuoteKind.PARTIAL
    assert quote.speaker is None
    assert quote.speaker_role == "a senior European official"


def test_scare_quotes_and_titles_are_not_quotes() -> None:
    text = 'The so-called "reform" failed. He read "The Art of the Possible" on the plane.'
    assert extract_quotes(text) == []


def test_an_organisation_speaks_under_its_own_name() -> None:
    text = "The World Health Organization said the outbreak was under control."
    (quote,) = extract_quotes(text)
    assert quote.speaker == "World Health Organization"


def test_an_empty_text_has_no_quotes() -> None:
    assert extract_quotes("") == []
    assert extract_quotes(" \n\n ") == []


def test_a_missing_model_is_a_typed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp, "_model", None)
    monkeypatch.setattr(nlp, "MODEL_PACKAGES", ("no_such_model_package",))
    with pytest.raises(AnalysisError, match="no English spaCy model"):
        nlp.load_model()


# --- the seeds: two reports of one event ----------------------------------------------------------


@pytest.fixture(scope="module")
def seed_quotes(seeds: list[Path]) -> list[tuple[str, list[Quote]]]:
    texts = [path.read_text(encoding="utf-8") for path in seeds]
    return [(text, extract_quotes(text)) for text in texts]


def _find(seed: tuple[str, list[Quote]], word: str) -> Quote:
    _, quotes = seed
    found = [q for q in quotes if word in q.text]
    assert found, f"no quote with {word!r}"
    return found[0]


def test_seed_offsets_are_exact(seed_quotes: list[tuple[str, list[Quote]]]) -> None:
    for text, quotes in seed_quotes:
        assert quotes
        for quote in quotes:
            assert text[quote.start : quote.end] == quote.text


def test_seed_oshima_is_quoted_in_both_reports(seed_quotes: list[tuple[str, list[Quote]]]) -> None:
    first, second = seed_quotes
    glance_first, glance_second = _find(first, "quick glance"), _find(second, "quick glance")
    assert glance_first.speaker == glance_second.speaker == "Kenzo Oshima"
    assert _mention(first[0], glance_first) == "he"  # "he said", Oshima named the sentence before
    assert "Oshima" in _mention(second[0], glance_second)  # named in the same sentence
    doubt = _find(second, "I doubt")
    assert doubt.kind is QuoteKind.DIRECT
    assert doubt.speaker == "Kenzo Oshima"
    assert "difficult" in doubt.text


def test_seed_wang_through_he_said_and_through_mr_wang(seed_quotes: list[tuple[str, list[Quote]]]) -> None:
    first, second = seed_quotes
    full, trimmed = _find(first, "any feedback"), _find(second, "any feedback")
    assert full.kind is trimmed.kind is QuoteKind.DIRECT
    assert full.speaker == trimmed.speaker == "Wang Guangya"
    assert _mention(first[0], full) == "he"
    assert _mention(second[0], trimmed) == "Mr Wang"
    assert trimmed.cue == "told reporters"
    envoy = _find(first, "due back")
    assert envoy.kind is QuoteKind.INDIRECT
    assert envoy.speaker == "Wang Guangya"


def test_seed_bolton_apples_through_he_said(seed_quotes: list[tuple[str, list[Quote]]]) -> None:
    first, _ = seed_quotes
    apples = _find(first, "apples")
    assert apples.kind is QuoteKind.DIRECT
    assert apples.speaker == "John Bolton"
    assert _mention(first[0], apples) == "he"


def test_seed_churkin_partial_reported_and_direct(seed_quotes: list[tuple[str, list[Quote]]]) -> None:
    first, second = seed_quotes
    reported, partial = _find(first, "a long way"), _find(second, "a long way")
    assert reported.kind is QuoteKind.INDIRECT
    assert reported.speaker == "Vitaly Churkin"
    assert partial.kind is QuoteKind.PARTIAL
    assert partial.speaker == "Vitaly Churkin"
    assert partial.text.strip('"“”') == "a long way"
    signal = _find(first, "strong signal")
    assert signal.kind is QuoteKind.DIRECT
    assert signal.speaker == "Vitaly Churkin"


def test_seed_lavrov_speaks_and_interfax_is_the_channel(seed_quotes: list[tuple[str, list[Quote]]]) -> None:
    _, second = seed_quotes
    vote = _find(second, "vote as Japan wants")
    assert vote.speaker == "Sergei Lavrov"
    assert not [q for q in second[1] if q.speaker and "Interfax" in q.speaker]


def test_seed_discouraging_has_an_unnamed_diplomat(seed_quotes: list[tuple[str, list[Quote]]]) -> None:
    first, _ = seed_quotes
    remark = _find(first, "discouraging")
    assert remark.speaker is None
    assert remark.speaker_role == "a senior American diplomat"
