"""`synoptic stories`, `story`, the corrections and `recluster`, in process, on real articles."""

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


def as_json(*args: str) -> Any:
    return json.loads(invoke(*args, "--json").stdout)


@pytest.fixture
def db(tmp_path: Path, shared_path: Any) -> str:
    """The ten BASIL triplets of 2016 (ten events, three outlets each), ingested and clustered."""
    path = str(tmp_path / "s.db")
    files = sorted(shared_path("basil", "articles", "2016").glob("*.json"))
    report = as_json("ingest", "--db", path, *map(str, files))
    assert report["stored"] == 30
    assert report["clustering"]["articles"] == 30
    return path


def test_stories_lists_the_newest_first_with_counts(db: str) -> None:
    stories = as_json("stories", "--db", db)
    assert {s["articles"] for s in stories} == {3}
    assert {s["outlets"] for s in stories} == {3}
    assert [s["last_seen"] for s in stories] == sorted((s["last_seen"] for s in stories), reverse=True)
    table = invoke("stories", "--db", db).stdout
    assert stories[0]["title"].split()[0] in table


def test_story_shows_its_articles_in_time_order_with_how_they_were_placed(db: str) -> None:
    story_id = as_json("stories", "--db", db)[0]["id"]
    shown = as_json("story", str(story_id), "--db", db)
    assert shown == as_json("story", "show", str(story_id), "--db", db)
    times = [m["published"] for m in shown["members"]]
    assert times == sorted(times)
    assert shown["members"][0]["reason"].startswith("new story")
    assert all(not m["pinned"] for m in shown["members"])
    assert shown["copies"] == []


def test_corrections_from_the_command_line_survive_recluster(db: str) -> None:
    first, second, third, *_ = (s["id"] for s in as_json("stories", "--db", db))
    moved = as_json("story", str(first), "--db", db)["members"][0]["id"]
    invoke("story", "move", str(moved), str(second), "--db", db)
    invoke("story", "merge", str(second), str(third), "--db", db)
    assert as_json("story", str(second), "--db", db)["articles"] == 7
    result = as_json("recluster", "--db", db)
    assert result["released"] == 30 - 7  # all but the second story, whose articles a user placed
    members = as_json("story", str(second), "--db", db)["members"]
    assert moved in {m["id"] for m in members}
    assert sum(1 for m in members if m["pinned"]) == 7


def test_a_missing_story_is_one_clear_error(db: str) -> None:
    result = runner.invoke(app, ["story", "999", "--db", db])
    assert result.exit_code != 0
    assert "story 999" in str(result.exception) or "story 999" in result.output
