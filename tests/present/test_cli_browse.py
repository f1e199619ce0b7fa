"""The reading commands and `reextract`, in process, on the seeds and a BASIL triplet."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from synoptic.present.cli import app

runner = CliRunner()


def invoke(*args: str) -> Any:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def db(tmp_path: Path, seeds: list[Path], shared_path: Any) -> str:
    path = str(tmp_path / "s.db")
    triplet = sorted(shared_path("basil", "articles", "2016").glob("*.json"))[:3]
    invoke("ingest", "--db", path, "--quiet", *map(str, seeds), *map(str, triplet))
    return path


def test_articles_json_lists_every_article_with_its_id_and_no_text(db: str) -> None:
    listing = json.loads(invoke("articles", "--db", db, "--json").stdout)
    assert len(listing) == 5
    assert all(isinstance(article["id"], int) and "text" not in article for article in listing)
    dated = [article["published"] for article in listing if article["published"]]
    assert dated == sorted(dated, reverse=True)


def test_articles_filter_by_outlet_and_language(db: str) -> None:
    outlets = json.loads(invoke("outlets", "--db", db, "--json").stdout)
    assert sorted(o["articles"] for o in outlets) == [1, 1, 1]
    name = outlets[0]["name"]
    only = json.loads(invoke("articles", "--db", db, "--json", "--outlet", name).stdout)
    assert [a["outlet"] for a in only] == [name]
    assert json.loads(invoke("articles", "--db", db, "--json", "--language", "fr").stdout) == []


def test_article_json_has_the_text_and_the_table_view_shows_the_title(db: str, seeds: list[Path]) -> None:
    listing = json.loads(invoke("articles", "--db", db, "--json").stdout)
    seed = next(a for a in listing if a["source"] == str(seeds[0]))
    one = json.loads(invoke("article", str(seed["id"]), "--db", db, "--json").stdout)
    assert one["text"].startswith("China and Russia")
    assert one["title"] in invoke("article", str(seed["id"]), "--db", db).stdout
    assert invoke("article", str(seed["id"]), "--db", db, "--raw").stdout.startswith("Accessibility links")


def test_stats_count_what_is_stored(db: str) -> None:
    stats = json.loads(invoke("stats", "--db", db, "--json").stdout)
    assert stats["articles"] == 5
    assert stats["languages"] == {"en": 5}
    assert stats["undated"] == 2  # the two seeds carry no date


def test_reextract_rewrites_in_place_and_keeps_ids(db: str) -> None:
    before = json.loads(invoke("articles", "--db", db, "--json").stdout)
    summary = json.loads(invoke("reextract", "--db", db, "--json").stdout)
    assert (summary["stored"], summary["failed"]) == (5, 0)
    after = json.loads(invoke("articles", "--db", db, "--json").stdout)
    assert [(a["id"], a["content_hash"]) for a in after] == [(a["id"], a["content_hash"]) for a in before]
    stale = json.loads(invoke("reextract", "--db", db, "--json", "--stale").stdout)
    assert stale["stored"] == 0  # everything is already at the current extractor version
