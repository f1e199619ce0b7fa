"""An article's text cut into marked pieces for display: paragraphs, sentences (anchors), quotes, facts.

Quotes may cross sentence boundaries, so the text is cut at every boundary of either into flat
segments, each carrying what covers it; the template wraps each segment in one element. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from synoptic.analyze.sentences import split_sentences


@dataclass(frozen=True)
class Segment:
    """A run of text inside one sentence (or between sentences) and at most one quote."""

    text: str
    sentence: int | None  # index of the sentence it lies in
    anchor: bool  # the first segment of its sentence: carries the sentence's id
    quote: dict[str, Any] | None  # the quote covering it, as in views.article()["quotes"]
    fact: dict[str, Any] | None  # the fact of its sentence, as in views.article()["facts"]


def marked_paragraphs(text: str, quotes: list[dict[str, Any]], facts: list[dict[str, Any]]) -> list[list[Segment]]:
    """The text as paragraphs (split at line breaks) of marked segments."""
    sentences = split_sentences(text)
    fact_of = {f["sentence"]: f for f in facts}
    cuts = {0, len(text)}
    cuts.update(i for i, char in enumerate(text) if char == "\n")
    cuts.update(i + 1 for i, char in enumerate(text) if char == "\n")
    cuts.update(bound for s in sentences for bound in (s.start, s.end))
    cuts.update(bound for q in quotes for bound in (q["start"], q["end"]))
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    paragraphs: list[list[Segment]] = [[]]
    started: set[int] = set()
    for start, end in pairwise(bounds):
        piece = text[start:end]
        if piece == "\n":
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        index = next((i for i, s in enumerate(sentences) if s.start <= start < s.end), None)
        quote = next((q for q in quotes if q["start"] <= start < q["end"]), None)
        anchor = index is not None and index not in started
        if index is not None:
            started.add(index)
        paragraphs[-1].append(Segment(piece, index, anchor, quote, fact_of.get(index) if index is not None else None))
    return [p for p in paragraphs if p]
