"""Clustering and copy evaluation: metrics on hand-computed partitions, the data-set readers on
small layouts written here, and (slow) the targets on the real training sets in ../shared."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest

from synoptic.errors import EvaluationError
from synoptic.evaluate.clustering import (
    evaluate_clustering,
    load_corpora,
    load_corpus,
    resolve_merges,
    score_partition,
    shuffled,
)
from synoptic.evaluate.copies import evaluate_copies, score_pairs

# Floors of the slow tests: the figure measured (mean of 5 seeded orders, seed 0) minus a margin
# of ~0.01 for order-to-order spread. Measured with evaluate_clustering / evaluate_copies, see
# the final report of the "Stories" issue; raise them when the method improves.
ECBPLUS_B3_F1_FLOOR = 0.935  # measured 0.943; issue target 0.95 (not met)
BASIL_NEWSWCL_B3_F1_FLOOR = 0.975  # measured 0.988; issue target 0.97
ALL_THREE_B3_F1_FLOOR = 0.945  # measured 0.955; issue target 0.95
COPY_PRECISION_FLOOR = 0.99  # measured 1.000 (13 of 13 pairs, no false pair); target 0.95
COPY_RECALL_FLOOR = 0.99  # measured 1.000; target 0.95

REPORT_KEYS = {
    "b3",
    "pairwise_f1",
    "v_measure",
    "stories",
    "gold_stories",
    "articles",
    "articles_per_second",
    "orders",
}


# --- metrics ----------------------------------------------------------------------------------


def test_metrics_of_a_hand_computed_partition() -> None:
    # gold a a a b b, predicted 1 1 2 2 2
    scores = score_partition([1, 1, 2, 2, 2], ["a", "a", "a", "b", "b"])
    # B³ precision: (1 + 1 + 1/3 + 2/3 + 2/3) / 5; recall: (2/3 + 2/3 + 1/3 + 1 + 1) / 5
    assert scores.b3_precision == pytest.approx(11 / 15)
    assert scores.b3_recall == pytest.approx(11 / 15)
    assert scores.b3_f1 == pytest.approx(11 / 15)
    # pairs predicted {12, 34, 35, 45}, gold {12, 13, 23, 45}: 2 shared of 4 and 4
    assert scores.pairwise_f1 == pytest.approx(0.5)
    # H(gold) = H(pred) = -(3/5 ln 3/5 + 2/5 ln 2/5); H(gold|pred) = H(pred|gold) = -(1/5 ln 1/3 + 2/5 ln 2/3)
    entropy = -(0.6 * math.log(0.6) + 0.4 * math.log(0.4))
    conditional = -(0.2 * math.log(1 / 3) + 0.4 * math.log(2 / 3))
    assert scores.v_measure == pytest.approx(1 - conditional / entropy)
    assert (scores.stories, scores.gold_stories) == (2, 2)


def test_a_perfect_partition_scores_one_whatever_its_labels() -> None:
    scores = score_partition([7, 7, 3], ["x", "x", "y"])
    assert (scores.b3_f1, scores.pairwise_f1, scores.v_measure) == (1.0, 1.0, 1.0)


def test_everything_in_one_story() -> None:
    scores = score_partition([1, 1, 1, 1], ["a", "a", "b", "b"])
    assert (scores.b3_precision, scores.b3_recall) == (0.5, 1.0)
    assert scores.v_measure == 0.0  # homogeneity 0, completeness 1


def test_singletons() -> None:
    scores = score_partition([1, 2, 3, 4], ["a", "a", "b", "b"])
    assert (scores.b3_precision, scores.b3_recall, scores.pairwise_f1) == (1.0, 0.5, 0.0)


def test_merges_are_followed_in_order() -> None:
    assert resolve_merges({"x": 1, "y": 2, "z": 3}, [(2, 1), (1, 3)]) == {"x": 3, "y": 3, "z": 3}


def test_copy_pairs_in_the_ignored_kind_count_for_neither_side() -> None:
    def pair(a: str, b: str) -> frozenset[str]:
        return frozenset((a, b))

    predicted = {pair("a", "b"), pair("c", "d"), pair("e", "f")}
    scores = score_pairs(predicted, gold={pair("a", "b"), pair("g", "h")}, ignore={pair("c", "d")})
    assert scores["precision"] == 0.5  # a-b right, e-f wrong, c-d ignored
    assert scores["recall"] == 0.5


# --- readers ----------------------------------------------------------------------------------


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


QUAKE = (
    "A strong earthquake struck the coastal town of Valdoria on Tuesday; Mayor Ines Farro said dozens "
    "of people were missing."
)
QUAKE_2 = "Rescuers in Valdoria searched the harbour district after Tuesday's earthquake, Mayor Ines Farro said."
TOUR = "The Lindholm Chamber Orchestra will tour seven cities this winter with a new symphony by Aster Quill."
TOUR_2 = "Tickets for the Lindholm Chamber Orchestra's winter tour, with Aster Quill's new symphony, go on sale."


def generic_corpus(tmp_path: Path) -> Path:
    return write_jsonl(
        tmp_path / "corpus.jsonl",
        [
            {"id": "q1", "text": QUAKE, "gold": "quake", "published": "2024-03-05T08:00:00Z", "outlet": "A"},
            {"id": "t1", "text": TOUR, "gold": "tour", "published": "2024-03-05"},
            {"id": "q2", "text": QUAKE_2, "title": "Valdoria quake", "gold": "quake"},
            {"id": "t2", "text": TOUR_2, "label": "tour", "published": "2024-03-06T10:00:00+01:00"},
            {"id": "q3", "text": QUAKE, "gold": "quake", "copy_of": "q1", "published": "2024-03-05T09:00:00Z"},
        ],
    )


def test_the_generic_reader(tmp_path: Path) -> None:
    articles = load_corpus(generic_corpus(tmp_path))
    assert [a.item.id for a in articles] == ["q1", "t1", "q2", "t2", "q3"]
    assert [a.gold for a in articles] == ["quake", "tour", "quake", "tour", "quake"]
    assert articles[0].item.published is not None
    assert articles[0].item.published.tzinfo is not None
    assert articles[1].item.published is not None
    assert articles[1].item.published.tzinfo is not None
    assert articles[2].item.title == "Valdoria quake"
    assert articles[2].item.published is None
    assert articles[4].copy_of == "q1"


def test_the_ecbplus_reader(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "ecbplus_docs.jsonl",
        [{"doc_id": "1_1ecb", "topic": 1, "subtopic": "1ecb", "text": QUAKE, "title_guess": QUAKE}],
    )
    [article] = load_corpus(tmp_path)
    assert (article.item.id, article.gold, article.item.title) == ("1_1ecb", "1ecb", QUAKE)


def test_the_basil_reader(tmp_path: Path) -> None:
    folder = tmp_path / "articles" / "2016"
    folder.mkdir(parents=True)
    record: dict[str, object] = {"triplet-uuid": "t-1", "title": "Quake", "date": "2016-05-01", "source": "nyt"}
    record["body-paragraphs"] = [[QUAKE], [QUAKE_2, TOUR]]
    (folder / "t-1_1.json").write_text(json.dumps(record), encoding="utf-8")
    [article] = load_corpus(tmp_path)
    assert (article.item.id, article.gold, article.item.outlet) == ("t-1_1", "t-1", "nyt")
    assert article.item.text == f"{QUAKE}\n{QUAKE_2} {TOUR}"
    assert article.item.published is not None
    assert article.item.published.year == 2016


def test_the_newswcl50_reader_reads_dates_from_the_urls(tmp_path: Path) -> None:
    for event, outlet in (("event_0", "L"), ("event_4", "M")):
        folder = tmp_path / "1-raw-articles" / event
        folder.mkdir(parents=True)
        suffix = ".txt.txt" if event == "event_4" else ".txt"
        (folder / f"{event[-1]}_{outlet}{suffix}").write_text(QUAKE, encoding="utf-8")
    urls = "Event ID\tOutlet\tURL\n0\tL\thttps://www.example.com/2018/04/17/quake.html\n4\tM\thttps://x.org/a\n"
    (tmp_path / "urls.tsv").write_text(urls, encoding="utf-8")
    first, second = load_corpus(tmp_path)
    assert (first.item.id, first.gold, first.item.outlet) == ("0_L", "event_0", "example.com")
    assert first.item.published is not None
    assert first.item.published.isoformat().startswith("2018-04-17")
    assert (second.item.id, second.item.published) == ("4_M", None)


def test_gold_labels_are_kept_apart_per_corpus(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    a = write_jsonl(tmp_path / "one" / "a.jsonl", [{"id": "x", "text": QUAKE, "gold": "e1"}])
    b = write_jsonl(tmp_path / "two" / "b.jsonl", [{"id": "y", "text": TOUR, "gold": "e1"}])
    golds = {article.gold for article in load_corpora([a, b])}
    assert len(golds) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json\n", "line 1: not JSON"),
        ('["a list"]\n', "line 1: not a JSON object"),
        ('{"id": "a"}\n', "line 1: missing field 'text'"),
        ('{"id": "a", "text": "t", "published": "last week"}\n', "not an ISO 8601 date"),
        ("\n", "no articles found"),
    ],
)
def test_malformed_data_is_an_evaluation_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(EvaluationError, match=message) as caught:
        load_corpus(path)
    assert caught.value.subject == str(path)


def test_missing_data_and_duplicate_ids_are_evaluation_errors(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="no such file"):
        load_corpus(tmp_path / "absent")
    corpus = generic_corpus(tmp_path)
    with pytest.raises(EvaluationError, match="occurs more than once"):
        load_corpora([corpus, corpus])


def test_orders_are_seeded() -> None:
    assert shuffled(list(range(20)), seed=0, order=1) == shuffled(list(range(20)), seed=0, order=1)  # type: ignore[arg-type]
    assert shuffled(list(range(20)), seed=0, order=1) != shuffled(list(range(20)), seed=0, order=2)  # type: ignore[arg-type]


# --- the runners --------------------------------------------------------------------------------


def test_evaluate_clustering_reports_the_documented_fields(tmp_path: Path) -> None:
    out = tmp_path / "assignments.jsonl"
    report = evaluate_clustering([generic_corpus(tmp_path)], orders=2, assignments_out=out)
    assert set(report) >= REPORT_KEYS
    assert set(report["b3"]) == {"precision", "recall", "f1"}
    assert (report["articles"], report["gold_stories"], report["orders"]) == (5, 2, 2)
    assert report["b3"]["f1"] == 1.0
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(line["id"] for line in lines) == ["q1", "q2", "q3", "t1", "t2"]
    assert {line["id"]: line["story"] for line in lines}["q1"] == {line["id"]: line["story"] for line in lines}["q2"]


def test_evaluate_clustering_needs_an_order(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="orders"):
        evaluate_clustering([generic_corpus(tmp_path)], orders=0)


def test_evaluate_copies_on_copy_of_links(tmp_path: Path) -> None:
    out = tmp_path / "pairs.jsonl"
    report = evaluate_copies(generic_corpus(tmp_path), pairs_out=out)
    assert report["copies"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert report["containment"] is None
    assert [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] == [
        {"a": "q1", "b": "q3", "origin": "q1"}
    ]


def test_evaluate_copies_needs_copy_links(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "a", "text": QUAKE}])
    with pytest.raises(EvaluationError, match="copy_of"):
        evaluate_copies(corpus)


# --- the targets on the real training sets ------------------------------------------------------

SharedPath = Callable[..., Path]


@pytest.mark.slow
def test_ecbplus_clustering(shared_path: SharedPath) -> None:
    report = evaluate_clustering([shared_path("ecbplus")])
    assert report["b3"]["f1"] >= ECBPLUS_B3_F1_FLOOR


@pytest.mark.slow
def test_basil_and_newswcl50_clustering(shared_path: SharedPath) -> None:
    report = evaluate_clustering([shared_path("basil"), shared_path("newswcl50")])
    assert report["b3"]["f1"] >= BASIL_NEWSWCL_B3_F1_FLOOR


@pytest.mark.slow
def test_all_three_corpora_clustered_together(shared_path: SharedPath) -> None:
    report = evaluate_clustering([shared_path("ecbplus"), shared_path("basil"), shared_path("newswcl50")])
    assert report["b3"]["f1"] >= ALL_THREE_B3_F1_FLOOR


@pytest.mark.slow
def test_ecbplus_copy_pairs(shared_path: SharedPath) -> None:
    report = evaluate_copies(shared_path("ecbplus"))
    assert report["copies"]["precision"] >= COPY_PRECISION_FLOOR
    assert report["copies"]["recall"] >= COPY_RECALL_FLOOR
    assert report["containment"]["precision"] >= COPY_PRECISION_FLOOR
