"""Story membership, copy groups and user corrections on both databases."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from synoptic.errors import NotFound
from synoptic.pipeline import ingest
from synoptic.settings import Settings
from synoptic.store import Store


@pytest.fixture
def store(db_url: str, shared_path: Any) -> Any:
    """Six real articles (two BASIL triplets), in no story yet."""
    files = sorted(shared_path("basil", "articles", "2016").glob("*.json"))[:6]
    with Store.open(db_url) as opened:
        summary = ingest([str(f) for f in files], opened, Settings(db=db_url))
        assert summary.stored == 6
        yield opened


def ids(store: Store) -> list[int]:
    return [article.id or 0 for article in store.unclustered()]


def test_assigning_creates_stories_with_counts_span_and_title(store: Store) -> None:
    a, b, c, *_ = ids(store)
    first = store.assign(a, None, 1.0, "new story")
    assert store.assign(b, first, 0.8, "matched") == first
    second = store.assign(c, None, 1.0, "new story")
    story = store.story(first)
    assert story.articles == 2
    assert story.title == store.article(a).title
    assert {s.id for s in store.stories()} == {first, second}
    assert [m.article.id for m in store.story_members(first)] == sorted(
        [a, b], key=lambda i: store.article(i).published
    )
    assert len(store.unclustered()) == 3


def test_merge_move_split_are_pinned_and_survive_unassigning(store: Store) -> None:
    a, b, c, d, e, f = ids(store)
    one = store.assign(a, None, 1.0, "new")
    store.assign(b, one, 0.9, "matched")
    two = store.assign(c, None, 1.0, "new")
    store.assign(d, two, 0.9, "matched")
    store.merge_stories(one, two)
    with pytest.raises(NotFound):
        store.story(two)
    assert store.story(one).articles == 4
    three = store.assign(e, None, 1.0, "new")
    store.move_article(f, three)
    new = store.split_story(one, [c, d])
    assert {m.article.id for m in store.story_members(new)} == {c, d}
    taken_out = store.unassign_unpinned()
    assert taken_out == 1  # e, placed by the clusterer; a, b (merged), c, d (split) and f (moved) stay
    assert {m.article.id for m in store.story_members(one)} == {a, b}
    assert {m.article.id for m in store.story_members(new)} == {c, d}
    assert {m.article.id for m in store.story_members(three)} == {f}


def test_unassigning_since_a_date_keeps_older_placements(store: Store) -> None:
    articles = store.unclustered()
    story = store.assign(articles[0].id or 0, None, 1.0, "new")
    for article in articles[1:]:
        store.assign(article.id or 0, story, 0.5, "matched")
    cutoff = articles[3].published or datetime.now(UTC)
    kept = [a for a in articles if (a.published or cutoff) < cutoff]
    store.unassign_unpinned(since=cutoff)
    assert store.story(story).articles == len(kept)


def test_copy_groups_name_their_origin(store: Store) -> None:
    a, b, c, *_ = ids(store)
    story = store.assign(a, None, 1.0, "new")
    store.assign(b, story, 1.0, "copy")
    store.assign(c, story, 1.0, "copy")
    store.record_copies(a, [(b, 0.97), (c, 0.85)])
    (group,) = store.copy_groups(story)
    assert group.origin == a
    assert set(group.members) == {a, b, c}
    members = {m.article.id: m for m in store.story_members(story)}
    assert members[b].copy_of == a
    assert members[c].containment == 0.85


def test_corrections_on_missing_things_are_not_found(store: Store) -> None:
    a, *_ = ids(store)
    story = store.assign(a, None, 1.0, "new")
    with pytest.raises(NotFound, match="no such story"):
        store.move_article(a, 9999)
    with pytest.raises(NotFound, match="no such article"):
        store.move_article(9999, story)
    with pytest.raises(NotFound, match="not in this story"):
        store.split_story(story, [9999])
