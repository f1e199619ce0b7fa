"""Rows to domain objects and back: the conversions every store query shares."""

from __future__ import annotations

import json
import zlib
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.engine import Connection

from synoptic.model import Article, InputKind, Outlet, RawDocument
from synoptic.store.schema import articles, outlets, raw_documents


def article_query() -> Any:
    """SELECT of articles with their raw digest and source and their outlet's name and domain."""
    return select(
        articles,
        raw_documents.c.sha256.label("raw_sha256"),
        raw_documents.c.source.label("raw_source"),
        outlets.c.name.label("outlet_name"),
        outlets.c.domain.label("outlet_domain"),
    ).select_from(
        articles.join(raw_documents, articles.c.raw_id == raw_documents.c.id).outerjoin(
            outlets, articles.c.outlet_id == outlets.c.id
        )
    )


def article_from_row(row: Row[Any]) -> Article:
    """An Article from a row of ``article_query``, with the text's stored content hash and word count."""
    column = row._mapping  # by key: a third of the cost of a Row's attributes, on every article read
    return Article(
        id=column["id"],
        text=column["text"],
        title=column["title"],
        source=column["raw_source"],
        url=column["url"],
        outlet=Outlet(column["outlet_name"], column["outlet_domain"]) if column["outlet_name"] else None,
        authors=tuple(json.loads(column["authors"])),
        published=aware(column["published"]),
        language=column["language"],
        raw_sha256=column["raw_sha256"],
        ingested_at=aware(column["ingested_at"]),
    ).knowing(column["content_hash"], column["word_count"])


def raw_from_row(row: Row[Any]) -> RawDocument:
    """A RawDocument from a raw_documents row, decompressed."""
    return RawDocument(
        source=row.source,
        kind=InputKind(row.kind),
        content=zlib.decompress(row.content),
        received_at=aware(row.received_at) or datetime.now(UTC),
        url=row.url,
        outlet=row.outlet_hint,
        fields=json.loads(row.fields),
    )


def inserted_id(connection: Connection, statement: Any) -> int:
    """Run an INSERT and return the new row's primary key."""
    key = connection.execute(statement).inserted_primary_key
    assert key is not None, "an INSERT always has a primary key"
    return int(key[0])


def iso(moment: datetime | None) -> str | None:
    """A stored time as an ISO-8601 string in UTC."""
    moment = aware(moment)
    return moment.isoformat() if moment else None


def naive_utc(moment: datetime) -> datetime:
    """A time as stored: UTC without a zone (SQLite keeps no zone)."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def aware(moment: datetime | None) -> datetime | None:
    """A stored time back with its UTC zone."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment
