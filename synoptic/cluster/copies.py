"""Copy groups: which articles are the same wire text, whole or trimmed, and which came first.

Two articles are *copies* when the smaller one's set of word 5-grams (shingles) is largely
contained in the other's: ``|A ∩ B| / min(|A|, |B|) >= COPY_CONTAINMENT``. Containment, not
Jaccard similarity, because a wire story cut to its first paragraphs is still a copy.

Finding the candidates costs time proportional to the new article, not to the archive. Each
article is reduced to its *winnowed fingerprints* (Schleimer, Wilkerson and Aiken 2003, the
method of MOSS): in every run of ``WINNOW_WINDOW`` consecutive shingle hashes the smallest is
kept. Two texts that share a passage of at least ``WINNOW_WINDOW + SHINGLE_WORDS - 1`` words are
guaranteed to share a fingerprint, however short one of them is, so a trimmed copy is always a
candidate (MinHash-LSH estimates Jaccard similarity and misses copies cut to a fraction of the
original). Fingerprints are looked up in an inverted index; the stored articles hit most often
are verified on their full shingle sets.

The articles linked by copy relations form a *copy group*; its *origin* is the earliest published
member (ties: the fullest text, then the smallest id). State older than the window plus the
allowed lateness is dropped, so memory stays bounded while streaming.
"""

from __future__ import annotations

import heapq
import re
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt

from synoptic.cluster.features import as_utc

# Word n-gram length of a shingle (the silver ECB+ pairs are computed on word 5-grams).
SHINGLE_WORDS = 5
# Two articles are copies when this share of the smaller one's shingles is in the other.
# On ECB+ (silver_near_duplicate_pairs.json) every pair with Jaccard >= 0.8 has containment >= 0.89;
# the 16 of 85 lower-Jaccard pairs above 0.8 are short texts almost wholly inside a longer one
# (trimmed copies), the other 69 share a quote or some paragraphs (0.5-0.8).
COPY_CONTAINMENT = 0.8
# Articles with fewer shingles are never copies: a shared sentence is not a shared text.
MIN_SHINGLES = 15
# Winnowing window, in shingles: a shared passage of 8 + 5 - 1 = 12 words or more is always found;
# about 2 / (8 + 1) of the shingles are kept as fingerprints.
WINNOW_WINDOW = 8
# At most this many candidates, those sharing most fingerprints, are verified exactly.
MAX_VERIFIED = 24
# A fingerprint whose posting list reaches this length is boilerplate ("contributed to this
# report") and is not indexed further: it would cost time and prove nothing.
MAX_POSTINGS = 64
# Default window: copies of one wire text appear within days of each other.
DEFAULT_WINDOW = timedelta(days=7)

_WORD = re.compile(r"\w+")
# Sort key of undated articles' (absent) time; they sort after every dated one anyway.
_EARLIEST = datetime.min
# Odd multiplier of the polynomial rolling hash over word hashes (wraps modulo 2**64).
_BASE = np.uint64(0x9E3779B97F4A7C15)

Shingles = npt.NDArray[np.uint64]


def shingle_hashes(text: str, size: int = SHINGLE_WORDS) -> Shingles:
    """The sorted, distinct 64-bit hashes of the word ``size``-grams of ``text`` (case-folded)."""
    return np.unique(_shingle_sequence(text, size))


