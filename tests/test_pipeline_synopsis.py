"""`pipeline.story_synopsis` on both databases: the seeds' story compared from the store, its
article analyses and its synopsis kept, and redone only when the story changes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from synoptic import pipeline
from synoptic.analyze.article import ANALYZER_VERSION
from synoptic.errors import NotFound
from synoptic.settings import Settings
from synoptic.store import Store

SCHEMA = Path(__file__).resolve().parents[1] / "docs" / "synopsis.schema.json"
pytestmark = pytest.mark.slow  # loads spaCy and MiniLM


@pytest.fixture
def seeded(db_url: str, seeds: list[Path]) -> Iterator[tuple[Store, int]]:
    """A store holding the two seed reports, clustered into their one story."""
    settings = Settings(db=db_url)
    with Store.open(db_url) as store:
        assert pipeline.ingest([str(s) for s in seeds], store, settings).stored == 2
        pipeline.cluster(store, settings)
        (story,) = store.stories()
        yield store, story.id


def test_a_stored_story_is_compared_then_served_from_the_cache(
    seeded: tuple[Store, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, story_id = seeded
    settings = Settings(db="unused")
    synopsis = pipeline.story_synopsis(store, story_id, settings)
    jsonschema.validate(synopsis, json.loads(SCHEMA.read_text(encoding="utf-8")))
    oshima = [g for g in synopsis["quotes"] if any("quick glance" in v["text"] for v in g["variants"])]
    assert len(oshima) == 1
    assert oshima[0]["speaker"]["name"] == "Kenzo Oshima"
    assert len({v["article"] for v in oshima[0]["variants"]}) == 2
    assert any(c["kind"] == "characterisation" for c in synopsis["conflicts"])
    hashes = [m.article.content_hash for m in store.story_members(story_id)]
    assert set(store.analyses(hashes, ANALYZER_VERSION)) == set(hashes)

    def no_second_comparison(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("an unchanged story was compared again")

    monkeypatch.setattr(pipeline, "build_synopsis", no_second_comparison)
    assert pipeline.story_synopsis(store, story_id, settings) == synopsis


def test_a_changed_story_is_compared_again_from_its_stored_analyses(
    seeded: tuple[Store, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, story_id = seeded
    settings = Settings(db="unused")
    before = pipeline.story_synopsis(store, story_id, settings)
    second = store.story_members(story_id)[1].article.id or 0
    new_story = store.split_story(story_id, [second])

    def no_analysis(texts: list[str], workers: int) -> list[Any]:
        assert not texts, "stored analyses were computed again"
        return []

    monkeypatch.setattr(pipeline, "analyze_texts", no_analysis)
    alone = pipeline.story_synopsis(store, story_id, settings)
    assert len(alone["articles"]) == 1 < len(before["articles"])
    assert all(f["exclusive"] for f in alone["facts"])
    assert len(pipeline.story_synopsis(store, new_story, settings)["articles"]) == 1


def test_a_damaged_stored_analysis_is_redone(seeded: tuple[Store, int]) -> None:
    store, story_id = seeded
    member = store.story_members(story_id)[0].article
    store.save_analysis(member.content_hash, ANALYZER_VERSION, b"damaged")
    synopsis = pipeline.story_synopsis(store, story_id, Settings(db="unused"))
    assert len(synopsis["articles"]) == 2
    assert store.analyses([member.content_hash], ANALYZER_VERSION)[member.content_hash] != b"damaged"


def test_an_unknown_story_is_not_found(seeded: tuple[Store, int]) -> None:
    store, _ = seeded
    with pytest.raises(NotFound):
        pipeline.story_synopsis(store, 999, Settings(db="unused"))
