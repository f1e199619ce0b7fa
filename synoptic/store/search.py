"""Search and browsing queries of the Store: full-text search, filtered story listings, outlet profiles.

Full text runs on SQLite's FTS5 table ``articles_fts`` or on PostgreSQL's GIN index (migration
0004_search). Snippets come back as segments, (text, is-a-match) pairs, never as markup: whoever
shows them escapes the text and marks the matches itself, so hostile article text cannot smuggle
markup through a snippet.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, Float, Integer, Text, and_, bindparam, exists, func, select, text
from sqlalchemy.engine import Connection

from synoptic.model import Article, Story
from synoptic.store.filters import ListingFilter
from synoptic.store.rows import article_from_row, article_query, aware, naive_utc
from synoptic.store.schema import articles, copies, outlets, stories, story_articles, synopses

# Must stay the expression indexed by migration 0004_search, or PostgreSQL will not use the index.
_PG_DOCUMENT = "to_tsvector('simple', articles.title || ' ' || left(articles.text, 200000))"
# Snippet markers: control characters no extracted text keeps, split out before anything is shown.
_START, _STOP = "\x02", "\x03"
_WORD = re.compile(r"\w+")
# Words of a snippet around the matches (FTS5 counts tokens; PostgreSQL's MaxWords likewise).
_SNIPPET_WORDS = 28


@dataclass(frozen=True, kw_only=True)
class SearchFilter(ListingFilter):
    """A full-text query and the articles it may find: a listing's filter and page, with words."""

    query: str
    limit: int = 20


@dataclass(frozen=True)
class SearchHit:
    """One article found: its rank (higher is better), story, and a snippet as (text, matched) segments."""

    article: Article
    rank: float
    story_id: int | None
    snippet: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class OutletCoverage:
    """How many articles of one outlet a story has."""

    outlet: str | None
    articles: int


@dataclass(frozen=True)
class Totals:
    """What the archive holds: articles, outlets, and the span of the publication times."""

    articles: int
    outlets: int
    first_published: datetime | None
    last_published: datetime | None


@dataclass(frozen=True)
class CopyShare:
    """How much of an outlet's output is copied wire text (articles and words)."""

    articles: int
    copies: int
    words: int
    copied_words: int


# Every stored fact a story's page and synopsis are made from, in one row per article: the story, how
# each article was placed, what it copies, its outlet, and its columns but the text, which its content
# hash stands for. Built once, not per request.
_STORY_VERSION = (
    select(
        stories,
        story_articles.c.score,
        story_articles.c.reason,
        story_articles.c.pinned,
        copies.c.origin_id,
        copies.c.containment,
        outlets.c.name.label("outlet_name"),
        outlets.c.domain.label("outlet_domain"),
        *[column.label(f"article_{column.name}") for column in articles.c if column.name != "text"],
    )
    .select_from(
        stories.outerjoin(story_articles, story_articles.c.story_id == stories.c.id)
        .outerjoin(articles, articles.c.id == story_articles.c.article_id)
        .outerjoin(outlets, outlets.c.id == articles.c.outlet_id)
        .outerjoin(copies, copies.c.article_id == articles.c.id)
    )
    .where(stories.c.id == bindparam("story_id"))
    .order_by(articles.c.id)
)

# Asked on every search and home page (``views.archive_version``): built once.
_LAST_ARTICLE_ID = select(func.max(articles.c.id))


