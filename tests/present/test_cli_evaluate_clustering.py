"""`synoptic evaluate clustering` and `evaluate copies` on the real corpora and on a JSONL file of
our own, with outputs anyone can rescore."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from synoptic.evaluate.clustering import load_corpora, score_partition
from synoptic.present.cli import app

runner = CliRunner()
CLUSTERING_KEYS = {"b3", "pairwise_f1", "v_measure", "stories", "gold_stories", "articles", "articles_per_second",
                   "orders"}  # fmt: skip


def run_json(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_clustering_reports_the_issue_keys_and_assignments_that_rescore(shared_path: Any, tmp_path: Path) -> None:
    basil = shared_path("basil")
    out = tmp_path / "assignments.jsonl"
    report = run_json("evaluate", "clustering", "--data", str(basil), "--orders", "1", "--assignments", str(out))
    assert set(report) >= CLUSTERING_KEYS
    assert set(report["b3"]) == {"precision", "recall", "f1"}
    assert report["orders"] == 1
    assert report["b3"]["f1"] > 0.9  # measured 0.97 on BASIL alone
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == report["articles"]
    gold = {a.item.id: a.gold for a in load_corpora([basil])}
    story = {line["id"]: line["story"] for line in lines}
    rescored = score_partition([story[i] for i in gold], list(gold.values()))
    assert abs(rescored.b3_f1 - report["b3"]["f1"]) < 1e-9


def test_copies_on_ecbplus_finds_the_silver_copy_pairs(shared_path: Any, tmp_path: Path) -> None:
    out = tmp_path / "pairs.jsonl"
    report = run_json("evaluate", "copies", "--data", str(shared_path("ecbplus")), "--pairs-out", str(out))
    assert set(report) == {"copies", "containment", "articles_per_second"}
    assert report["copies"]["precision"] >= 0.95
    assert report["copies"]["recall"] >= 0.95
    pairs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert pairs
    assert all(set(p) == {"a", "b", "origin"} for p in pairs)
    in_pairs = {p["a"] for p in pairs} | {p["b"] for p in pairs}
    assert {p["origin"] for p in pairs} <= in_pairs  # the origin of a pair's copy group is one of the copies


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# Short reports written for this test: two events, and one report copied (trimmed) from another.
HARBOUR = ("The harbour authority of Velmar closed the north quay on Monday after a crane collapsed onto a "
           "cargo ship, injuring four dock workers. Inspectors from the port safety board began examining "
           "the crane's steel frame and the company that maintained it.")  # fmt: skip
HARBOUR_2 = ("Four dock workers were hurt when a crane fell onto a cargo ship at Velmar's north quay, which the "
             "harbour authority shut on Monday while the port safety board inspects the crane.")  # fmt: skip
CHOIR = ("The Ostrava youth choir won the European choral grand prix in Tours on Sunday with a programme of "
         "Czech folk songs, the first win for the choir in its forty-year history, its conductor said.")  # fmt: skip


def test_a_generic_jsonl_file_with_labels_and_copy_of(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "mine.jsonl", [
        {"id": "a", "text": HARBOUR, "title": "Crane collapse closes Velmar quay", "label": "harbour",
         "published": "2026-03-02T09:00:00Z"},
        {"id": "b", "text": HARBOUR_2, "label": "harbour", "published": "2026-03-02T11:00:00Z"},
        {"id": "c", "text": HARBOUR, "label": "harbour", "copy_of": "a", "published": "2026-03-02T12:00:00Z"},
        {"id": "d", "text": CHOIR, "label": "choir", "published": "2026-03-03T08:00:00Z"},
    ])  # fmt: skip
    report = run_json("evaluate", "clustering", "--data", str(path), "--orders", "2")
    assert report["articles"] == 4
    assert report["gold_stories"] == 2
    copies = run_json("evaluate", "copies", "--data", str(path))
    assert copies["copies"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert copies["containment"] is None


def test_a_bad_jsonl_line_is_one_error_naming_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": "a", "text": HARBOUR, "label": "x"}) + "\n{not json\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "clustering", "--data", str(path)])
    assert result.exit_code != 0
    assert "line 2" in str(result.exception)
    assert str(path) in str(result.exception)
