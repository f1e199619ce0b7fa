"""Story queries of the Store: membership, copy groups, user corrections, listings.

Story rows carry their counts and time span so that listing the newest stories reads an index,
never the whole archive; they are refreshed from their members whenever membership changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.engine import Connection

from synoptic.errors import NotFound
from synoptic.model import Article, CopyGroup, Story, StoryMember
from synoptic.store.rows import article_from_row, article_query, naive_utc
from synoptic.store.schema import articles, copies, stories, story_articles


class StoryQueries:
    """The story half of the Store (mixed into ``Store``, which provides ``engine``)."""

    engine: Engine

    def unclustered(self, limit: int = 500) -> list[Article]:
        """Articles in no story yet, oldest first (by published time, else ingest time)."""
        query = article_query().where(~articles.c.id.in_(select(story_articles.c.article_id)))
        with self.engine.connect() as connection:
            rows = connection.execute(query.order_by(articles.c.event_time, articles.c.id).limit(limit)).all()
        return [article_from_row(row) for row in rows]

    def clustered_between(self, start: datetime | None, end: datetime | None) -> list[tuple[Article, int, bool]]:
        """Articles already in a story whose time lies in [start, end) (None: unbounded), each with
        its story id and whether a user placed it there."""
        query = (
            article_query()
            .add_columns(story_articles.c.story_id, story_articles.c.pinned)
            .join(story_articles, story_articles.c.article_id == articles.c.id)
            .order_by(articles.c.event_time, articles.c.id)
        )
        if start is not None:
            query = query.where(articles.c.event_time >= naive_utc(start))
        if end is not None:
            query = query.where(articles.c.event_time < naive_utc(end))
        with self.engine.connect() as connection:
            return [(article_from_row(row), int(row.story_id), bool(row.pinned)) for row in connection.execute(query)]

    def assign(
        self,
        article_id: int,
        story_id: int | None,
        score: float,
        reason: str,
        pinned: bool = False,
        copy_group: tuple[int, Iterable[tuple[int, float]]] | None = None,
    ) -> int:
        """Put an article in a story (a new one when ``story_id`` is None); returns the story id.

        ``copy_group`` (origin id, [(member id, containment)]) records, in the same transaction, the
        wire-copy group the article was found in, so an interrupted run never keeps half a placement.
        """
        with self.engine.begin() as connection:
            placed = _assign(connection, article_id, story_id, score, reason, pinned)
            if copy_group is not None:
                _record_copies(connection, *copy_group)
            return placed

    def record_copies(self, origin_id: int, members: Iterable[tuple[int, float]]) -> None:
        """Mark ``members`` (article id, containment) as copies of the wire text ``origin_id``."""
        with self.engine.begin() as connection:
            _record_copies(connection, origin_id, members)

    def stories(self, limit: int = 50, offset: int = 0) -> list[Story]:
        """Stories, the most recently active first."""
        query = select(stories).order_by(stories.c.last_seen.desc(), stories.c.id.desc()).limit(limit).offset(offset)
        with self.engine.connect() as connection:
            return [_story_from_row(row) for row in connection.execute(query)]

    def story(self, story_id: int) -> Story:
        """One story; raises NotFound."""
        with self.engine.connect() as connection:
            row = connection.execute(select(stories).where(stories.c.id == story_id)).first()
        if row is None:
            raise NotFound("no such story", f"story {story_id}")
        return _story_from_row(row)

    def story_members(self, story_id: int) -> list[StoryMember]:
        """The articles of a story in time order, with how each was placed and what it copies."""
        self.story(story_id)
        query = (
            article_query()
            .add_columns(story_articles.c.score, story_articles.c.reason, story_articles.c.pinned,
                         copies.c.origin_id, copies.c.containment)
            .join(story_articles, story_articles.c.article_id == articles.c.id)
            .outerjoin(copies, copies.c.article_id == articles.c.id)
            .where(story_articles.c.story_id == story_id)
            .order_by(articles.c.event_time, articles.c.id)
        )  # fmt: skip
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return [
            StoryMember(article_from_row(row), row.score, row.reason, row.pinned, row.origin_id, row.containment)
            for row in rows
        ]

    def copy_groups(self, story_id: int) -> list[CopyGroup]:
        """The wire-copy groups among a story's articles, origin first in each."""
        groups: dict[int, list[int]] = {}
        for member in self.story_members(story_id):
            if member.copy_of is not None:
                groups.setdefault(member.copy_of, [member.copy_of]).append(member.article.id or 0)
        return [CopyGroup(origin, tuple(members)) for origin, members in sorted(groups.items())]

    def merge_stories(self, target: int, other: int) -> None:
        """Move every article of story ``other`` into ``target``: a correction that pins every
        article of the merged story, so re-clustering never takes the two apart again."""
        self.story(target)
        self.story(other)
        with self.engine.begin() as connection:
            connection.execute(
                update(story_articles)
                .where(story_articles.c.story_id == other)
                .values(story_id=target, pinned=True, reason=f"merged from story {other} by a user")
            )
            connection.execute(update(story_articles).where(story_articles.c.story_id == target).values(pinned=True))
            _refresh(connection, [target, other])

    def settle_story(self, absorbed: int, into: int) -> None:
        """Clustering found story ``absorbed`` to be part of ``into``: move its articles there,
        except those a user placed."""
        with self.engine.begin() as connection:
            connection.execute(
                update(story_articles)
                .where(story_articles.c.story_id == absorbed, ~story_articles.c.pinned)
                .values(story_id=into)
            )
            _refresh(connection, [absorbed, into])

    def move_article(self, article_id: int, story_id: int) -> None:
        """Move one article into another story (a pinned correction)."""
        self.story(story_id)
        with self.engine.begin() as connection:
            _require_article(connection, article_id)
            _assign(connection, article_id, story_id, 1.0, "moved by a user", pinned=True)

    def split_story(self, story_id: int, article_ids: list[int]) -> int:
        """Move ``article_ids`` out of a story into a new one (pinned); returns the new story id."""
        members = {m.article.id for m in self.story_members(story_id)}
        strangers = [a for a in article_ids if a not in members]
        if strangers:
            raise NotFound(f"articles {strangers} are not in this story", f"story {story_id}")
        with self.engine.begin() as connection:
            new_id = _assign(connection, article_ids[0], None, 1.0, f"split from story {story_id} by a user", True)
            for article_id in article_ids[1:]:
                _assign(connection, article_id, new_id, 1.0, f"split from story {story_id} by a user", True)
        return new_id

    def unassign_unpinned(self, since: datetime | None = None) -> int:
        """Take every article (published at or after ``since``) out of its story unless a user
        placed it; returns how many were taken out."""
        chosen = select(story_articles.c.article_id).where(~story_articles.c.pinned)
        if since is not None:
            chosen = chosen.join(articles, articles.c.id == story_articles.c.article_id).where(
                articles.c.event_time >= naive_utc(since)
            )
        with self.engine.begin() as connection:
            ids = [row[0] for row in connection.execute(chosen)]
            affected = _story_ids_of(connection, ids)
            for start in range(0, len(ids), 500):
                batch = ids[start : start + 500]
                connection.execute(delete(story_articles).where(story_articles.c.article_id.in_(batch)))
                connection.execute(delete(copies).where(copies.c.article_id.in_(batch)))
            _refresh(connection, affected)
        return len(ids)


