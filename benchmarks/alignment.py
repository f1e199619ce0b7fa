"""Fact alignment speed: MiniLM sentences/s, and align_statements on 10- and 50-article inputs.

    .venv/bin/python benchmarks/alignment.py [--data ../shared/data/newswcl50] [--threads 1]

The inputs are real articles (NewsWCL50: 10 events x 5 outlets), cut into sentences by a plain
regular expression: the first 10 articles (two events) and all 50. For each size it times the
model pass over all sentences with an empty cache ("encode"), then align_statements with the
encodings cached ("align, warm": candidates, features, grouping), and prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

from synoptic.analyze.embeddings import THREADS, Embedder
from synoptic.compare.similarity import align_statements

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "newswcl50"
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“‘]?[A-Z])")
_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|St|Jr|[A-Z])\.$")
MIN_WORDS = 4


def sentences(text: str) -> list[str]:
    """The sentences of an article, roughly: paragraph lines cut after . ! ? (not after Mr. or an initial)."""
    found: list[str] = []
    for paragraph in filter(None, (line.strip() for line in text.splitlines())):
        pending = ""
        for piece in _SENTENCE_END.split(paragraph):
            pending = f"{pending} {piece}".strip()
            if not _ABBREVIATION.search(pending):
                found.append(pending)
                pending = ""
        found.append(pending)
    return [s for s in found if len(s.split()) >= MIN_WORDS]


def load_articles(data: Path) -> dict[str, list[str]]:
    """Article name -> sentences, events in order, outlets in name order within each event."""
    folders = sorted((data / "1-raw-articles").glob("event_*"), key=lambda p: int(p.name.split("_")[1]))
    paths = [path for folder in folders for path in sorted(folder.glob("*.txt"))]
    if not paths:
        raise SystemExit(f"no NewsWCL50 articles under {data}")
    return {path.stem: sentences(path.read_text(encoding="utf-8")) for path in paths}


def measure(articles: dict[str, list[str]], threads: int) -> dict[str, float | int]:
    """Encode time with an empty cache, then the alignment time with everything cached."""
    embedder = Embedder(threads=threads)
    embedder.load()
    texts = [s for statements in articles.values() for s in statements]
    started = time.perf_counter()
    embedder.encode_tokens(texts)
    encode = time.perf_counter() - started
    started = time.perf_counter()
    facts = align_statements(articles, embedder)
    align = time.perf_counter() - started
    return {
        "articles": len(articles),
        "sentences": len(texts),
        "encode_seconds": round(encode, 2),
        "sentences_per_second": round(len(set(texts)) / encode, 1),
        "align_seconds_warm": round(align, 3),
        "total_seconds_cold": round(encode + align, 2),
        "facts": len(facts),
        "facts_with_two_or_more_articles": sum(len(f) > 1 for f in facts),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--threads", type=int, default=THREADS, help="torch threads while encoding")
    args = parser.parse_args()
    articles = load_articles(args.data)
    names = list(articles)
    results = [measure({n: articles[n] for n in names[:size]}, args.threads) for size in (10, 50)]
    print(json.dumps({"threads": args.threads, "runs": results}, indent=2))


if __name__ == "__main__":
    main()
