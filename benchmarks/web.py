"""Web app speed: page and API latency at 20 concurrent clients over ten thousand real articles.

    .venv/bin/python benchmarks/web.py [--db /tmp/synoptic-web-bench.db] [--reuse] [--json]
        [--articles 10000] [--clients 20] [--requests 400] [--common-word president]

Build (skipped by ``--reuse`` when the database exists): every article-bearing file of
``../shared/data`` (as benchmarks/ingest.py reads them) is ingested and clustered into stories
(``pipeline.cluster``) once; the stored articles are then replayed in SQL until there are at least
``--articles``. Replay ``r`` copies each article with its raw input, its story and its copy group,
its times (published, event, ingest; the story's span) shifted ``r * --period-days`` earlier, and
its content hash, URL hash and raw digest salted with ``r`` so the unique constraints hold; no text
is invented or changed. The FTS5 triggers of migration 0004 index the copies as they are inserted.
The period exceeds twice the story window, so no replayed text falls in its original's window.
Then the synopsis of the measured story (by default the one with the most outlets among stories of
at most 10 articles) is made and kept, so its page is measured as a reader finds it: cached.

Measure: ``synoptic serve`` runs the app under uvicorn in a child process, as a reader would run
it. For each page and its API equivalent, ``--clients`` threads each send requests back to back
over one kept-alive connection until ``--requests`` have been answered (after one unmeasured
round), and every request must answer 200. Searches ask the twenty ``QUERIES`` in turn, then one
common word alone (it matches 43% of the archive), each kept by the server after its first answer
until the archive changes; then every request asks a word of the stored titles never asked before,
which the server must rank and cut snippets for. The load average is printed with the figures,
since the clients and whatever else runs share the machine's cores with the server; the server's
own CPU time per request does not depend on that load.

Prints a table of p50 / p95 / p99 latency (ms), requests/s and server CPU ms per request for each
page, with the targets (story page p95 <= 100 ms, home and search p95 <= 200 ms), or one JSON
object with ``--json``.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import os
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager, suppress
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from ingest import INPUTS  # benchmarks/ingest.py: every article-bearing file of the shared data

from synoptic import pipeline
from synoptic.settings import Settings
from synoptic.store import Store

# The targets of issue 6, point 7: p95 latency in ms at 20 concurrent clients.
TARGETS_MS = {
    "story page": 100.0,
    "home page": 200.0,
    "search page": 200.0,
    "search page, one common word": 200.0,
    "search page, every query new": 200.0,
}
# The largest story whose synopsis is measured: a typical story, not the 74-article outlier.
MEASURED_STORY_MAX_ARTICLES = 10
# What readers search for, asked in turn (each request runs its query): common and rare words, two-word
# queries. In the replayed archive they match from 65 ("oil prices") to 4,610 ("president") articles.
QUERIES = (
    "president", "earthquake", "police", "election", "court ruling", "missile", "hurricane", "prime minister",
    "trade", "fire", "vote", "killed", "arrested", "oil prices", "senate", "protest", "hospital", "nuclear",
    "immigration", "stock market",
)  # fmt: skip
# One replay, in SQL: the originals (ids up to :raw, :article, :story) copied with their times shifted by
# :days and their digests salted with :r. The FTS5 triggers of migration 0004 index the copied articles.
_REPLAY = (
    "INSERT INTO raw_documents (id, sha256, source, kind, url, outlet_hint, fields, content, size, received_at) "
    "SELECT id + :r * :raw, salted(sha256, :r), source, kind, url, outlet_hint, fields, content, size, "
    "shifted(received_at, :days) FROM raw_documents WHERE id <= :raw",
    "INSERT INTO articles (id, raw_id, outlet_id, url, url_hash, title, authors, published, language, text, "
    "content_hash, word_count, ingested_at, extracted_at, extractor_version, event_time) "
    "SELECT id + :r * :article, raw_id + :r * :raw, outlet_id, url, salted(url_hash, :r), title, authors, "
    "shifted(published, :days), language, text, salted(content_hash, :r), word_count, shifted(ingested_at, :days), "
    "extracted_at, extractor_version, shifted(event_time, :days) FROM articles WHERE id <= :article",
    "INSERT INTO stories (id, title, first_seen, last_seen, articles, outlets, updated_at) "
    "SELECT id + :r * :story, title, shifted(first_seen, :days), shifted(last_seen, :days), articles, outlets, "
    "updated_at FROM stories WHERE id <= :story",
    "INSERT INTO story_articles (article_id, story_id, score, reason, pinned) "
    "SELECT article_id + :r * :article, story_id + :r * :story, score, reason, pinned FROM story_articles "
    "WHERE article_id <= :article",
    "INSERT INTO copies (article_id, origin_id, containment) "
    "SELECT article_id + :r * :article, origin_id + :r * :article, containment FROM copies "
    "WHERE article_id <= :article",
)


@dataclass(frozen=True)
class Latency:
    """What one page's measurement found: latency percentiles (ms) and throughput."""

    page: str
    path: str
    requests: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    requests_per_second: float
    target_p95_ms: float | None
    # The server's CPU time per request: what the page costs, whatever else loads the machine.
    server_cpu_ms: float = 0.0

    @property
    def met(self) -> bool | None:
        """Whether the p95 is within the page's target (None: no target)."""
        return None if self.target_p95_ms is None else self.p95_ms <= self.target_p95_ms