def _shingle_sequence(text: str, size: int = SHINGLE_WORDS) -> Shingles:
    """The hashes of the word ``size``-grams of ``text`` in text order (polynomial rolling hash)."""
    words = [zlib.crc32(w.encode("utf-8")) for w in _WORD.findall(text.casefold())]
    if len(words) < size:
        return np.empty(0, dtype=np.uint64)
    codes = np.asarray(words, dtype=np.uint64)
    windows = len(codes) - size + 1
    hashes = np.zeros(windows, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(size):
            hashes = hashes * _BASE + codes[offset : offset + windows]
    return hashes


def fingerprints(sequence: Shingles, window: int = WINNOW_WINDOW) -> list[int]:
    """The winnowed fingerprints of a shingle-hash sequence: the minimum of every ``window``
    consecutive hashes (the rightmost on ties), each position once, as distinct sorted ints."""
    if len(sequence) <= window:
        return sorted(set(sequence.tolist()))
    views = np.lib.stride_tricks.sliding_window_view(sequence[::-1], window)
    positions = len(sequence) - 1 - (np.argmin(views, axis=1) + np.arange(len(views)))
    return sorted(set(sequence[np.unique(positions)].tolist()))


def containment(a: Shingles, b: Shingles) -> float:
    """Share of the smaller shingle set found in the other (0 when either is empty)."""
    if not len(a) or not len(b):
        return 0.0
    shared = np.intersect1d(a, b, assume_unique=True).size
    return shared / min(len(a), len(b))


def jaccard(a: Shingles, b: Shingles) -> float:
    """Shared shingles over all shingles of the two sets (0 when both are empty)."""
    shared = np.intersect1d(a, b, assume_unique=True).size
    union = len(a) + len(b) - shared
    return shared / union if union else 0.0


@dataclass(frozen=True)
class CopyMatch:
    """A new article found to copy earlier ones.

    ``article_id`` is the stored article it overlaps most (``containment``), ``matches`` every
    stored article it copies with its containment, ``origin`` the first published article of the
    copy group, ``group`` the ids of the group's members still held (the new one included).
    """

    article_id: str
    containment: float
    origin: str
    matches: tuple[tuple[str, float], ...]
    group: tuple[str, ...]


@dataclass
class _Group:
    """A copy group: its held members and its origin (kept after the origin itself expires)."""

    members: set[str]
    origin: str
    origin_key: tuple[bool, datetime, int, str]


@dataclass
class _Stored:
    """One stored article: its shingles, what it indexed, its time and its copy group."""

    id: str
    shingles: Shingles
    indexed: list[int]
    time: datetime | None
    size: int
    group: _Group


class CopyDetector:
    """Online copy detection: ``add`` each article once, in any order; see the module docstring.

    ``window`` is the longest time between two copies (None: any time); ``lateness`` how far
    behind the newest time seen an article may arrive and still be matched, which bounds memory
    (None: nothing is ever dropped, for batches and evaluations in random order).
    """

    def __init__(self, window: timedelta | None = DEFAULT_WINDOW, lateness: timedelta | None = DEFAULT_WINDOW) -> None:
        self.window = window
        self.lateness = lateness
        self._articles: dict[str, _Stored] = {}
        self._postings: dict[int, list[str]] = {}
        self._expiry: list[tuple[datetime, str]] = []
        self._newest: datetime | None = None

    def __len__(self) -> int:
        """The number of articles held."""
        return len(self._articles)

    def add(self, article_id: str, text: str, published: datetime | None) -> CopyMatch | None:
        """Store one article; return how it copies stored ones, or None when it copies none."""
        if article_id in self._articles:
            raise ValueError(f"article {article_id!r} was added already")
        published = as_utc(published)
        sequence = _shingle_sequence(text)
        shingles, prints = np.unique(sequence), fingerprints(sequence)
        matches = self._matches(shingles, prints, published) if len(shingles) >= MIN_SHINGLES else []
        key = (published is None, published or _EARLIEST, -len(shingles), article_id)
        group = _Group({article_id}, article_id, key)
        self._store(_Stored(article_id, shingles, [], published, len(shingles), group), prints)
        for other, _ in matches:
            self._union(article_id, other)
        result = self._match(article_id, matches)
        self._expire(published)
        return result

    def _match(self, article_id: str, matches: list[tuple[str, float]]) -> CopyMatch | None:
        """The CopyMatch of a just-stored article (None without matches)."""
        if not matches:
            return None
        best = max(matches, key=lambda match: (match[1], match[0]))
        return CopyMatch(best[0], best[1], self.origin(article_id), tuple(matches), self.group(article_id))

    def _matches(self, shingles: Shingles, prints: list[int], published: datetime | None) -> list[tuple[str, float]]:
        """Stored articles within the window whose containment with ``shingles`` is high enough."""
        found = []
        for candidate in self._candidates(prints):
            stored = self._articles[candidate]
            if stored.size < MIN_SHINGLES or not _within(stored.time, published, self.window):
                continue
            overlap = containment(shingles, stored.shingles)
            if overlap >= COPY_CONTAINMENT:
                found.append((candidate, round(overlap, 4)))
        return sorted(found)

    def _candidates(self, prints: list[int]) -> list[str]:
        """Stored articles sharing a fingerprint, most shared first (at most MAX_VERIFIED)."""
        hits: dict[str, int] = {}
        for value in prints:
            for article in self._postings.get(value, ()):
                hits[article] = hits.get(article, 0) + 1
        ranked = heapq.nsmallest(MAX_VERIFIED, hits.items(), key=lambda kv: (-kv[1], kv[0]))
        return [article for article, _ in ranked]

    def _store(self, stored: _Stored, prints: list[int]) -> None:
        for value in prints:
            posting = self._postings.setdefault(value, [])
            if len(posting) < MAX_POSTINGS:
                posting.append(stored.id)
                stored.indexed.append(value)
        self._articles[stored.id] = stored
        if stored.time is not None:
            heapq.heappush(self._expiry, (stored.time, stored.id))

    # --- copy groups ----------------------------------------------------------------------------

    def _union(self, a: str, b: str) -> None:
        """Merge the copy groups of ``a`` and ``b``: the smaller joins the larger; the earlier origin wins."""
        group, other = self._articles[a].group, self._articles[b].group
        if group is other:
            return
        if len(group.members) < len(other.members):
            group, other = other, group
        for member in other.members:
            self._articles[member].group = group
        group.members |= other.members
        if other.origin_key < group.origin_key:
            group.origin, group.origin_key = other.origin, other.origin_key

    def origin(self, article_id: str) -> str:
        """The origin of the article's copy group: earliest published (undated last), then the
        fullest text, then the smallest id. It stays the origin after it falls out of the window."""
        return self._articles[article_id].group.origin

    def containment_of(self, article_id: str, other_id: str) -> float:
        """The copy containment of two held articles (share of the smaller text in the other)."""
        return round(containment(self._articles[article_id].shingles, self._articles[other_id].shingles), 4)

    def group(self, article_id: str) -> tuple[str, ...]:
        """The ids of the held members of the article's copy group, in id order."""
        return tuple(sorted(self._articles[article_id].group.members))

    # --- bounded memory -------------------------------------------------------------------------

    def _expire(self, published: datetime | None) -> None:
        """Drop articles older than the newest time seen minus window and lateness."""
        if published is None or self.lateness is None:
            return
        if self._newest is None or published > self._newest:
            self._newest = published
        horizon = self._newest - (self.window or timedelta(0)) - self.lateness
        while self._expiry and self._expiry[0][0] < horizon:
            _, article_id = heapq.heappop(self._expiry)
            self._drop(article_id)

    def _drop(self, article_id: str) -> None:
        """Forget one article: its postings and its membership (its group keeps its origin)."""
        stored = self._articles.pop(article_id)
        for value in stored.indexed:
            posting = self._postings[value]
            posting.remove(article_id)
            if not posting:
                del self._postings[value]
        stored.group.members.discard(article_id)


def _within(a: datetime | None, b: datetime | None, window: timedelta | None) -> bool:
    """Whether two times are at most ``window`` apart (always, when either is unknown)."""
    if window is None or a is None or b is None:
        return True
    return abs(a - b) <= window
