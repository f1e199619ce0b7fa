"""Settling: live stories merged as in Ward's agglomerative clustering, cheapest merge first.

Live stories are tight, and fragmented (``stories.py``): an article joins a story only when it
resembles the story as a whole. When stories leave the time window (or all of them, at the end
of a closed period), they settle: two stories merge while their Ward cost is at most
``SETTLE_COST`` and their centroid cosine at least ``SETTLE_LINK``. Ward's cost grows with both
sizes, so fragments and outliers settle into their story while two large stories stay apart;
cheapest first, a similar event's fragments gather among themselves before they meet the other
story. Two stories that each have a core (``CORE_SIZE`` articles or more) and resemble each other
less than ``CORE_SHARE`` of their own cohesion never merge. Merges are reported; articles are
never moved one by one. Between ingest runs of a stream that goes on, only the merges no later
article could undo are made (the stricter ``INTERIM_LINK`` and ``INTERIM_COST``).

Settling does most of the grouping (the figures, and how the constants were chosen, are in
``stories.py``).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import timedelta

from synoptic.cluster.vectors import HeldStory, Vector, centroid_cosine, cohesion, dot, vector_of

# Measured figures below: B³-F1 from evaluate_clustering (5 seeded orders), settled, for
# ECB+ / BASIL+NewsWCL50 / all three corpora together, with the other constants as set.
# Settle two stories when their Ward merge cost (n1 n2 / (n1 + n2) * squared distance of the mean
# vectors) is at most this.
# 1.4 -> 0.916 / 0.983 / 0.931; 1.7 -> 0.939 / 0.983 / 0.945; 2.0 -> 0.939 / 0.983 / 0.945
# (LINK 0.30, SETTLE_LINK 0.20).
SETTLE_COST = 1.7
# ... and only when the two centroids are at least this similar (cosine). Without a floor any small
# story sharing a rare term with a larger one could settle into it.
# 0.10 -> 0.944 / 0.987 / 0.948; 0.15 -> 0.944 / 0.987 / 0.949; 0.20 -> 0.939 / 0.983 / 0.945; 0.25 -> 0.936 /
# 0.981 / 0.943 (LINK 0.30).
SETTLE_LINK = 0.15
# While the stream goes on (the end of an ingest run), stories settle only as far as no later
# article could undo: centroid cosine at least INTERIM_LINK and Ward cost at most INTERIM_COST.
# The lenient bars above assume every article of the period is in; applied to a stream cut every
# 100 articles they merge fragments of different events (replay benchmark, B³-F1 of what the store
# shows, settled every 100 articles: 0.81 with the lenient bars; INTERIM_LINK / INTERIM_COST
# 0.35 / 1.0 -> 0.89, 0.25 / 0.85 -> 0.90, 0.25 / 1.0 -> 0.90, 0.25 / 1.2 -> 0.89, 0.15 / 1.0 -> 0.88,
# 0.45 / 1.0 -> 0.86; 0.25 / 1.0 settled every 20 / 500 articles -> 0.90 / 0.89; never -> 0.83).
INTERIM_LINK = 0.25
INTERIM_COST = 1.0
# Two stories of at least CORE_SIZE articles never settle together when their mean cross-story
# similarity is below CORE_SHARE times the smaller of their cohesions (two distinct cores).
# CORE_SHARE 0.5 -> 0.939 / 0.967 / 0.943; 0.6 -> 0.939 / 0.983 / 0.945; 0.7 -> 0.930 / 0.986 / 0.941; CORE_SIZE 2 ->
# 0.937 / 0.983 / 0.944; 5 -> 0.939 / 0.972 / 0.943 (LINK 0.30, SETTLE_LINK 0.20).
CORE_SHARE = 0.6
CORE_SIZE = 3

# A merge proposal: (Ward cost, story, partner, the story's version, the partner's version).
_Proposal = tuple[float, int, int, int, int]


@dataclass(frozen=True)
class Settling:
    """One settling: the clusterer's state it reads and changes, and the bars two stories must meet."""

    stories: Mapping[int, HeldStory]  # every held story by id; ``merge`` removes the absorbed one
    stories_near: Callable[[Vector], set[int]]  # the stories of the held articles nearest a vector
    merge: Callable[[HeldStory, HeldStory], None]  # merge the first story into the second
    fixed: AbstractSet[int]  # stories a user corrected: they may absorb others, never settle away
    window: timedelta | None  # how far apart in time two stories' spans may be (None: no limit)
    link: float  # the least centroid cosine of two stories that merge
    cost: float  # the most Ward cost of two stories that merge


