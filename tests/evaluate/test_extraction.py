"""The extraction metric on strings written here, the data-set reader, the CLI, and the real benchmark."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from synoptic.errors import EvaluationError
from synoptic.evaluate.extraction import (
    OURS,
    ExtractionReport,
    aggregate,
    compare_with_published,
    evaluate_extraction,
    load_benchmark,
    load_published_outputs,
    score_page,
    shingles,
)
from synoptic.present.cli import app

ZYTE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "zyte-extraction"
# Floor of our F1 on the 181 pages: 0.9751 measured with `synoptic evaluate extraction`
# (trafilatura 2.3.1 precision mode + the steps in synoptic/extract/html.py), minus 0.005.
EXTRACTION_F1_FLOOR = 0.970
# trafilatura 2.0.0's published F1 on the benchmark, which our metric must reproduce from its outputs.
PUBLISHED_TRAFILATURA_F1 = 0.958


# --- the metric -------------------------------------------------------------------------------


def test_shingles_are_word_four_grams_counted_with_repeats() -> None:
    assert shingles("one two three four five") == {
        ("one", "two", "three", "four"): 1,
        ("two", "three", "four", "five"): 1,
    }
    assert shingles("a b c d a b c d")[("a", "b", "c", "d")] == 2


def test_a_text_of_fewer_than_four_words_is_one_shorter_shingle_and_punctuation_is_ignored() -> None:
    assert shingles("Hello, world!") == {("Hello", "world"): 1}
    assert shingles(" ... ") == {}


def test_page_precision_and_recall_count_shared_shingles() -> None:
    score = score_page(gold="one two three four five", predicted="one two three four")
    assert (score.tp, score.fp, score.fn) == (1, 0, 1)
    assert (score.precision, score.recall) == (1.0, 0.5)


def test_repeated_shingles_match_only_as_often_as_they_occur() -> None:
    score = score_page(gold="a b c d", predicted="a b c d a b c d")
    assert (score.tp, score.fp, score.fn) == (1, 4, 0)


def test_an_exact_match_ignores_case_of_nothing_but_punctuation_and_spacing() -> None:
    assert score_page("The cat sat, quietly.", "The  cat sat quietly").exact
    assert not score_page("The cat sat quietly.", "the cat sat quietly").exact


def test_an_empty_prediction_counts_in_recall_only_and_an_empty_gold_in_precision_only() -> None:
    nothing_found = score_page(gold="one two three four five", predicted="")
    assert (nothing_found.precision, nothing_found.recall) == (None, 0.0)
    nothing_expected = score_page(gold="", predicted="one two three four")
    assert (nothing_expected.precision, nothing_expected.recall) == (0.0, None)


def test_f1_comes_from_the_macro_averaged_precision_and_recall() -> None:
    half_found = score_page(gold="a b c d e", predicted="a b c d")  # P 1.0, R 0.5
    half_extra = score_page(gold="a b c d", predicted="a b c d e")  # P 0.5, R 1.0
    scores = aggregate([half_found, half_extra, score_page(gold="a b c d e", predicted="")])
    assert scores.precision == pytest.approx(0.75)  # the empty prediction is not averaged
    assert scores.recall == pytest.approx(0.5)  # (0.5 + 1.0 + 0.0) / 3
    assert scores.f1 == pytest.approx(2 * 0.75 * 0.5 / 1.25)
    assert scores.pages == 3


# --- the data-set reader and the CLI, on a tiny benchmark written here -------------------------

ARTICLE_TEXT = [
    "The harbour authority opened a new ferry terminal on Friday after two years of building work.",
    "Passengers will be able to buy tickets at machines in the hall as well as on the ferry company's website.",
    "The old terminal on the east quay will close at the end of the month and be turned into a market hall.",
    "A regular bus will link the terminal with the railway station every fifteen minutes during the day.",
]


def _tiny_benchmark(folder: Path) -> Path:
    """Two pages with gold bodies, and published outputs of two made-up systems."""
    body = "".join(f"<p>{text}</p>" for text in ARTICLE_TEXT)
    html = f"<!DOCTYPE html><html><head><title>Terminal</title></head><body><article>{body}</article></body></html>"
    (folder / "html").mkdir(parents=True)
    truth = {}
    for page_id in ("page-a", "page-b"):
        (folder / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html.encode()))
        truth[page_id] = {"articleBody": "\n".join(ARTICLE_TEXT), "url": f"https://port.example/{page_id}"}
    (folder / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    perfect = {"version": "1.0", "output": {key: {"articleBody": item["articleBody"]} for key, item in truth.items()}}
    halves = {key: {"articleBody": ARTICLE_TEXT[0]} for key in truth}
    with tarfile.open(folder / "output_baselines.tar.xz", "w:xz") as archive:
        for name, content in (("perfect", perfect), ("halves", halves)):
            data = json.dumps(content).encode()
            member = tarfile.TarInfo(f"output/{name}.json")
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    return folder


def test_published_outputs_are_read_wrapped_or_not(tmp_path: Path) -> None:
    outputs = load_published_outputs(_tiny_benchmark(tmp_path))
    assert outputs["perfect"][0] == "1.0"
    assert outputs["halves"] == (None, {"page-a": ARTICLE_TEXT[0], "page-b": ARTICLE_TEXT[0]})


def test_a_missing_or_malformed_benchmark_is_an_evaluation_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError) as missing:
        load_benchmark(tmp_path / "nowhere")
    assert missing.value.subject == str(tmp_path / "nowhere")
    folder = _tiny_benchmark(tmp_path / "bench")
    (folder / "html" / "page-b.html.gz").unlink()
    with pytest.raises(EvaluationError, match="page-b"):
        load_benchmark(folder)
    (folder / "ground-truth.json").write_text("[1, 2", encoding="utf-8")
    with pytest.raises(EvaluationError, match="cannot read ground truth"):
        load_benchmark(folder)


def test_the_cli_prints_the_figures_as_json_with_the_published_systems(tmp_path: Path) -> None:
    folder = _tiny_benchmark(tmp_path)
    result = CliRunner().invoke(app, ["evaluate", "extraction", "--data", str(folder), "--json", "--compare"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"precision", "recall", "f1", "pages", "pages_per_second"} <= data.keys()
    assert data["pages"] == 2
    assert data["f1"] == pytest.approx(1.0)
    systems = {row["system"]: row for row in data["published"]}
    assert systems["perfect"]["f1"] == pytest.approx(1.0)
    assert systems["perfect"]["version"] == "1.0"
    assert systems["halves"]["precision"] == pytest.approx(1.0)
    assert systems["halves"]["worse_pages"] == 2


def test_the_cli_reports_a_missing_benchmark_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["evaluate", "extraction", "--data", str(tmp_path / "nowhere")])
    assert result.exit_code != 0
    assert isinstance(result.exception, EvaluationError)


# --- the real benchmark (../shared/data/zyte-extraction) ---------------------------------------


@pytest.fixture(scope="module")
def zyte_report() -> ExtractionReport:
    if not ZYTE.is_dir():
        pytest.skip("../shared/data/zyte-extraction missing")
    return evaluate_extraction(ZYTE)


def test_extraction_f1_on_the_zyte_benchmark_stays_above_its_floor(zyte_report: ExtractionReport) -> None:
    assert zyte_report.scores.pages == 181
    assert zyte_report.scores.f1 >= EXTRACTION_F1_FLOOR, zyte_report.scores


def test_our_metric_reproduces_the_published_score_of_trafilatura(zyte_report: ExtractionReport) -> None:
    systems = {row.system: row for row in compare_with_published(ZYTE, zyte_report)}
    assert len(systems) > 30
    assert OURS in systems
    assert round(systems["trafilatura"].scores.f1, 3) == PUBLISHED_TRAFILATURA_F1