class SearchQueries:
    """The search and browsing half of the Store (mixed into ``Store``, which provides ``engine``)."""

    engine: Engine

    def story_version(self, story_id: int) -> str | None:
        """A digest of everything stored about a story and its articles (their texts by content hash):
        it changes whenever anything its page or synopsis shows may have. None when there is no such story."""
        with self.engine.connect() as connection:
            rows = connection.execute(_STORY_VERSION, {"story_id": story_id}).all()
        if not rows:
            return None
        return hashlib.sha256(repr([tuple(row) for row in rows]).encode("utf-8")).hexdigest()

    def last_article_id(self) -> int:
        """The id of the article stored last (0 when there is none): it changes whenever one is added."""
        with self.engine.connect() as connection:
            return int(connection.scalar(_LAST_ARTICLE_ID) or 0)

    def totals(self) -> Totals:
        """How many articles and outlets are stored, and the first and last publication time (indexed
        counts and extremes; ``Store.stats`` also sums sizes, reading every raw input)."""
        with self.engine.connect() as connection:
            first, last = connection.execute(
                select(func.min(articles.c.published), func.max(articles.c.published))
            ).one()
            return Totals(
                articles=int(connection.scalar(select(func.count()).select_from(articles)) or 0),
                outlets=int(connection.scalar(select(func.count()).select_from(outlets)) or 0),
                first_published=aware(first),
                last_published=aware(last),
            )

    def search(self, where: SearchFilter) -> list[SearchHit]:
        """Articles matching the words of ``where.query`` (all of them), best first, with snippets."""
        if not _WORD.search(where.query):
            return []
        with self.engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            page, params = _ranked_sqlite(where) if sqlite else _ranked_postgres(where)
            rows = connection.execute(_with_articles(page), params).all()
        return [
            SearchHit(article_from_row(row), float(row.rank), row.story_id, split_snippet(row.snippet or ""))
            for row in rows
        ]

    def find_stories(self, where: ListingFilter = ListingFilter()) -> list[Story]:
        """Stories matching ``where``, the most recently active first."""
        with self.engine.connect() as connection:
            return [_story(row) for row in connection.execute(_stories_query(where))]

    def stories_version(self, where: ListingFilter = ListingFilter()) -> str:
        """A digest of which stories ``find_stories(where)`` finds and of when each last changed (any
        change of its articles): what a listing shows of them changes only with it."""
        query = _stories_query(where).with_only_columns(stories.c.id, stories.c.updated_at)
        with self.engine.connect() as connection:
            rows = [tuple(row) for row in connection.execute(query)]
        return hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()

    def story_coverage(self, story_ids: Iterable[int]) -> dict[int, list[OutletCoverage]]:
        """For each story, its outlets with their number of articles, most first (None: no outlet known)."""
        wanted = sorted(set(story_ids))
        found: dict[int, list[OutletCoverage]] = {story_id: [] for story_id in wanted}
        count = func.count()
        query = (
            select(story_articles.c.story_id, outlets.c.name, count.label("n"))
            .select_from(
                story_articles.join(articles, articles.c.id == story_articles.c.article_id).outerjoin(
                    outlets, outlets.c.id == articles.c.outlet_id
                )
            )
            .group_by(story_articles.c.story_id, outlets.c.name)
            .order_by(story_articles.c.story_id, count.desc(), outlets.c.name)
        )
        with self.engine.connect() as connection:
            for start in range(0, len(wanted), 500):
                batch = query.where(story_articles.c.story_id.in_(wanted[start : start + 500]))
                for row in connection.execute(batch):
                    found[int(row.story_id)].append(OutletCoverage(row.name, int(row.n)))
        return found

    def story_ids_of(self, article_ids: Iterable[int]) -> dict[int, int]:
        """The story of each of these articles that is in one (article id -> story id)."""
        wanted = sorted(set(article_ids))
        found: dict[int, int] = {}
        with self.engine.connect() as connection:
            for start in range(0, len(wanted), 500):
                found.update(_story_ids(connection, wanted[start : start + 500]))
        return found

    def languages(self) -> list[tuple[str, int]]:
        """The languages of the stored articles with their counts, most first."""
        query = (
            select(articles.c.language, func.count().label("n"))
            .where(articles.c.language.is_not(None))
            .group_by(articles.c.language)
            .order_by(func.count().desc())
        )
        with self.engine.connect() as connection:
            return [(row.language, int(row.n)) for row in connection.execute(query)]

    def outlet_stories(self, outlet: str, limit: int = 100) -> list[Story]:
        """Stories with an article of ``outlet`` (name or domain), the most recently active first."""
        return self.find_stories(ListingFilter(outlet=outlet, limit=limit))

    def outlet_blindspots(self, outlet: str, limit: int = 100) -> list[tuple[Story, int]]:
        """Stories that ``outlet`` missed while at least two of its peers (outlets that share a story
        with it) covered them, with the number of those peers; most covered first, then most recent."""
        with self.engine.connect() as connection:
            own = select(story_articles.c.story_id).join(articles, articles.c.id == story_articles.c.article_id)
            own = own.join(outlets, outlets.c.id == articles.c.outlet_id).where(_is_outlet(outlet))
            peers = (
                select(articles.c.outlet_id)
                .join(story_articles, story_articles.c.article_id == articles.c.id)
                .where(story_articles.c.story_id.in_(own), articles.c.outlet_id.is_not(None))
                .distinct()
            )
            self_id = select(outlets.c.id).where(_is_outlet(outlet))
            covering = func.count(articles.c.outlet_id.distinct()).label("peers")
            query = (
                select(stories, covering)
                .select_from(
                    stories.join(story_articles, story_articles.c.story_id == stories.c.id).join(
                        articles, articles.c.id == story_articles.c.article_id
                    )
                )
                .where(
                    articles.c.outlet_id.in_(peers),
                    ~articles.c.outlet_id.in_(self_id),
                    ~stories.c.id.in_(own),
                )
                .group_by(*stories.c)
                .having(covering >= 2)
                .order_by(covering.desc(), stories.c.last_seen.desc())
                .limit(limit)
            )
            return [(_story(row), int(row.peers)) for row in connection.execute(query)]

    def outlet_copy_share(self, outlet: str) -> CopyShare:
        """How many of ``outlet``'s articles (and words) are copies of another article's wire text."""
        is_copy = articles.c.id.in_(select(copies.c.article_id))
        query = (
            select(
                func.count(),
                func.coalesce(func.sum(articles.c.word_count), 0),
                func.count().filter(is_copy),
                func.coalesce(func.sum(articles.c.word_count).filter(is_copy), 0),
            )
            .select_from(articles.join(outlets, outlets.c.id == articles.c.outlet_id))
            .where(_is_outlet(outlet))
        )
        with self.engine.connect() as connection:
            total, words, copied, copied_words = connection.execute(query).one()
        return CopyShare(int(total), int(copied), int(words), int(copied_words))

    def stored_synopses(self, story_ids: Iterable[int]) -> dict[int, bytes]:
        """The synopses kept for these stories, whatever their cache key: they may be stale (the story
        changed since), so use them only for overviews across stories, never for one story's page."""
        wanted = sorted(set(story_ids))
        found: dict[int, bytes] = {}
        with self.engine.connect() as connection:
            for start in range(0, len(wanted), 500):
                query = select(synopses.c.story_id, synopses.c.data).where(
                    synopses.c.story_id.in_(wanted[start : start + 500])
                )
                found.update((int(row.story_id), bytes(row.data)) for row in connection.execute(query))
        return found

    def synopsis_story_ids(self, limit: int = 500) -> list[int]:
        """The stories that have a kept synopsis, the most recently active first."""
        query = (
            select(synopses.c.story_id)
            .join(stories, stories.c.id == synopses.c.story_id)
            .order_by(stories.c.last_seen.desc())
            .limit(limit)
        )
        with self.engine.connect() as connection:
            return [int(row[0]) for row in connection.execute(query)]