def _assign(connection: Connection, article_id: int, story_id: int | None, score: float, reason: str,
            pinned: bool) -> int:  # fmt: skip
    previous = _story_ids_of(connection, [article_id])
    if story_id is None:
        story_id = _new_story(connection, article_id)
    connection.execute(delete(story_articles).where(story_articles.c.article_id == article_id))
    connection.execute(
        insert(story_articles).values(
            article_id=article_id, story_id=story_id, score=score, reason=reason, pinned=pinned
        )
    )
    _refresh(connection, [story_id, *previous])
    return story_id


def _record_copies(connection: Connection, origin_id: int, members: Iterable[tuple[int, float]]) -> None:
    for article_id, containment in members:
        if article_id == origin_id:
            continue
        connection.execute(delete(copies).where(copies.c.article_id == article_id))
        connection.execute(insert(copies).values(article_id=article_id, origin_id=origin_id, containment=containment))
    connection.execute(delete(copies).where(copies.c.article_id == origin_id))


def _new_story(connection: Connection, article_id: int) -> int:
    row = connection.execute(select(articles.c.title, articles.c.event_time).where(articles.c.id == article_id)).one()
    now = datetime.now(UTC).replace(tzinfo=None)
    values = {"title": row.title, "first_seen": row.event_time, "last_seen": row.event_time, "articles": 0,
              "outlets": 0, "updated_at": now}  # fmt: skip
    key = connection.execute(insert(stories).values(**values)).inserted_primary_key
    assert key is not None, "an INSERT always has a primary key"
    return int(key[0])


def _story_ids_of(connection: Connection, article_ids: list[int]) -> list[int]:
    found: set[int] = set()
    for start in range(0, len(article_ids), 500):
        batch = article_ids[start : start + 500]
        query = select(story_articles.c.story_id).where(story_articles.c.article_id.in_(batch)).distinct()
        found.update(int(row[0]) for row in connection.execute(query))
    return sorted(found)


def _refresh(connection: Connection, story_ids: Iterable[int]) -> None:
    """Recompute each story's counts, span and title from its members; delete empty stories."""
    for story_id in sorted(set(story_ids)):
        members = articles.join(story_articles, story_articles.c.article_id == articles.c.id)
        summary = connection.execute(
            select(func.count(), func.count(articles.c.outlet_id.distinct()), func.min(articles.c.event_time),
                   func.max(articles.c.event_time))
            .select_from(members).where(story_articles.c.story_id == story_id)
        ).one()  # fmt: skip
        if summary[0] == 0:
            connection.execute(delete(stories).where(stories.c.id == story_id))
            continue
        first = connection.execute(
            select(articles.c.title).select_from(members).where(story_articles.c.story_id == story_id)
            .order_by(articles.c.event_time, articles.c.id).limit(1)
        ).scalar_one()  # fmt: skip
        connection.execute(
            update(stories).where(stories.c.id == story_id).values(
                title=first, articles=summary[0], outlets=summary[1], first_seen=summary[2], last_seen=summary[3],
                updated_at=datetime.now(UTC).replace(tzinfo=None))
        )  # fmt: skip


def _require_article(connection: Connection, article_id: int) -> None:
    if connection.scalar(select(articles.c.id).where(articles.c.id == article_id)) is None:
        raise NotFound("no such article", f"article {article_id}")


def _story_from_row(row: Any) -> Story:
    return Story(
        id=row.id,
        title=row.title,
        first_seen=row.first_seen.replace(tzinfo=UTC),
        last_seen=row.last_seen.replace(tzinfo=UTC),
        articles=row.articles,
        outlets=row.outlets,
    )
