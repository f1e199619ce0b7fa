"""Extraction on the Zyte benchmark: F1 and speed, and what each step of synoptic.extract.html adds.

    .venv/bin/python benchmarks/extraction.py [--data ../shared/data/zyte-extraction] [--runs 3]

Prints our precision / recall / F1 and median pages/s over ``--runs`` runs, then the same figures
with one step of the body selection switched off at a time (an ablation).
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

import synoptic.extract.html as html
from synoptic.evaluate.extraction import evaluate_extraction


@contextmanager
def _replaced(name: str, value: Any) -> Iterator[None]:
    original = getattr(html, name)
    setattr(html, name, value)
    try:
        yield
    finally:
        setattr(html, name, original)


def _balanced_only(tree: Any, url: str | None, precision: bool, metadata: bool) -> Any:
    return _TRAFILATURA(tree, url, False, metadata)


_TRAFILATURA = html._trafilatura
VARIANTS: dict[str, Callable[[], AbstractContextManager[None]]] = {
    "all steps": nullcontext,
    "balanced mode instead of precision": lambda: _replaced("_trafilatura", _balanced_only),
    "no fallback to the balanced mode": lambda: _replaced("_SHORT_BODY_CHARS", 0),
    "no link-block filter": lambda: _replaced("_drop_link_blocks", lambda body: None),
    "no repeated-headline filter": lambda: _replaced("_repeats_headline", lambda first, title: False),
    "no split-body completion": lambda: _replaced("_complete_split_body", lambda text, tree: text),
}


def main() -> None:
    """Run the benchmark and the ablation; print one line per variant."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/zyte-extraction"))
    parser.add_argument("--runs", type=int, default=3, help="runs of the full pipeline, for the median speed")
    args = parser.parse_args()
    for label, variant in VARIANTS.items():
        runs = args.runs if label == "all steps" else 1
        with variant():
            reports = [evaluate_extraction(args.data) for _ in range(runs)]
        scores, speed = reports[0].scores, statistics.median(report.pages_per_second for report in reports)
        print(f"{label:<36} P {scores.precision:.4f}  R {scores.recall:.4f}  F1 {scores.f1:.4f}  {speed:5.1f} pages/s")


if __name__ == "__main__":
    main()