# -- build -------------------------------------------------------------------------------------------------------


def build(db: Path, articles: int, period: timedelta, workers: int) -> dict[str, Any]:
    """A fresh database at ``db`` (replacing one there): the shared corpora ingested and clustered, then
    replayed to ``articles``."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    settings = Settings(db=str(db), workers=workers)
    started = time.perf_counter()
    with Store.open(str(db)) as store:
        summary = pipeline.ingest([str(path) for path in INPUTS], store, settings)
        pipeline.cluster(store, settings)
    ingested = time.perf_counter()
    replays = replay(db, articles, period)
    return {
        "corpus_articles": summary.stored,
        "replays": replays,
        "seconds_ingest_and_cluster": round(ingested - started, 1),
        "seconds_replay": round(time.perf_counter() - ingested, 1),
    }


def replay(db: Path, target: int, period: timedelta) -> int:
    """Copy the stored articles in SQL with their raw inputs, stories and copy groups, each copy ``r *
    period`` earlier, until there are at least ``target``; returns the number of replays. Replay ``r``
    takes the ids of the originals plus ``r`` times the largest original id of each table."""
    with closing(sqlite3.connect(db, timeout=30)) as connection:
        connection.create_function("salted", 2, _salted, deterministic=True)
        connection.create_function("shifted", 2, _shifted, deterministic=True)
        count, last_article = connection.execute("SELECT count(*), max(id) FROM articles").fetchone()
        last = {"article": last_article, **_last_ids(connection)}
        replays: int = max(0, math.ceil(target / count) - 1)
        for r in range(1, replays + 1):
            for statement in _REPLAY:
                connection.execute(statement, {**last, "r": r, "days": -r * period / timedelta(days=1)})
        connection.commit()
    return replays


def _last_ids(connection: sqlite3.Connection) -> dict[str, int]:
    (raw,) = connection.execute("SELECT max(id) FROM raw_documents").fetchone()
    (story,) = connection.execute("SELECT coalesce(max(id), 0) FROM stories").fetchone()
    return {"raw": raw, "story": story}


def _salted(value: str | None, replay_number: int) -> str | None:
    """A digest unique to one replay of ``value`` (None stays None)."""
    return None if value is None else hashlib.sha256(f"{value}:replay:{replay_number}".encode()).hexdigest()


def _shifted(value: str | None, days: float) -> str | None:
    """A stored time (SQLAlchemy's SQLite format) moved by ``days``."""
    if value is None:
        return None
    moved = datetime.fromisoformat(value) + timedelta(days=days)
    return moved.isoformat(sep=" ", timespec="microseconds")


def measured_story(store: Store) -> int:
    """The story with the most outlets among those of at most ``MEASURED_STORY_MAX_ARTICLES`` articles."""
    best = max(
        (s for s in store.stories(limit=1_000_000) if s.articles <= MEASURED_STORY_MAX_ARTICLES),
        key=lambda s: (s.outlets, s.articles, s.id),
    )
    return best.id


def describe(db: Path) -> dict[str, Any]:
    """What the database holds: articles, stories, outlets, kept synopses, size on disk."""
    with closing(sqlite3.connect(db)) as connection:
        counts = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("articles", "stories", "outlets", "synopses")
        }
    return {**counts, "megabytes": round(db.stat().st_size / 2**20, 1)}


