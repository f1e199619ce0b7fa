"""Extract: a raw document becomes an Article (text, title, outlet, date, authors, language).

``extract`` is the one entry point; it dispatches on the kind of input and then applies the
same checks and metadata rules to every kind.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from synoptic.errors import ExtractionError
from synoptic.extract.dates import parse_date
from synoptic.extract.decode import declared_charset, decode
from synoptic.extract.html import extract_page
from synoptic.extract.language import detect_language
from synoptic.extract.outlet import outlet_for
from synoptic.extract.text import split_text_article
from synoptic.model import Article, InputKind, RawDocument

# Bumped whenever extraction changes its output, so `synoptic reextract` knows what is stale.
EXTRACTOR_VERSION = "1"
# A title made from the first sentence is cut to this many characters.
_MAX_FALLBACK_TITLE = 140
_FIRST_SENTENCE = re.compile(r"^(.{20,}?[.!?])(\s|$)", re.DOTALL)

# Field names accepted in JSON/JSONL records, in order of preference (docs/formats.md).
TEXT_FIELDS = ("text", "body", "content", "articleBody", "maintext")
PARAGRAPH_FIELDS = ("body-paragraphs", "paragraphs")
TITLE_FIELDS = ("title", "headline")
URL_FIELDS = ("url", "link")
OUTLET_FIELDS = ("outlet", "source", "publisher", "site_name")
DATE_FIELDS = ("published", "date", "date_publish", "published_at", "datePublished")
AUTHOR_FIELDS = ("authors", "author")


@dataclass
class _Parts:
    """What one kind of input yields before the common rules apply."""

    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    site_name: str | None = None
    published: datetime | None = None
    authors: tuple[str, ...] = ()
    language: str | None = None


def extract(raw: RawDocument, min_words: int = 1) -> Article:
    """Turn ``raw`` into an Article. Raises ExtractionError when there is no usable text."""
    parts = _PARSERS[raw.kind](raw)
    text = parts.text.strip()
    if not text:
        raise ExtractionError("no article text found", raw.source)
    words = len(text.split())
    if words < min_words:
        reason = f"only {words} word{'s' if words != 1 else ''} of text (fewer than min_article_words={min_words})"
        raise ExtractionError(reason, raw.source)
    url = parts.url or raw.url
    return Article(
        text=text,
        title=(parts.title or "").strip() or fallback_title(text),
        source=raw.source,
        url=url,
        outlet=outlet_for(url, given=raw.outlet or parts.outlet, site_name=parts.site_name),
        authors=parts.authors,
        published=parts.published,
        language=parts.language or detect_language(text),
        raw_sha256=raw.sha256,
    )


def fallback_title(text: str) -> str:
    """A title for an article that has none: its first sentence, shortened."""
    first = text.strip().split("\n", 1)[0]
    match = _FIRST_SENTENCE.match(first)
    sentence = match.group(1) if match else first
    if len(sentence) <= _MAX_FALLBACK_TITLE:
        return sentence
    return sentence[:_MAX_FALLBACK_TITLE].rsplit(" ", 1)[0] + "…"


def _from_html(raw: RawDocument) -> _Parts:
    html = decode(raw.content, raw.source, declared_charset(raw.content))
    fields = _metadata_fields(raw.fields)
    url = raw.url or fields.url
    page = extract_page(html, url)
    return _Parts(
        text=page.text,
        title=fields.title or page.title,
        url=url or page.url,
        outlet=fields.outlet,
        site_name=page.site_name,
        published=fields.published or page.published,
        authors=fields.authors or page.authors,
    )


def _from_text(raw: RawDocument) -> _Parts:
    article = split_text_article(decode(raw.content, raw.source))
    header = _metadata_fields(article.fields)
    return _Parts(
        text=article.text,
        title=article.title,
        url=raw.url or header.url,
        outlet=header.outlet,
        published=header.published or _metadata_fields(raw.fields).published,
        authors=header.authors,
    )


def _from_record(raw: RawDocument) -> _Parts:
    try:
        record = json.loads(raw.content)
    except ValueError as error:
        raise ExtractionError(f"invalid JSON: {error}", raw.source) from error
    if not isinstance(record, dict):
        raise ExtractionError(f"a JSON article must be an object, not {type(record).__name__}", raw.source)
    if isinstance(record.get("html"), str):
        nested = RawDocument(
            raw.source, InputKind.HTML, record["html"].encode(), raw.received_at, raw.url, fields=record
        )
        return _from_html(nested)
    fields = _metadata_fields(record)
    fields.text = _record_text(record)
    language = record.get("language") or record.get("lang")
    fields.language = str(language) if language else None
    return fields


def _record_text(record: dict[str, Any]) -> str:
    for name in TEXT_FIELDS:
        if isinstance(record.get(name), str):
            return str(record[name])
    for name in PARAGRAPH_FIELDS:
        paragraphs = record.get(name)
        if isinstance(paragraphs, list):
            return "\n".join(" ".join(p) if isinstance(p, list) else str(p) for p in paragraphs)
    return ""


def _metadata_fields(record: dict[str, Any]) -> _Parts:
    """Title, URL, outlet, date and authors from a dict of fields, by the accepted names."""

    def first(names: tuple[str, ...]) -> Any:
        return next((record[n] for n in names if record.get(n)), None)

    authors = first(AUTHOR_FIELDS)
    if isinstance(authors, str):
        authors = [a.strip() for a in re.split(r";|,| and ", authors) if a.strip()]
    title, url, outlet = first(TITLE_FIELDS), first(URL_FIELDS), first(OUTLET_FIELDS)
    return _Parts(
        text="",
        title=str(title) if title else None,
        url=str(url) if url else None,
        outlet=str(outlet) if isinstance(outlet, str) else None,
        published=parse_date(first(DATE_FIELDS)),
        authors=tuple(str(a) for a in authors or ()),
    )


_PARSERS = {InputKind.HTML: _from_html, InputKind.TEXT: _from_text, InputKind.RECORD: _from_record}
