"""Ingest throughput: every text and HTML article of ../shared/data, into SQLite or PostgreSQL.

    python benchmarks/ingest.py [--workers 2] [--postgres]

Prints one JSON object: articles stored, failed, seconds and articles per second (extraction,
language identification and storage included; inputs read from local files).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from synoptic.pipeline import ingest
from synoptic.settings import Settings
from synoptic.store import Store
from synoptic.store.pgtemp import new_database, temporary_postgres

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
# Every article-bearing file of the shared data sets (not their README or PROVENANCE files).
INPUTS = [
    DATA / "zyte-extraction" / "html",
    DATA / "basil" / "articles",
    DATA / "newswcl50" / "1-raw-articles",
    DATA / "polnear" / "data" / "train" / "text",
    DATA / "polnear" / "data" / "dev" / "text",
    DATA / "ecbplus" / "ecbplus_docs.jsonl",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=1, help="extraction processes")
    parser.add_argument("--postgres", action="store_true", help="store into a throw-away PostgreSQL server")
    args = parser.parse_args()
    with ExitStack() as stack:
        if args.postgres:
            db = new_database(stack.enter_context(temporary_postgres()))
        else:
            db = str(Path(stack.enter_context(tempfile.TemporaryDirectory())) / "bench.db")
        store = stack.enter_context(Store.open(db))
        started = time.perf_counter()
        summary = ingest([str(path) for path in INPUTS], store, Settings(db=db, workers=args.workers))
        seconds = time.perf_counter() - started
    result = {
        "database": "postgresql" if args.postgres else "sqlite",
        "workers": args.workers,
        "stored": summary.stored,
        "duplicates": summary.duplicates,
        "failed": summary.failed,
        "seconds": round(seconds, 2),
        "articles_per_second": round((summary.stored + summary.duplicates + summary.failed) / seconds, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
