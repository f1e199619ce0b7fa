"""The Store: one object over one database, SQLite or PostgreSQL, migrated on open."""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, func, insert, select, update
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from synoptic.errors import NotFound, StoreError
from synoptic.model import Article, Outcome, Outlet, RawDocument, Status, url_key
from synoptic.store.analyses import AnalysisQueries
from synoptic.store.filters import ListingFilter
from synoptic.store.rows import (
    article_from_row,
    article_query,
    inserted_id,
    iso,
    naive_utc,
    raw_from_row,
)
from synoptic.store.schema import articles, outlets, raw_documents
from synoptic.store.search import SearchQueries
from synoptic.store.stories import StoryQueries

_MIGRATIONS = Path(__file__).parent / "migrations"
# SQLite waits this long for a lock held by another process before giving up (milliseconds).
_SQLITE_BUSY_TIMEOUT_MS = 30_000


def database_url(db: str) -> str:
    """An SQLAlchemy URL for ``db``: a URL as given, a path as an SQLite file URL."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


class Store(StoryQueries, AnalysisQueries, SearchQueries):
    """Articles, outlets and raw inputs in one database. Open with ``Store.open(db)``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, db: str) -> Store:
        """Connect to ``db`` (a path or URL) and bring its schema up to date."""
        url = database_url(db)
        try:
            engine = _create_engine(url)
            with engine.begin() as connection:
                _migrate(connection)
        except SQLAlchemyError as error:
            raise StoreError(
                f"cannot open database ({error.__class__.__name__}: {error.args[0]})", _safe(url)
            ) from error
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------

    def article_for_raw(self, sha256: str) -> int | None:
        """The id of the article extracted from the raw input with this digest, if stored."""
        with self.engine.connect() as connection:
            return _article_for_raw(connection, sha256)

    def add(self, raw: RawDocument, article: Article, version: str) -> Outcome:
        """Store ``article`` (extracted by extractor ``version``) with its raw input in one
        transaction, unless it is a duplicate of a stored one."""
        try:
            with self.engine.begin() as connection:
                duplicate = _find_duplicate(connection, raw, article)
                if duplicate:
                    return duplicate
                article_id = _insert(connection, raw, article, version)
        except IntegrityError:
            # Another writer stored the same input between our check and our insert.
            with self.engine.connect() as connection:
                duplicate = _find_duplicate(connection, raw, article)
            if duplicate is None:
                raise
            return duplicate
        return Outcome(raw.source, Status.STORED, article_id)

    def replace_extraction(self, article_id: int, article: Article, version: str) -> None:
        """Overwrite the extracted fields of a stored article (after ``reextract``)."""
        try:
            with self.engine.begin() as connection:
                values = _article_values(article, _outlet_id(connection, article.outlet), version)
                values["event_time"] = func.coalesce(values["published"], articles.c.ingested_at)
                connection.execute(update(articles).where(articles.c.id == article_id).values(**values))
        except IntegrityError as error:
            reason = "the new extraction has the same text or URL as another stored article; kept the old one"
            raise StoreError(reason, f"article {article_id}") from error

    # -- reading ---------------------------------------------------------------------------

    def article(self, article_id: int) -> Article:
        """One article by id; raises NotFound."""
        with self.engine.connect() as connection:
            row = connection.execute(article_query().where(articles.c.id == article_id)).first()
        if row is None:
            raise NotFound("no such article", f"article {article_id}")
        return article_from_row(row)

    def articles(self, where: ListingFilter = ListingFilter()) -> list[Article]:
        """Articles matching ``where``, newest first (undated ones last)."""
        query = article_query()
        if where.outlet:
            query = query.where((outlets.c.name == where.outlet) | (outlets.c.domain == where.outlet))
        if where.language:
            query = query.where(articles.c.language == where.language)
        if where.since:
            query = query.where(articles.c.published >= naive_utc(where.since))
        if where.until:
            query = query.where(articles.c.published < naive_utc(where.until))
        query = query.order_by(articles.c.published.desc().nulls_last(), articles.c.id.desc())
        with self.engine.connect() as connection:
            rows = connection.execute(query.limit(where.limit).offset(where.offset)).all()
        return [article_from_row(row) for row in rows]

    def raw_document(self, article_id: int) -> RawDocument:
        """The raw input an article was extracted from; raises NotFound."""
        query = select(raw_documents).join(articles, articles.c.raw_id == raw_documents.c.id)
        with self.engine.connect() as connection:
            row = connection.execute(query.where(articles.c.id == article_id)).first()
        if row is None:
            raise NotFound("no such article", f"article {article_id}")
        return raw_from_row(row)

    def raw_documents(self, stale_before: str | None = None) -> Iterator[tuple[int, RawDocument]]:
        """(article id, raw input) pairs, in id order; with ``stale_before``, only articles whose
        extractor version differs from it."""
        query = select(articles.c.id, raw_documents).join(raw_documents, articles.c.raw_id == raw_documents.c.id)
        if stale_before is not None:
            query = query.where(articles.c.extractor_version != stale_before)
        last = 0
        while True:  # keyset pages keep memory bounded and let the caller write between pages
            with self.engine.connect() as connection:
                rows = connection.execute(query.where(articles.c.id > last).order_by(articles.c.id).limit(200)).all()
            if not rows:
                return
            for row in rows:
                yield row.id, raw_from_row(row)
            last = rows[-1].id

    def outlets(self) -> list[tuple[Outlet, int]]:
        """Every outlet with its number of articles, most articles first."""
        count = func.count(articles.c.id)
        query = (
            select(outlets.c.name, outlets.c.domain, count.label("n"))
            .select_from(outlets.outerjoin(articles, articles.c.outlet_id == outlets.c.id))
            .group_by(outlets.c.id, outlets.c.name, outlets.c.domain)
            .order_by(count.desc(), outlets.c.name)
        )
        with self.engine.connect() as connection:
            return [(Outlet(row.name, row.domain), row.n) for row in connection.execute(query)]

    def stats(self) -> dict[str, Any]:
        """Counts and sizes of what is stored."""
        with self.engine.connect() as connection:
            scalar = connection.scalar
            languages = connection.execute(
                select(articles.c.language, func.count()).group_by(articles.c.language).order_by(func.count().desc())
            ).all()
            first, last = connection.execute(
                select(func.min(articles.c.published), func.max(articles.c.published))
            ).one()
            return {
                "articles": scalar(select(func.count()).select_from(articles)),
                "outlets": scalar(select(func.count()).select_from(outlets)),
                "words": scalar(select(func.coalesce(func.sum(articles.c.word_count), 0))),
                "raw_bytes": scalar(select(func.coalesce(func.sum(raw_documents.c.size), 0))),
                "raw_bytes_stored": scalar(select(func.coalesce(func.sum(func.length(raw_documents.c.content)), 0))),
                "languages": {language or "unknown": n for language, n in languages},
                "undated": scalar(select(func.count()).select_from(articles).where(articles.c.published.is_(None))),
                "first_published": iso(first),
                "last_published": iso(last),
            }


