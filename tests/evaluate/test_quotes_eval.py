"""The quote metrics on toy spans, the PolNeAR and BASIL readers on files written here, and (slow)
the real evaluations, which must stay above the floors measured when they were last tuned."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from synoptic.analyze.nlp import Span
from synoptic.analyze.quotes import Quote, QuoteKind
from synoptic.errors import EvaluationError
from synoptic.evaluate.quotes import (
    Counts,
    QuoteReport,
    basil_text,
    evaluate_quotes,
    evaluate_speakers,
    in_quotation_marks,
    load_basil,
    load_polnear,
    match_spans,
    same_speaker,
    score_article,
    spans_match,
)

# Floors: the figures measured with `evaluate_quotes(Path("../shared/data/polnear"), "dev")` (direct F1
# 0.890, speaker accuracy 0.963, indirect F1 0.427) and `evaluate_speakers(Path("../shared/data/basil"))`
# (accuracy 0.703 at coverage 0.808), each minus a margin of about 0.02.
DIRECT_F1_FLOOR = 0.87
SPEAKER_ACCURACY_FLOOR = 0.94
INDIRECT_F1_FLOOR = 0.40
BASIL_ACCURACY_FLOOR = 0.68
BASIL_COVERAGE_FLOOR = 0.78


def _quote(start: int, end: int, kind: QuoteKind = QuoteKind.DIRECT, speaker: tuple[int, int] | None = None) -> Quote:
    return Quote(
        start=start,
        end=end,
        text="",
        kind=kind,
        cue="said",
        speaker=None,
        speaker_role=None,
        speaker_start=speaker[0] if speaker else None,
        speaker_end=speaker[1] if speaker else None,
        sentence_start=start,
        sentence_end=end,
        cue_start=None,
        cue_end=None,
        content_start=start,
        content_end=end,
    )


# --- metrics ----------------------------------------------------------------------------------------


def test_spans_match_when_they_share_half_of_the_longer() -> None:
    assert spans_match(Span(0, 10), Span(5, 10))  # 5 of 10
    assert not spans_match(Span(0, 10), Span(6, 10))  # 4 of 10
    assert not spans_match(Span(0, 10), Span(10, 20))


def test_matching_is_one_to_one_largest_overlap_first() -> None:
    gold = [Span(0, 10)]
    predicted = [Span(0, 6), Span(0, 10)]
    assert match_spans(gold, predicted) == [(0, 1)]


def test_counts_give_precision_recall_and_f1() -> None:
    counts = Counts()
    counts.add(tp=3, predicted=4, gold=6)
    assert (counts.precision, counts.recall) == (0.75, 0.5)
    assert counts.f1 == pytest.approx(0.6)
    assert Counts().to_json() == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_a_gold_content_is_direct_when_it_opens_and_closes_with_a_mark() -> None:
    assert in_quotation_marks("“We will win,”")
    assert in_quotation_marks("“A,” she said, “B.”")
    assert in_quotation_marks("''It works,''")
    assert not in_quotation_marks("that he would “fight”")
    assert not in_quotation_marks("the budget would balance")


def _article(tmp_path: Path) -> Path:
    """A two-article PolNeAR split: one direct quote, one indirect, annotated twice for the first."""
    split = tmp_path / "data" / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    text = '"We will win," Ann Lee said. Bo Park said taxes would fall.'
    (split / "text" / "a.txt").write_text(text, encoding="utf-8")
    (split / "text" / "b.txt").write_text("Nothing was said.", encoding="utf-8")
    full = (
        'T1\tContent 0 14\t"We will win,"\nT2\tSource 15 22\tAnn Lee\nT3\tCue 23 27\tsaid\n'
        "E1\tAttribution:T3 Content:T1 Cue:T3 Source:T2\n"
        "T4\tContent 42 58\ttaxes would\nfall\n"  # a text field wrapped over two lines
        "T5\tSource 29 36\tBo Park\nT6\tCue 37 41\tsaid\nE2\tAttribution:T6 Content:T4 Cue:T6 Source:T5\n"
    )
    (split / "attributions" / "a_zz.ann").write_text(full, encoding="utf-8")
    (split / "attributions" / "a_aa.ann").write_text(full.split("T4")[0], encoding="utf-8")
    (split / "attributions" / "b_aa.ann").write_text("", encoding="utf-8")
    return tmp_path


def test_polnear_reader_takes_the_fullest_annotation_and_sorts_direct_from_indirect(tmp_path: Path) -> None:
    first, second = load_polnear(_article(tmp_path), "dev")
    assert first.name == "a"
    assert [a.direct for a in first.attributions] == [True, False]
    assert first.attributions[0].sources == (Span(15, 22),)
    assert second.attributions == ()


def test_scoring_counts_direct_indirect_speakers_and_the_baseline(tmp_path: Path) -> None:
    article, _ = load_polnear(_article(tmp_path), "dev")
    quotes = [_quote(0, 14, speaker=(15, 22)), _quote(42, 58, QuoteKind.INDIRECT), _quote(29, 41)]
    report = QuoteReport(articles=1)
    score_article(article, quotes, report)
    assert (report.direct.tp, report.direct.predicted, report.direct.gold) == (1, 2, 1)
    assert (report.indirect.tp, report.indirect.predicted, report.indirect.gold) == (1, 1, 1)
    assert report.speaker_accuracy == 1.0
    assert (report.baseline.tp, report.baseline.predicted) == (1, 1)
    assert set(report.to_json()) == {"direct", "indirect", "speaker_accuracy", "baseline", "articles"}


def test_a_speaker_mention_off_the_gold_source_is_wrong(tmp_path: Path) -> None:
    article, _ = load_polnear(_article(tmp_path), "dev")
    report = QuoteReport()
    score_article(article, [_quote(0, 14, speaker=(29, 36))], report)
    assert (report.speakers_correct, report.speakers_judged) == (0, 1)


def test_missing_or_malformed_polnear_data_is_an_evaluation_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="no PolNeAR split"):
        load_polnear(tmp_path, "dev")
    root = _article(tmp_path)
    (root / "data" / "dev" / "attributions" / "b_aa.ann").unlink()
    with pytest.raises(EvaluationError, match="no annotation file"):
        load_polnear(root, "dev")


def test_basil_text_keeps_each_sentence_offset() -> None:
    text, starts = basil_text([["One two.", "Three."], ["Four."]], Path("x.json"))
    assert text == "One two. Three.\n\nFour."
    assert [text[s : s + 4] for s in starts] == ["One ", "Thre", "Four"]
    with pytest.raises(EvaluationError):
        basil_text("not paragraphs", Path("x.json"))


def test_basil_reader_places_named_quote_spans_and_skips_placeholders(tmp_path: Path) -> None:
    (tmp_path / "articles" / "2010").mkdir(parents=True)
    (tmp_path / "annotations" / "2010").mkdir(parents=True)
    article = {"body-paragraphs": [["Intro.", "He said: yes."]]}
    phrases = [
        {"id": "p1", "start": 9, "end": 12, "quote": "yes", "speaker": "Jo_Doe"},
        {"id": "p0", "start": 0, "end": 5, "quote": "yes", "speaker": "other_pro"},
        {"id": "title", "start": 0, "end": 2, "quote": "yes", "speaker": "Jo_Doe"},
    ]
    (tmp_path / "articles" / "2010" / "t_1.json").write_text(json.dumps(article), encoding="utf-8")
    annotations = {"phrase-level-annotations": phrases}
    (tmp_path / "annotations" / "2010" / "t_1_ann.json").write_text(json.dumps(annotations), encoding="utf-8")
    ((_, text, spans),) = list(load_basil(tmp_path))
    assert [(text[s.span.start : s.span.end], s.speaker) for s in spans] == [("yes", "Jo_Doe")]


def test_speaker_names_compare_by_surname_and_words() -> None:
    assert same_speaker("Barack Obama", "Barack_Obama")
    assert same_speaker("Mr. Obama", "Barack_Obama")
    assert same_speaker("Felipe Calderón", "Felipe_Calder")  # BASIL cuts names at accents
    assert same_speaker("Obama campaign", "Obama_campaign")
    assert not same_speaker("Mitt Romney", "Barack_Obama")


# --- the real data sets (slow) ---------------------------------------------------------------------


@pytest.mark.slow
def test_polnear_dev_stays_above_the_floors(shared_path: Callable[..., Path]) -> None:
    result = evaluate_quotes(shared_path("polnear"), "dev")
    assert result["articles"] == 84
    assert result["direct"]["f1"] >= DIRECT_F1_FLOOR
    assert result["speaker_accuracy"] >= SPEAKER_ACCURACY_FLOOR
    assert result["indirect"]["f1"] >= INDIRECT_F1_FLOOR
    assert result["direct"]["f1"] > result["baseline"]["direct"]["f1"]


@pytest.mark.slow
def test_basil_speakers_stay_above_the_floors(shared_path: Callable[..., Path]) -> None:
    result = evaluate_speakers(shared_path("basil"))
    assert result["accuracy"] >= BASIL_ACCURACY_FLOOR
    assert result["coverage"] >= BASIL_COVERAGE_FLOOR
