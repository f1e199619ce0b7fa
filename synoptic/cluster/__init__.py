"""Cluster: copy groups and stories, as pure online functions of the article stream."""

from synoptic.cluster.copies import CopyDetector, CopyMatch
from synoptic.cluster.features import Features, NewsItem, extract_features
from synoptic.cluster.place import Placement, place
from synoptic.cluster.stories import Assignment, StoryClusterer

__all__ = [
    "Assignment",
    "CopyDetector",
    "CopyMatch",
    "Features",
    "NewsItem",
    "Placement",
    "StoryClusterer",
    "extract_features",
    "place",
]
