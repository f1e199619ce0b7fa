"""Feeds (RSS, Atom, RDF): each entry becomes one raw document.

An entry with a link is fetched (through the Fetcher and its guard); an entry without a link
but with its text in the feed (content:encoded, Atom content, summary) becomes a document of
that HTML. feedparser only ever sees bytes: it fetches nothing, and its SAX parser has
external entities turned off.
"""

from __future__ import annotations

import calendar
import codecs
import html
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from synoptic.errors import IngestError
from synoptic.ingest.fetch import Fetcher
from synoptic.model import InputKind, RawDocument

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/rss"})
# How much of a document is read to find its root element.
SNIFF_BYTES = 4096
# What may precede the root element: whitespace, the XML declaration, processing instructions,
# comments and a DOCTYPE (with an internal subset).
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)", re.DOTALL | re.IGNORECASE)
# The root element of RSS (<rss>), Atom (<feed>) and RSS 1.0 (<rdf:RDF>), with any prefix.
_FEED_ROOT = re.compile(rb"\s*<(?:[\w.-]+:)?(?:rss|feed|RDF)[\s>/]")
_TAG = re.compile(r"<[^>]*>")

Item = RawDocument | IngestError


def looks_like_feed(content: bytes, content_type: str | None) -> bool:
    """True when the content type is a feed type or the document's root element is rss, feed or RDF."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    return media_type in FEED_TYPES or _root_is_feed(content[:SNIFF_BYTES])


def _root_is_feed(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    head = head.removeprefix(codecs.BOM_UTF8)
    position = 0
    while match := _PROLOG.match(head, position):
        position = match.end()
    return _FEED_ROOT.match(head, position) is not None


def iter_feed(
    content: bytes, source: str, fetcher: Fetcher, received_at: datetime, base_url: str | None = None
) -> Iterator[RawDocument | IngestError]:
    """One raw document (or the error of one entry) per feed entry, in feed order.

    ``source`` names the feed (its path or URL). Relative links are resolved against
    ``base_url``, which defaults to ``source`` when that is an http(s) URL. A feed that cannot
    be parsed at all yields one IngestError.
    """
    base = base_url or (source if source.lower().startswith(("http://", "https://")) else None)
    parsed = _parse(content, base)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        yield IngestError(f"cannot parse feed: {_parse_failure(content, parsed)}", source)
        return
    for number, entry in enumerate(parsed.entries, start=1):
        yield _entry_item(entry, number, source, base, fetcher, received_at)


def _parse(content: bytes, base: str | None) -> Any:
    """feedparser on the bytes only: a stream is never taken for a URL or a file name."""
    headers = {"content-location": base} if base else {}
    return feedparser.parse(io.BytesIO(content), response_headers=headers)


def _parse_failure(content: bytes, parsed: Any) -> str:
    if not content.strip():
        return "the document is empty"
    error = parsed.get("bozo_exception")
    return str(error) if error else "not an RSS, Atom or RDF feed"


def _entry_item(
    entry: Any, number: int, source: str, base: str | None, fetcher: Fetcher, received_at: datetime
) -> Item:
    """The document of one entry: its fetched link, else its inline content, else an error."""
    fields = _entry_fields(entry)
    link = _entry_link(entry, base)
    if link:
        return _fetch_entry(link, f"{source}#entry{number}: {link}", fetcher, fields)
    page = _inline_page(entry)
    if page is None:
        return IngestError(f"entry {number} has no link and no content", source)
    return RawDocument(f"{source}#entry{number}", InputKind.HTML, page, received_at, fields=fields)


def _entry_link(entry: Any, base: str | None) -> str | None:
    """The entry's link, made absolute. feedparser also copies an entry's id (RSS guid, Atom id)
    into ``link``; such a link counts only when it is a web URL, not a "urn:" or "tag:" name."""
    link = str(entry.get("link") or "").strip()
    if not link:
        return None
    if not entry.get("links") and not link.lower().startswith(("http://", "https://")):
        return None
    return urljoin(base, link) if base else link


def _fetch_entry(link: str, name: str, fetcher: Fetcher, fields: dict[str, Any]) -> Item:
    try:
        fetched = fetcher.get(link)
    except IngestError as error:
        renamed = type(error)(error.reason, name)  # the same error, about this entry
        renamed.__cause__ = error
        return renamed
    media_type = (fetched.content_type or "").split(";")[0].strip().lower()
    kind = InputKind.TEXT if media_type == "text/plain" else InputKind.HTML
    return RawDocument(name, kind, fetched.content, fetched.fetched_at, url=fetched.url, fields=fields)


def _entry_fields(entry: Any) -> dict[str, Any]:
    """Title, published date (ISO 8601, UTC) and authors of a feed entry, those it has."""
    fields: dict[str, Any] = {}
    if entry.get("title"):
        fields["title"] = str(entry.title).strip()
    published = _published(entry)
    if published:
        fields["published"] = published
    authors = _authors(entry)
    if authors:
        fields["authors"] = authors
    return fields


def _published(entry: Any) -> str | None:
    """The publication (else update) time; feedparser's parsed times are in UTC."""
    for name in ("published", "updated"):
        parsed = entry.get(f"{name}_parsed")
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()
    raw = entry.get("published") or entry.get("updated")
    return str(raw) if raw else None  # a form feedparser cannot read; extraction may


def _authors(entry: Any) -> list[str]:
    names = [str(author.get("name", "")).strip() for author in entry.get("authors", [])]
    if not any(names) and entry.get("author"):
        names = [str(entry.author).strip()]
    return list(dict.fromkeys(name for name in names if name))


def _inline_page(entry: Any) -> bytes | None:
    """An HTML page of the entry's own text (full content before summary); None when it has none."""
    parts = [*entry.get("content", []), entry.get("summary_detail") or {}]
    for part in parts:
        value = str(part.get("value") or "")
        if not _TAG.sub("", value).strip():
            continue
        is_html = part.get("type") in ("text/html", "application/xhtml+xml")
        body = value if is_html else "".join(f"<p>{html.escape(p)}</p>" for p in value.split("\n\n"))
        title = html.escape(str(entry.get("title") or ""))
        page = f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title></head>'
        return f"{page}<body><article>{body}</article></body></html>".encode()
    return None
