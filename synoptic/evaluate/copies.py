"""Copy detection against known copy pairs: ECB+'s silver pairs, or a JSONL corpus's ``copy_of``.

ECB+ (``silver_near_duplicate_pairs.json``) lists every document pair sharing at least half of the
smaller one's word 5-grams (containment), with their 5-gram Jaccard similarity. Pairs with
Jaccard >= 0.8 are *copies* (one wire text); the rest are *containment-only* pairs: a trimmed
copy, or two texts sharing a long quote or paragraph. The detector is scored on each kind:

* copies: recall = copy pairs found / copy pairs; precision = copy pairs found / predicted pairs
  that are not containment-only pairs. A containment-only pair predicted as a copy counts for
  neither kind's errors here, because by our definition (containment) a trimmed copy *is* a copy;
* containment: the same with the two kinds swapped.

A predicted pair absent from the silver list shares less than half its shingles: it is wrong for
both kinds. For a JSONL corpus, the gold copy groups are the connected ``copy_of`` links and both
sides are compared as pairs within groups (there is no containment-only kind: it is reported null).

The articles stream through ``CopyDetector`` in file order (the origin rule makes the result
independent of order for the pairs; only the timing may vary).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

from synoptic.cluster import CopyDetector
from synoptic.errors import EvaluationError
from synoptic.evaluate.clustering import ECBPLUS_FILE, Labelled, harmonic, load_corpus

SILVER_FILE = "silver_near_duplicate_pairs.json"
# The silver file's boundary between copies and containment-only pairs (its PROVENANCE.txt).
COPY_JACCARD = 0.8

Pair = frozenset[str]


def evaluate_copies(path: Path, pairs_out: Path | None = None) -> dict[str, Any]:
    """Precision, recall and F1 of copy detection on the corpus at ``path``, and articles/s.

    ``pairs_out`` receives one ``{"a", "b", "origin"}`` line per predicted pair.
    """
    articles = load_corpus(path)
    predicted, origins, seconds = detect(articles)
    silver = _silver_path(path)
    if silver is not None:
        copies, containment_only = load_silver_pairs(silver)
        pairs = set(predicted)
    else:
        copies, containment_only = _gold_groups(articles, path), None
        pairs = _group_pairs(predicted)
    if pairs_out is not None:
        _write_pairs(pairs_out, pairs, origins)
    return {
        "copies": score_pairs(pairs, copies, ignore=containment_only or set()),
        "containment": score_pairs(pairs, containment_only, ignore=copies) if containment_only is not None else None,
        "articles_per_second": len(articles) / seconds if seconds else 0.0,
    }


def detect(articles: Iterable[Labelled]) -> tuple[set[Pair], dict[str, str], float]:
    """Stream the articles through a ``CopyDetector``: (predicted pairs, origin per article, seconds)."""
    detector = CopyDetector(window=None, lateness=None)
    pairs: set[Pair] = set()
    matched: list[str] = []
    start = time.perf_counter()
    for labelled in articles:
        match = detector.add(labelled.item.id, labelled.item.text, labelled.item.time)
        if match is not None:
            pairs.update(frozenset((labelled.item.id, other)) for other, _ in match.matches)
            matched.append(labelled.item.id)
    seconds = time.perf_counter() - start
    origins = {article: detector.origin(article) for pair in pairs for article in pair}
    return pairs, origins, seconds


def score_pairs(predicted: set[Pair], gold: set[Pair], ignore: set[Pair]) -> dict[str, float]:
    """Precision (over predicted pairs not in ``ignore``), recall and F1 of ``predicted`` against ``gold``."""
    counted = predicted - (ignore - gold)
    found = len(counted & gold)
    precision = found / len(counted) if counted else 1.0
    recall = found / len(gold) if gold else 1.0
    return {"precision": precision, "recall": recall, "f1": harmonic(precision, recall)}


def load_silver_pairs(path: Path) -> tuple[set[Pair], set[Pair]]:
    """(copy pairs, containment-only pairs) of ECB+'s silver near-duplicate file."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
        copies = {frozenset((r["doc_a"], r["doc_b"])) for r in records if r["jaccard_5gram"] >= COPY_JACCARD}
        others = {frozenset((r["doc_a"], r["doc_b"])) for r in records if r["jaccard_5gram"] < COPY_JACCARD}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as error:
        raise EvaluationError(f"cannot read the silver pairs: {error}", str(path)) from error
    return copies, others


def _silver_path(path: Path) -> Path | None:
    """The silver pair file beside an ECB+ corpus, None for other corpora; an error if ECB+ lacks it."""
    folder = path if path.is_dir() else path.parent
    if not (folder / ECBPLUS_FILE).is_file():
        return None
    if not (folder / SILVER_FILE).is_file():
        raise EvaluationError(f"{SILVER_FILE} is missing", str(folder))
    return folder / SILVER_FILE


def _gold_groups(articles: list[Labelled], path: Path) -> set[Pair]:
    """Pairs within the gold copy groups (connected ``copy_of`` links) of a JSONL corpus."""
    links = {frozenset((a.item.id, a.copy_of)) for a in articles if a.copy_of}
    if not links:
        raise EvaluationError("no article has a copy_of field: nothing to evaluate", str(path))
    known = {a.item.id for a in articles}
    unknown = sorted(i for pair in links for i in pair if i not in known)
    if unknown:
        raise EvaluationError(f"copy_of names an unknown article {unknown[0]!r}", str(path))
    return _group_pairs(links)


def _group_pairs(pairs: set[Pair]) -> set[Pair]:
    """All pairs within the connected groups that ``pairs`` link."""
    groups: dict[str, set[str]] = {}
    for pair in sorted(pairs, key=sorted):
        a, b = sorted(pair)
        merged = groups.get(a, {a}) | groups.get(b, {b})
        for member in merged:
            groups[member] = merged
    unique = {id(g): g for g in groups.values()}.values()
    return {frozenset(p) for group in unique for p in combinations(sorted(group), 2)}


def _write_pairs(path: Path, pairs: set[Pair], origins: dict[str, str]) -> None:
    try:
        with path.open("w", encoding="utf-8") as out:
            for pair in sorted(pairs, key=sorted):
                a, b = sorted(pair)
                out.write(json.dumps({"a": a, "b": b, "origin": origins.get(a, a)}) + "\n")
    except OSError as error:
        raise EvaluationError(f"cannot write the pairs: {error}", str(path)) from error