def settle(settling: Settling, story_ids: Iterable[int]) -> tuple[tuple[int, int], ...]:
    """Settle the given stories, cheapest merge first, merging only stories at least
    ``settling.link`` similar (centroid cosine) within Ward cost ``settling.cost``; return the
    ``(absorbed, into)`` pairs.

    Each settling story proposes its cheapest admissible partner (``_partner``); the cheapest
    proposal of all is carried out and the merged story proposes again. Proposals made stale by a
    merge are renewed when they come up. Cheapest first, as in Ward's agglomerative clustering,
    the fragments of one event join each other before the result meets a similar event's story,
    instead of each fragment joining whichever larger story is nearest.
    """
    stories = settling.stories
    version: dict[int, int] = {}
    proposals: list[_Proposal] = []
    for story_id in sorted({s for s in story_ids if s in stories}):
        _propose(proposals, settling, stories[story_id], version)
    merges: list[tuple[int, int]] = []
    while proposals:
        _, a, b, version_a, version_b = heapq.heappop(proposals)
        if a not in stories or version.get(a, 0) != version_a:
            continue
        if b not in stories or version.get(b, 0) != version_b:
            _propose(proposals, settling, stories[a], version)
            continue
        drop, keep = _absorption(stories[a], stories[b], settling.fixed)
        settling.merge(drop, keep)
        merges.append((drop.id, keep.id))
        version[keep.id] = version.get(keep.id, 0) + 1
        _propose(proposals, settling, keep, version)
    return tuple(merges)


def _propose(proposals: list[_Proposal], settling: Settling, story: HeldStory, version: dict[int, int]) -> None:
    """Push ``story``'s cheapest admissible merge, stamped with both stories' versions."""
    found = _partner(settling, story)
    if found is not None:
        cost, other = found
        heapq.heappush(proposals, (cost, story.id, other, version.get(story.id, 0), version.get(other, 0)))


def _partner(settling: Settling, story: HeldStory) -> tuple[float, int] | None:
    """(Ward cost, story id) of the cheapest story ``story`` may merge with, if any.

    A partner must be time-compatible, not user-fixed as well, at least ``settling.link`` similar
    (centroid cosine), within ``settling.cost``, and not a distinct core of its own.
    """
    vector = vector_of(story.centroid)
    best: tuple[float, int] | None = None
    for other_id in sorted(settling.stories_near(vector)):
        other = settling.stories[other_id]
        if other_id == story.id or not _overlap(story, other, settling.window):
            continue
        both_fixed = story.id in settling.fixed and other_id in settling.fixed
        if both_fixed or centroid_cosine(vector, other) < settling.link:
            continue
        cost = _ward_cost(story, other)
        if cost <= settling.cost and not _distinct_cores(story, other) and (best is None or cost < best[0]):
            best = (cost, other_id)
    return best


def _absorption(a: HeldStory, b: HeldStory, fixed: AbstractSet[int]) -> tuple[HeldStory, HeldStory]:
    """(absorbed, kept) of two stories to merge: the smaller (ties: the newer) is absorbed,
    but a user-fixed story never is."""
    drop, keep = (a, b) if (a.size, -a.id) < (b.size, -b.id) else (b, a)
    return (keep, drop) if drop.id in fixed else (drop, keep)


def _distinct_cores(a: HeldStory, b: HeldStory) -> bool:
    """Whether two stories of at least ``CORE_SIZE`` articles each hold together more than they
    resemble each other: their mean cross-story similarity is below ``CORE_SHARE`` of the
    smaller of their cohesions. Two reports of one event scatter about one centre; two similar
    events (two arrests of different players of one team) form two tight groups apart."""
    if min(a.size, b.size) < CORE_SIZE:
        return False
    cross = dot(a.centroid, b.centroid) / (a.size * b.size)
    return cross < CORE_SHARE * min(cohesion(a), cohesion(b))


def _ward_cost(a: HeldStory, b: HeldStory) -> float:
    """Ward's merge cost: n_a n_b / (n_a + n_b) times the squared distance of the mean vectors."""
    distance = a.norm2 / a.size**2 + b.norm2 / b.size**2 - 2 * dot(a.centroid, b.centroid) / (a.size * b.size)
    return a.size * b.size / (a.size + b.size) * max(distance, 0.0)


def _overlap(a: HeldStory, b: HeldStory, window: timedelta | None) -> bool:
    """Whether two stories' time spans come within ``window`` of each other (always if undated)."""
    if window is None or None in (a.first, a.last, b.first, b.last):
        return True
    return a.first - window <= b.last and b.first - window <= a.last  # type: ignore[operator]
