"""One step of the article stream, as ingest and the evaluations take it: copies, then the story."""

from __future__ import annotations

from dataclasses import dataclass

from synoptic.cluster.copies import CopyDetector, CopyMatch
from synoptic.cluster.features import NewsItem
from synoptic.cluster.stories import Assignment, StoryClusterer


@dataclass(frozen=True)
class Placement:
    """Where one article went: its story, and the wire text it copies (None when it copies none)."""

    assignment: Assignment
    copy: CopyMatch | None


def place(item: NewsItem, copies: CopyDetector, clusterer: StoryClusterer) -> Placement:
    """Look for the text ``item`` copies, then place it in a story (a copy joins its original's)."""
    match = copies.add(item.id, item.text, item.time)
    assignment = clusterer.add(item, copy_of=match.article_id if match else None)
    return Placement(assignment, match)