def _create_engine(url: str) -> Engine:
    if make_url(url).get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    path = make_url(url).database
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": _SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def _migrate(connection: Connection) -> None:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _safe(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _article_for_raw(connection: Connection, sha256: str) -> int | None:
    query = select(articles.c.id).join(raw_documents, articles.c.raw_id == raw_documents.c.id)
    return connection.scalar(query.where(raw_documents.c.sha256 == sha256))


def _find_duplicate(connection: Connection, raw: RawDocument, article: Article) -> Outcome | None:
    checks = [
        ("the same input as", _article_for_raw(connection, raw.sha256)),
        (
            "the same URL as",
            _scalar_id(connection, articles.c.url_hash == _url_hash(article.url)) if article.url else None,
        ),
        ("the same text as", _scalar_id(connection, articles.c.content_hash == article.content_hash)),
    ]
    for reason, article_id in checks:
        if article_id is not None:
            return Outcome(raw.source, Status.DUPLICATE, article_id, f"{reason} article {article_id}")
    return None


def _scalar_id(connection: Connection, condition: Any) -> int | None:
    return connection.scalar(select(articles.c.id).where(condition))


def _url_hash(url: str | None) -> str | None:
    return hashlib.sha256(url_key(url).encode()).hexdigest() if url else None


def _insert(connection: Connection, raw: RawDocument, article: Article, version: str) -> int:
    raw_id = inserted_id(
        connection,
        insert(raw_documents).values(
            sha256=raw.sha256,
            source=raw.source,
            kind=raw.kind.value,
            url=raw.url,
            outlet_hint=raw.outlet,
            fields=json.dumps(raw.fields, ensure_ascii=False, default=str),
            content=zlib.compress(raw.content, 6),
            size=len(raw.content),
            received_at=naive_utc(raw.received_at),
        ),
    )
    values = _article_values(article, _outlet_id(connection, article.outlet), version)
    ingested_at = naive_utc(datetime.now(UTC))
    values.update(raw_id=raw_id, ingested_at=ingested_at, event_time=values["published"] or ingested_at)
    return inserted_id(connection, insert(articles).values(**values))


def _article_values(article: Article, outlet_id: int | None, version: str) -> dict[str, Any]:
    return {
        "outlet_id": outlet_id,
        "url": article.url,
        "url_hash": _url_hash(article.url),
        "title": article.title,
        "authors": json.dumps(list(article.authors), ensure_ascii=False),
        "published": naive_utc(article.published) if article.published else None,
        "language": article.language,
        "text": article.text,
        "content_hash": article.content_hash,
        "word_count": article.word_count,
        "extracted_at": naive_utc(datetime.now(UTC)),
        "extractor_version": version,
    }


def _outlet_id(connection: Connection, outlet: Outlet | None) -> int | None:
    """The id of ``outlet``, created if new. An outlet is found by its name, then by its domain."""
    if outlet is None:
        return None
    found = _find_outlet(connection, outlet)
    if found is not None:
        return found
    try:
        with connection.begin_nested():
            return inserted_id(connection, insert(outlets).values(name=outlet.name, domain=outlet.domain))
    except IntegrityError:
        found = _find_outlet(connection, outlet)
        if found is None:
            raise
        return found


def _find_outlet(connection: Connection, outlet: Outlet) -> int | None:
    found = connection.scalar(select(outlets.c.id).where(outlets.c.name == outlet.name))
    if found is None and outlet.domain:
        found = connection.scalar(select(outlets.c.id).where(outlets.c.domain == outlet.domain).order_by(outlets.c.id))
    return int(found) if found is not None else None