def split_snippet(snippet: str) -> tuple[tuple[str, bool], ...]:
    """A snippet with match markers as (text, matched) segments; stray markers in the text are dropped."""
    pieces = snippet.split(_START)
    parts = [(pieces[0], False)]
    for piece in pieces[1:]:
        matched, stop, rest = piece.partition(_STOP)
        parts += [(matched, True), (rest, False)] if stop else [(piece, False)]
    segments: list[tuple[str, bool]] = []
    for part, is_match in parts:
        words = part.replace(_STOP, "")
        if not words:
            continue
        if segments and segments[-1][1] == is_match:
            words = segments.pop()[0] + words
        segments.append((words, is_match))
    return tuple(segments)


def fts5_query(query: str) -> str:
    """The words of a user's query as an FTS5 query matching all of them (no operators, no syntax errors)."""
    return " ".join(f'"{word}"' for word in _WORD.findall(query))


def _ranked_sqlite(where: SearchFilter) -> tuple[str, dict[str, Any]]:
    """The SQL of the page of hits (id, rank, snippet) and its parameters. Hits are ranked first and only
    then given snippets: a snippet costs as much as ranking, and a common word matches half the archive.
    Articles and outlets are joined only to filter."""
    conditions, params = _filter_sql(where)
    joins = "JOIN articles ON articles.id = articles_fts.rowid LEFT JOIN outlets ON outlets.id = articles.outlet_id "
    statement = (
        "WITH hits AS (SELECT articles_fts.rowid AS id, bm25(articles_fts, 4.0, 1.0) AS score FROM articles_fts "
        f"{joins if conditions else ''}WHERE articles_fts MATCH :query {conditions} "
        "ORDER BY score, id LIMIT :limit OFFSET :offset) "
        # CROSS JOIN keeps this order: each hit's snippet is looked up by its rowid.
        "SELECT hits.id, -hits.score AS rank, "
        f"snippet(articles_fts, -1, char(2), char(3), '…', {_SNIPPET_WORDS}) AS snippet "
        "FROM hits CROSS JOIN articles_fts ON articles_fts.rowid = hits.id WHERE articles_fts MATCH :query"
    )
    params.update(query=fts5_query(where.query), limit=where.limit, offset=where.offset)
    return statement, params