# -- measure -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    """A running ``synoptic serve``: its base URL and process id."""

    base: str
    pid: int

    def cpu_seconds(self) -> float:
        """CPU time the server process has used so far (user + system, from /proc)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def serving(db: Path) -> Iterator[Server]:
    """``synoptic serve`` on a free loopback port, read-only, in a child process."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "SYNOPTIC_API_TOKEN"}
    command = [sys.executable, "-m", "synoptic", "serve", "--db", str(db), "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(base, server)
        yield Server(base, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"synoptic serve exited with status {server.returncode}")
        try:
            httpx.get(base + "/favicon.ico", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("synoptic serve did not start within 60 s")


def measure(server: Server, page: str, paths: list[str], clients: int, requests: int) -> Latency:
    """``requests`` GETs of ``paths`` (in turn) from ``clients`` threads sending back to back, after one
    unmeasured round."""
    timings: list[float] = []
    left = iter(range(requests))  # each measured request takes one number; next() is atomic under the GIL
    turn = itertools.cycle(paths)
    barrier = threading.Barrier(clients + 1)

    def client() -> None:
        try:
            with httpx.Client(base_url=server.base, timeout=60) as http:
                _get(http, next(turn))  # warm-up: the connection and the server's caches
                barrier.wait()
                while next(left, None) is not None:
                    path = next(turn)
                    began = time.perf_counter()
                    _get(http, path)
                    timings.append(time.perf_counter() - began)
        except BaseException:
            barrier.abort()  # the others stop waiting; the error is raised below
            raise

    with ThreadPoolExecutor(clients) as pool:
        running = [pool.submit(client) for _ in range(clients)]
        with suppress(threading.BrokenBarrierError):
            barrier.wait()
        started, cpu = time.perf_counter(), server.cpu_seconds()
        for future in running:
            future.result()
    shown = paths[0] if len(paths) == 1 else f"{paths[0]} … ({len(paths)} in turn)"
    latency = _latency(page, shown, timings, time.perf_counter() - started)
    return replace(latency, server_cpu_ms=round(1000 * (server.cpu_seconds() - cpu) / requests, 2))


def _get(http: httpx.Client, path: str) -> None:
    response = http.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path}: {response.status_code} {response.text[:200]}")


def _latency(page: str, path: str, timings: list[float], seconds: float) -> Latency:
    cuts = statistics.quantiles([1000 * t for t in timings], n=100, method="inclusive")
    return Latency(
        page=page,
        path=path,
        requests=len(timings),
        p50_ms=round(cuts[49], 1),
        p95_ms=round(cuts[94], 1),
        p99_ms=round(cuts[98], 1),
        mean_ms=round(1000 * statistics.fmean(timings), 1),
        requests_per_second=round(len(timings) / seconds, 1),
        target_p95_ms=TARGETS_MS.get(page),
    )


def new_queries(db: Path, count: int, seed: int = 0) -> list[str]:
    """``count`` different words of five letters or more from the stored titles, drawn at random: queries
    the server has not answered before (read from the database, so no text is kept here)."""
    with closing(sqlite3.connect(db)) as connection:
        titles = [row[0] for row in connection.execute("SELECT DISTINCT title FROM articles")]
    words = sorted({word.lower() for title in titles for word in re.findall(r"[^\W\d_]{5,}", title)})
    return random.Random(seed).sample(words, min(count, len(words)))


def pages(story_id: int, common_word: str, fresh: list[str]) -> list[tuple[str, list[str]]]:
    """The measured pages and their API equivalents: (name, paths asked in turn)."""

    def search(path: str, queries: tuple[str, ...]) -> list[str]:
        return [f"{path}?{httpx.QueryParams({'q': query})}" for query in queries]

    return [
        ("story page", [f"/stories/{story_id}"]),
        ("story synopsis API", [f"/api/v1/stories/{story_id}/synopsis"]),
        ("story API", [f"/api/v1/stories/{story_id}"]),
        ("home page", ["/"]),
        ("stories API", ["/api/v1/stories?limit=30"]),
        ("search page", search("/search", QUERIES)),
        ("search API", search("/api/v1/search", QUERIES)),
        ("search page, one common word", search("/search", (common_word,))),
        ("search page, every query new", search("/search", tuple(fresh))),
    ]


# -- report ------------------------------------------------------------------------------------------------------


def table(report: dict[str, Any]) -> str:
    """The figures as a Markdown table, with what the database held and the machine's load."""
    lines = [
        f"{report['database']['articles']:,} articles, {report['database']['stories']:,} stories; measured story "
        f"{report['story']} ({report['story_articles']} articles, synopsis kept); {report['clients']} clients; "
        f"load average {report['load_before']} before, {report['load_after']} after ({os.cpu_count()} cores)",
        "",
        "| page | path | p50 ms | p95 ms | p99 ms | requests/s | server CPU ms/request | target p95 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in report["latency"]:
        verdict = "met" if row["met"] else "MISSED"
        target = "" if row["target_p95_ms"] is None else f"{row['target_p95_ms']:.0f} ms: {verdict}"
        lines.append(
            f"| {row['page']} | `{row['path']}` | {row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} | "
            f"{row['requests_per_second']} | {row['server_cpu_ms']} | {target} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Parse the options, build (or reuse) the database, cache the story's synopsis, serve and measure."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path("/tmp/synoptic-web-bench.db"), help="built here (replaced)")
    parser.add_argument("--reuse", action="store_true", help="measure the database at --db when it exists")
    parser.add_argument("--articles", type=int, default=10_000, help="articles in the built database (at least)")
    parser.add_argument("--period-days", type=float, default=35.0, help="shift between replays (> 2 story windows)")
    parser.add_argument("--workers", type=int, default=2, help="extraction processes while building")
    parser.add_argument("--story", type=int, help="the story measured (default: see above)")
    parser.add_argument("--common-word", default="president", help="the word of the worst-case search")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400, help="measured requests per page")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args()
    report: dict[str, Any] = {}
    if not (args.reuse and args.db.exists()):
        report["build"] = build(args.db, args.articles, timedelta(days=args.period_days), args.workers)
    with Store.open(str(args.db)) as store:
        story_id = args.story or measured_story(store)
        synopsis = pipeline.story_synopsis(store, story_id, Settings(db=str(args.db)))
    report.update(database=describe(args.db), story=story_id, story_articles=len(synopsis["articles"]))
    report.update(clients=args.clients, queries=[*QUERIES], common_word=args.common_word, load_before=_load())
    with serving(args.db) as server:
        fresh = new_queries(args.db, args.requests + args.clients)
        measured = pages(story_id, args.common_word, fresh)
        found = [measure(server, page, paths, args.clients, args.requests) for page, paths in measured]
    report.update(load_after=_load(), latency=[{**asdict(row), "met": row.met} for row in found])
    print(json.dumps(report, indent=2) if args.json else table(report))


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


if __name__ == "__main__":
    main()
