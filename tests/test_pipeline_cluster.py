"""`pipeline.cluster` on both databases: real articles grouped into stories at ingest, wire copies,
user corrections kept by re-clustering, odd articles placed with a reason, and warm restarts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from synoptic.pipeline import cluster, ingest
from synoptic.settings import Settings
from synoptic.store import Store


def basil_files(shared_path: Any, count: int) -> list[Path]:
    """The first ``count`` BASIL articles of 2016 (triplets: one event told by three outlets)."""
    return sorted(shared_path("basil", "articles", "2016").glob("*.json"))[:count]


def triplet(path: Path) -> str:
    return json.loads(path.read_text(encoding="utf-8"))["triplet-uuid"]


def stories_by_triplet(store: Store, files: list[Path]) -> dict[str, set[int]]:
    """For each BASIL triplet, the ids of the stories its articles were placed in."""
    story_of = {}
    for story in store.stories(limit=1000):
        for member in store.story_members(story.id):
            story_of[member.article.source] = story.id
    found: dict[str, set[int]] = {}
    for file in files:
        found.setdefault(triplet(file), set()).add(story_of[str(file)])
    return found


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        yield opened


def test_real_triplets_become_one_story_each_and_a_rerun_places_nothing(store: Store, shared_path: Any) -> None:
    files = basil_files(shared_path, 30)
    settings = Settings(db="unused")
    assert ingest([str(f) for f in files], store, settings).stored == 30
    summary = cluster(store, settings)
    assert summary.articles == 30
    placed = stories_by_triplet(store, files)
    assert len(placed) == 10
    assert all(len(stories) == 1 for stories in placed.values()), placed
    assert len({next(iter(s)) for s in placed.values()}) == 10  # ten events, ten stories
    assert sum(s.articles for s in store.stories()) == 30
    assert store.unclustered() == []
    again = cluster(store, settings)
    assert (again.articles, again.new_stories, again.settled) == (0, 0, 0)


def test_later_articles_join_the_stored_stories(store: Store, shared_path: Any) -> None:
    """A second ingest run warms the clusterer up from the stories already stored."""
    files = basil_files(shared_path, 30)
    first_run = files[::3]  # one article of each triplet
    settings = Settings(db="unused")
    ingest([str(f) for f in first_run], store, settings)
    assert cluster(store, settings).new_stories == 10
    ingest([str(f) for f in files if f not in first_run], store, settings)
    second = cluster(store, settings)
    assert second.articles == 20
    assert all(len(stories) == 1 for stories in stories_by_triplet(store, files).values())
    assert len(store.stories()) == 10


def test_corrections_survive_reclustering(store: Store, shared_path: Any) -> None:
    files = basil_files(shared_path, 30)
    settings = Settings(db="unused")
    ingest([str(f) for f in files], store, settings)
    cluster(store, settings)
    one, two, three, *_ = (next(iter(s)) for s in stories_by_triplet(store, files).values())
    moved = store.story_members(one)[0].article.id or 0
    store.move_article(moved, two)
    split_off = [m.article.id or 0 for m in store.story_members(three)][:2]
    separate = store.split_story(three, split_off)

    released = store.unassign_unpinned()
    assert released == 30 - 3
    cluster(store, settings)

    assert moved in {m.article.id for m in store.story_members(two)}
    assert {m.article.id for m in store.story_members(separate)} >= set(split_off)
    assert all(m.pinned for m in store.story_members(separate) if m.article.id in split_off)
    assert sum(s.articles for s in store.stories()) == 30


def test_a_trimmed_wire_copy_joins_its_origin_with_its_containment(
    store: Store, shared_path: Any, tmp_path: Path
) -> None:
    """The same real text, whole and cut to its first paragraphs, plus an unrelated article."""
    source = basil_files(shared_path, 4)
    record = json.loads(source[0].read_text(encoding="utf-8"))
    paragraphs = [" ".join(sentences) for sentences in record["body-paragraphs"]]
    full, trimmed = tmp_path / "full.txt", tmp_path / "trimmed.txt"
    full.write_text(record["title"] + "\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    trimmed.write_text("\n\n".join(paragraphs[: max(3, len(paragraphs) // 2)]), encoding="utf-8")
    settings = Settings(db="unused")
    ingest([str(full), str(trimmed), str(source[3])], store, settings)
    summary = cluster(store, settings)
    assert summary.copies == 1
    stories = {m.article.source: s.id for s in store.stories() for m in store.story_members(s.id)}
    assert stories[str(full)] == stories[str(trimmed)] != stories[str(source[3])]
    (group,) = store.copy_groups(stories[str(full)])
    by_source = {m.article.source: m for m in store.story_members(stories[str(full)])}
    assert group.origin == by_source[str(full)].article.id  # same ingest time: the fuller text is the origin
    copy = by_source[str(trimmed)]
    assert copy.copy_of == group.origin
    assert copy.containment is not None
    assert copy.containment > 0.95
    assert copy.reason.startswith("copy of")


def test_odd_articles_are_kept_placed_and_flagged(store: Store, tmp_path: Path, shared_path: Any) -> None:
    odd = {
        "tiny.txt": "Storm closes harbour.",
        "spanish.txt": (
            "El ayuntamiento de la ciudad aprobó ayer un presupuesto nuevo para las bibliotecas públicas, "
            "que abrirán también los domingos a partir del mes que viene, según informó la alcaldesa."
        ),
        "stopwords.txt": "It is what it is, and so it was, as it had been before and will be again.",
    }
    for name, text in odd.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    settings = Settings(db="unused")
    inputs = [str(tmp_path / name) for name in odd] + [str(basil_files(shared_path, 1)[0])]
    assert ingest(inputs, store, settings).stored == 4
    assert cluster(store, settings).articles == 4
    members = {m.article.source: m for s in store.stories() for m in store.story_members(s.id)}
    assert len(members) == 4
    tiny = members[str(tmp_path / "tiny.txt")]
    assert "tiny text" in tiny.reason
    assert "no date" in tiny.reason
    assert tiny.reason.startswith("new story")
    assert "language es" in members[str(tmp_path / "spanish.txt")].reason
    assert "too few content terms" in members[str(tmp_path / "stopwords.txt")].reason


def test_no_window_setting_clusters_undated_and_dated_alike(store: Store, shared_path: Any) -> None:
    files = basil_files(shared_path, 6)
    settings = Settings(db="unused", story_window_days=0)
    ingest([str(f) for f in files], store, settings)
    cluster(store, settings)
    assert all(len(stories) == 1 for stories in stories_by_triplet(store, files).values())
