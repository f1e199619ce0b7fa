"""Synopsis speed on a stored story of 10 and of 50 real articles, models loaded ("warm").

    .venv/bin/python benchmarks/synopsis.py [--data ../shared/data/newswcl50] [--workers 2]

The articles are NewsWCL50's (10 events x 5 outlets, ~830 words each, longer than most wire
stories): the first 10 (two events) and all 50 are ingested into a fresh SQLite store and put
into one story each. The analysis processes and the models are loaded first, as in a running
server. For each story it times ``pipeline.story_synopsis``:

* ``first``: nothing cached (every text analysed: sentences, quotes, sentence encodings);
* ``changed``: the story changed (its synopsis redone) but its articles' analyses are stored;
* ``cached``: the same story asked again (served from the stored synopsis).

Each time comes with the 1-minute load average just before it (``load``): the machine is shared,
and a load above 2 means other jobs took part of the two cores. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from synoptic import pipeline
from synoptic.analyze.article import analyze_texts
from synoptic.analyze.embeddings import default_embedder
from synoptic.analyze.nlp import load_model
from synoptic.settings import Settings
from synoptic.store import Store
from synoptic.store.schema import synopses

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "newswcl50"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--workers", type=int, default=Settings().analysis_workers)
    args = parser.parse_args()
    files = sorted((args.data / "1-raw-articles").glob("event_*/*.txt"))
    settings = Settings(db="unused", analysis_workers=args.workers)
    load_model()
    default_embedder().load()
    analyze_texts(["A warm-up sentence.", "Another one."], args.workers)
    report: dict[str, object] = {"workers": args.workers, "data": str(args.data)}
    with tempfile.TemporaryDirectory() as folder:
        for size in (10, 50):
            with Store.open(str(Path(folder) / f"{size}.db")) as store:
                report[f"{size}_articles"] = time_story(store, files[:size], settings)
    print(json.dumps(report, indent=2))


def time_story(store: Store, files: list[Path], settings: Settings) -> dict[str, object]:
    """Ingest ``files`` as one story and time its synopsis: first, after a change, and cached."""
    pipeline.ingest([str(f) for f in files], store, settings)
    story_id = None
    for article in store.unclustered(len(files)):
        story_id = store.assign(article.id or 0, story_id, 1.0, "benchmark: one story")
    assert story_id is not None
    seconds, load = {}, {}
    for run in ("first", "changed", "cached"):
        if run == "changed":
            with store.engine.begin() as connection:
                connection.execute(synopses.delete())
        load[run] = round(os.getloadavg()[0], 1)
        start = time.perf_counter()
        synopsis = pipeline.story_synopsis(store, story_id, settings)
        seconds[run] = round(time.perf_counter() - start, 2)
    return {
        "articles": len(files),
        "words": sum(len(f.read_text(encoding="utf-8").split()) for f in files),
        "facts": len(synopsis["facts"]),
        "quote_groups": len(synopsis["quotes"]),
        "seconds": seconds,
        "load": load,
    }


if __name__ == "__main__":
    main()
