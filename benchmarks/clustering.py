"""Story clustering + copy detection at scale: speed, growth of the per-article cost, memory.

    .venv/bin/python benchmarks/clustering.py [--data ../shared/data] [--articles 100000]

The real corpora (ECB+, BASIL, NewsWCL50: 1,062 articles) are replayed, never invented: replay
``r`` shifts every article to a new publication time ``r * period`` later. Within a replay each
gold event gets a random day in ``span`` and its articles a random time within 36 hours of it,
and the replay streams in time order. ``period`` exceeds the window plus the lateness, so the
same text never meets itself in a window (it would be a copy and chain stories across replays).
Every article goes through feature extraction, copy detection and the clusterer with a 7-day
window, as at ingest; stories settle as they leave the window, and with ``--batch N`` the held
stories also settle safely after every N articles, as at the end of each ``synoptic ingest`` run.

Prints one JSON object: per-article cost (ms, mean and p95; wall time and, steadier on a shared
machine, the thread's CPU time) over the first 1,000 articles and over the last 1,000,
articles/s overall, the held state (articles, stories) and resident memory at both points and
at its peak, and the B³ of the whole stream against the replayed gold events (each replay's
events are distinct), live and settled.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from synoptic.cluster import CopyDetector, StoryClusterer, extract_features
from synoptic.evaluate.clustering import Labelled, load_corpora, resolve_merges, score_partition

CORPORA = ("ecbplus", "basil", "newswcl50")
START = datetime(2030, 1, 1, tzinfo=UTC)
# Articles of one event appear within this long after the event's day.
EVENT_SPREAD = timedelta(hours=36)
SAMPLE = 1000


def replays(articles: list[Labelled], total: int, period: timedelta, span: timedelta, seed: int) -> Iterator[Labelled]:
    """``total`` articles: the corpus replayed with shifted times, each replay in time order."""
    rng = random.Random(seed)
    produced, replay = 0, 0
    while produced < total:
        for labelled in _one_replay(articles, START + replay * period, span, rng, replay):
            if produced == total:
                return
            produced += 1
            yield labelled
        replay += 1


def _one_replay(
    articles: list[Labelled], start: datetime, span: timedelta, rng: random.Random, replay: int
) -> list[Labelled]:
    """The corpus with ids and gold events prefixed by the replay and times drawn as described."""
    days = {gold: start + span * rng.random() for gold in sorted({a.gold for a in articles})}
    shifted = []
    for labelled in articles:
        published = days[labelled.gold] + EVENT_SPREAD * rng.random()
        item = replace(labelled.item, id=f"{replay}:{labelled.item.id}", published=published, ingested=None)
        shifted.append(Labelled(item, f"{replay}:{labelled.gold}"))
    return sorted(shifted, key=lambda labelled: (labelled.item.published, labelled.item.id))


def resident_mib() -> float:
    """The process's resident memory now, in MiB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(stream: Iterator[Labelled], window: timedelta, batch: int = 0) -> dict[str, Any]:
    """Cluster the stream, settling the held stories safely (``settle_live``) after every ``batch``
    articles (0: only as they leave the window), as ``synoptic ingest`` does at the end of each
    run; return the measurements."""
    clusterer = StoryClusterer(window=window, lateness=window)
    copies = CopyDetector(window=window, lateness=window)
    costs: list[float] = []
    cpu_costs: list[float] = []
    stories: dict[str, int] = {}
    gold: dict[str, str] = {}
    merges: list[tuple[int, int]] = []
    points: dict[str, dict[str, float]] = {}
    start = time.perf_counter()
    for labelled in stream:
        item = labelled.item
        began, began_cpu = time.perf_counter(), time.thread_time()
        features = extract_features(item)
        match = copies.add(item.id, item.text, item.time)
        assignment = clusterer.add(item, features, copy_of=match.article_id if match else None)
        costs.append(time.perf_counter() - began)
        cpu_costs.append(time.thread_time() - began_cpu)
        stories[item.id], gold[item.id] = assignment.story_id, labelled.gold
        merges.extend(assignment.merged)
        if batch and len(costs) % batch == 0:
            merges.extend(clusterer.settle_live())
        if len(costs) == SAMPLE:
            points["at_1000"] = _state(clusterer, copies)
    if batch:
        merges.extend(clusterer.settle_live())  # the end of the last run
    seconds = time.perf_counter() - start
    points["at_end"] = _state(clusterer, copies)
    live = resolve_merges(stories, merges)
    settled = resolve_merges(stories, [*merges, *clusterer.flush()])
    return {
        "articles": len(costs),
        "articles_per_second": len(costs) / seconds,
        "ms_per_article_first_1000": _cost(costs[:SAMPLE]),
        "ms_per_article_last_1000": _cost(costs[-SAMPLE:]),
        "growth_last_over_first": statistics.fmean(costs[-SAMPLE:]) / statistics.fmean(costs[:SAMPLE]),
        "cpu_articles_per_second": len(cpu_costs) / sum(cpu_costs),
        "cpu_ms_per_article_first_1000": _cost(cpu_costs[:SAMPLE]),
        "cpu_ms_per_article_last_1000": _cost(cpu_costs[-SAMPLE:]),
        "cpu_growth_last_over_first": statistics.fmean(cpu_costs[-SAMPLE:]) / statistics.fmean(cpu_costs[:SAMPLE]),
        "held": points,
        "peak_resident_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "b3_f1_live": score_partition([live[i] for i in gold], list(gold.values())).b3_f1,
        "b3_f1_settled": score_partition([settled[i] for i in gold], list(gold.values())).b3_f1,
    }


def _cost(costs: list[float]) -> dict[str, float]:
    ordered = sorted(costs)
    return {"mean": 1000 * statistics.fmean(costs), "p95": 1000 * ordered[int(0.95 * (len(ordered) - 1))]}


def _state(clusterer: StoryClusterer, copies: CopyDetector) -> dict[str, float]:
    return {
        "articles_held": clusterer.held_articles,
        "stories_held": len(clusterer),
        "copy_articles_held": len(copies),
        "resident_mib": resident_mib(),
    }


def main() -> None:
    """Parse the options, replay the corpora, print the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--window-days", type=float, default=7.0)
    parser.add_argument("--period-days", type=float, default=16.0, help="time between replays (> 2 windows)")
    parser.add_argument("--span-days", type=float, default=3.0, help="days over which a replay's events start")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch", type=int, default=0, help="settle live stories every N articles (0: never)")
    args = parser.parse_args()
    articles = load_corpora([args.data / name for name in CORPORA])
    window = timedelta(days=args.window_days)
    period, span = timedelta(days=args.period_days), timedelta(days=args.span_days)
    stream = replays(articles, args.articles, period, span, args.seed)
    settings = {"corpus_articles": len(articles), "window_days": args.window_days, "batch": args.batch}
    report = {**settings, **run(stream, window, args.batch)}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