def _ranked_postgres(where: SearchFilter) -> tuple[str, dict[str, Any]]:
    """The SQL of the page of hits (id, rank, snippet) and its parameters, on PostgreSQL."""
    conditions, params = _filter_sql(where)
    options = f"'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords={_SNIPPET_WORDS}, MinWords=12'"
    statement = (
        "WITH hits AS ("
        f" SELECT articles.id, ts_rank({_PG_DOCUMENT}, plainto_tsquery('simple', :query)) AS rank"
        " FROM articles LEFT JOIN outlets ON outlets.id = articles.outlet_id"
        f" WHERE {_PG_DOCUMENT} @@ plainto_tsquery('simple', :query) {conditions}"
        " ORDER BY rank DESC, articles.id LIMIT :limit OFFSET :offset)"
        " SELECT hits.id, hits.rank, ts_headline('simple', left(articles.text, 200000),"
        f" plainto_tsquery('simple', :query), {options}) AS snippet"
        " FROM hits JOIN articles ON articles.id = hits.id"
    )
    params.update(query=where.query, limit=where.limit, offset=where.offset)
    return statement, params


@functools.lru_cache(maxsize=64)
def _with_articles(ranked: str) -> Any:
    """The page of hits of the SQL ``ranked`` (id, rank, snippet) in one query with each article (as
    ``article_query`` reads it) and its story, best first. Made once for each filter's SQL."""
    page = text(ranked).columns(id=Integer, rank=Float, snippet=Text).subquery("page")
    return (
        article_query()
        .add_columns(page.c.rank, page.c.snippet, story_articles.c.story_id)
        .join(page, page.c.id == articles.c.id)
        .outerjoin(story_articles, story_articles.c.article_id == articles.c.id)
        .order_by(page.c.rank.desc(), articles.c.id)
    )


def _filter_sql(where: SearchFilter) -> tuple[str, dict[str, Any]]:
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if where.outlet:
        clauses.append("AND (outlets.name = :outlet OR outlets.domain = :outlet)")
        params["outlet"] = where.outlet
    if where.language:
        clauses.append("AND articles.language = :language")
        params["language"] = where.language
    if where.since:
        clauses.append("AND articles.event_time >= :since")
        params["since"] = naive_utc(where.since)
    if where.until:
        clauses.append("AND articles.event_time < :until")
        params["until"] = naive_utc(where.until)
    return " ".join(clauses), params


def _stories_query(where: ListingFilter) -> Any:
    """The SELECT of the stories matching ``where``, the most recently active first."""
    query = select(stories)
    if where.since:
        query = query.where(stories.c.last_seen >= naive_utc(where.since))
    if where.until:
        query = query.where(stories.c.first_seen < naive_utc(where.until))
    if where.outlet or where.language:
        member = articles.join(story_articles, story_articles.c.article_id == articles.c.id).outerjoin(
            outlets, outlets.c.id == articles.c.outlet_id
        )
        conditions = [story_articles.c.story_id == stories.c.id]
        if where.outlet:
            conditions.append(_is_outlet(where.outlet))
        if where.language:
            conditions.append(articles.c.language == where.language)
        query = query.where(exists(select(1).select_from(member).where(and_(*conditions))))
    return query.order_by(stories.c.last_seen.desc(), stories.c.id.desc()).limit(where.limit).offset(where.offset)


def _story_ids(connection: Connection, article_ids: list[int]) -> dict[int, int]:
    if not article_ids:
        return {}
    query = select(story_articles.c.article_id, story_articles.c.story_id).where(
        story_articles.c.article_id.in_(article_ids)
    )
    return {int(row.article_id): int(row.story_id) for row in connection.execute(query)}


def _is_outlet(outlet: str) -> Any:
    return (outlets.c.name == outlet) | (outlets.c.domain == outlet)


def _story(row: Any) -> Story:
    return Story(row.id, row.title, row.first_seen.replace(tzinfo=UTC), row.last_seen.replace(tzinfo=UTC),
                 row.articles, row.outlets)  # fmt: skip
