"""Ingest: every input a user names (paths, directories, URLs, feeds, archives) as raw documents.

``iter_inputs`` is the one entry point. It yields a RawDocument per article-sized item, or the
IngestError of an item that cannot be read, so one bad item never stops the batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from synoptic.errors import IngestError, SynopticError
from synoptic.ingest.feeds import iter_feed, looks_like_feed
from synoptic.ingest.fetch import Fetcher
from synoptic.ingest.files import (
    FEED_SUFFIXES,
    RECORD_SUFFIXES,
    SINGLE_DOCUMENT_SUFFIXES,
    WARC_SUFFIXES,
    iter_files,
    iter_records,
    read_document,
    single_document,
    suffix_of,
)
from synoptic.ingest.warc import iter_warc
from synoptic.model import InputKind, RawDocument
from synoptic.settings import Settings

Item = RawDocument | IngestError


def is_url(value: str) -> bool:
    """True when ``value`` is an http(s) URL rather than a path."""
    return value.lower().startswith(("http://", "https://"))


def iter_inputs(inputs: Iterable[str], settings: Settings, fetcher: Fetcher) -> Iterator[Item]:
    """Raw documents (or the error of each unreadable one) from paths, directories and URLs."""
    received_at = datetime.now(UTC)
    for value in inputs:
        if is_url(value):
            yield from _from_url(value, fetcher, received_at)
            continue
        path = Path(value)
        if not path.exists():
            yield IngestError("no such file or directory", value)
            continue
        for file in iter_files(path):
            yield from _from_file(file, settings, fetcher, received_at)


def _from_file(path: Path, settings: Settings, fetcher: Fetcher, received_at: datetime) -> Iterator[Item]:
    suffix = suffix_of(path)
    try:
        if suffix in SINGLE_DOCUMENT_SUFFIXES:
            yield single_document(path, settings.max_document_bytes, received_at)
        elif suffix in RECORD_SUFFIXES:
            yield from iter_records(path, settings.max_document_bytes, received_at)
        elif suffix in WARC_SUFFIXES:
            yield from iter_warc(path, settings.max_document_bytes, received_at)
        elif suffix in FEED_SUFFIXES:
            yield from iter_feed(read_document(path, settings.max_document_bytes), str(path), fetcher, received_at)
        else:
            yield IngestError(f"unsupported file type {suffix or '(no suffix)'!r}", str(path))
    except SynopticError as error:
        yield error if isinstance(error, IngestError) else IngestError(error.reason, error.subject)
    except OSError as error:
        yield IngestError(f"cannot read file ({error.strerror or error})", str(path))


def _from_url(url: str, fetcher: Fetcher, received_at: datetime) -> Iterator[Item]:
    try:
        fetched = fetcher.get(url)
    except IngestError as error:
        yield error
        return
    if looks_like_feed(fetched.content, fetched.content_type):
        yield from iter_feed(fetched.content, fetched.url, fetcher, received_at)
        return
    plain = (fetched.content_type or "").startswith("text/plain")
    kind = InputKind.TEXT if plain else InputKind.HTML
    yield RawDocument(url, kind, fetched.content, fetched.fetched_at, url=fetched.url)
