"""The domain types that flow through the pipeline: plain, typed dataclasses."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


class InputKind(StrEnum):
    """How the bytes of a raw document are to be read."""

    HTML = "html"
    TEXT = "text"
    RECORD = "record"  # a JSON object with article fields (see docs/formats.md)


@dataclass(frozen=True)
class RawDocument:
    """One item exactly as it was received, before extraction.

    ``source`` names where it came from (a path, ``path#line``, a WARC record, a URL) and is
    the subject of any error about it. ``content`` is kept (compressed) in the store so that
    the article can be re-extracted when extraction improves.
    """

    source: str
    kind: InputKind
    content: bytes
    received_at: datetime
    url: str | None = None
    outlet: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        """Digest of the kind and bytes: the identity of the raw input."""
        return hashlib.sha256(self.kind.encode() + b"\0" + self.content).hexdigest()


@dataclass(frozen=True)
class Outlet:
    """A publisher: its display name and, when known, its registered domain."""

    name: str
    domain: str | None = None


@dataclass(frozen=True)
class Article:
    """One report of one outlet, as extracted from a raw document."""

    text: str
    title: str
    source: str
    url: str | None = None
    outlet: Outlet | None = None
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    language: str | None = None
    id: int | None = None
    raw_sha256: str | None = None
    ingested_at: datetime | None = None
    # (content hash, word count) of ``text`` when already known (``knowing``): not an argument of
    # __init__, so ``dataclasses.replace`` never carries them over to a new text.
    _known: tuple[str, int] | None = field(default=None, init=False, repr=False, compare=False)

    def knowing(self, content_hash: str, word_count: int) -> Article:
        """This article, told its text's ``content_hash`` and ``word_count`` so as not to compute them
        again: the store's, computed from this very text when it was written. A memo of the text's own
        values, so the frozen article's behaviour does not change."""
        object.__setattr__(self, "_known", (content_hash, word_count))
        return self

    @property
    def content_hash(self) -> str:
        """Digest of the normalised text: two articles with the same words share it."""
        return self._known[0] if self._known else content_hash(self.text)

    @property
    def word_count(self) -> int:
        return self._known[1] if self._known else len(self.text.split())


_SPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """Hash of ``text`` after Unicode (NFKC), case and whitespace normalisation."""
    normal = _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


class Status(StrEnum):
    """What became of one input during ingest."""

    STORED = "stored"
    DUPLICATE = "duplicate"
    FAILED = "failed"


@dataclass(frozen=True)
class Outcome:
    """The result of ingesting one input: stored, a duplicate of an existing article, or failed."""

    source: str
    status: Status
    article_id: int | None = None
    reason: str | None = None


@dataclass
class IngestSummary:
    """Counts of one ingest run, with the failures listed."""

    stored: int = 0
    duplicates: int = 0
    failures: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def add(self, outcome: Outcome) -> None:
        if outcome.status is Status.STORED:
            self.stored += 1
        elif outcome.status is Status.DUPLICATE:
            self.duplicates += 1
        else:
            self.failures.append(outcome)


# Query parameters that only track the reader; they do not change which article a URL names.
_TRACKING_PARAMS = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid)$", re.IGNORECASE)


def url_key(url: str) -> str:
    """The identity of an article URL: host lower-cased, fragment and tracking parameters dropped."""
    parts = urlsplit(url.strip())
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k)]
    )
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


@dataclass(frozen=True)
class Story:
    """The articles that report one real-world event, summarised."""

    id: int
    title: str
    first_seen: datetime
    last_seen: datetime
    articles: int
    outlets: int


@dataclass(frozen=True)
class StoryMember:
    """One article of a story: how it was placed, and whose wire text it copies, if any."""

    article: Article
    score: float
    reason: str
    pinned: bool
    copy_of: int | None = None
    containment: float | None = None


@dataclass
class ClusterSummary:
    """Counts of one clustering run over the articles not yet in a story."""

    articles: int = 0
    new_stories: int = 0
    copies: int = 0
    settled: int = 0
    stories_touched: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class CopyGroup:
    """Articles that are one wire text, whole or trimmed; ``origin`` was published first."""

    origin: int
    members: tuple[int, ...]
