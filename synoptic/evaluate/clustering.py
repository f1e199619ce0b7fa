"""Story clustering on labelled corpora: data loaders, the metrics, and the seeded-order runner.

Corpora (a folder, or for JSONL a file), each article with a gold story label:

* ECB+ (``ecbplus_docs.jsonl``): gold = ``subtopic`` (each topic holds two similar events); the
  first sentence (``title_guess``) is the title; undated, so no time window applies;
* BASIL (``articles/<year>/<triplet>_<n>.json``): gold = ``triplet-uuid``; dated;
* NewsWCL50 (``1-raw-articles/event_<e>/<e>_<outlet>.txt``): gold = the event folder; URL and
  outlet from ``urls.tsv``, and the date written in the URL where there is one (as an extractor
  reads it; HuffPost's URLs carry none);
* generic JSONL, one article per line: ``id``, ``text``, optional ``title``, ``url``, ``outlet``,
  ``published`` (ISO 8601), ``gold`` (or ``label``; without one an article is its own story),
  ``copy_of``.

Gold labels are prefixed with the corpus, so stories of different corpora clustered together
never count as one. The articles are streamed through copy detection and the online clusterer,
as at ingest (7-day window; nothing expires, since a random order is not a time order), in
``orders`` seeded random orders, and the stories then settle (``StoryClusterer.flush``), as they
do when their window closes. The figures are means over the orders; ``live`` gives them for the
assignments before settling.

Metrics, from the contingency table of predicted story x gold story: B³ precision and recall
(per article: the share of its predicted story that shares its gold label, and the share of its
gold story found in its predicted story, averaged over articles), pairwise F1 (over article
pairs put together), and V-measure (the harmonic mean of homogeneity and completeness).
"""

from __future__ import annotations

import json
import math
import random
import re
import statistics
import time
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from synoptic.cluster import CopyDetector, NewsItem, StoryClusterer, place
from synoptic.cluster.stories import DEFAULT_WINDOW
from synoptic.errors import EvaluationError

ECBPLUS_FILE = "ecbplus_docs.jsonl"
NEWSWCL_FOLDER = "1-raw-articles"
BASIL_FOLDER = "articles"


@dataclass(frozen=True)
class Labelled:
    """One article of a labelled corpus: the item, its gold story, the article it copies if known."""

    item: NewsItem
    gold: str
    copy_of: str | None = None


# --- loaders --------------------------------------------------------------------------------------


def load_corpus(path: Path) -> list[Labelled]:
    """The labelled articles at ``path``, whose layout (ECB+, BASIL, NewsWCL50, JSONL) is detected."""
    if not path.exists():
        raise EvaluationError("no such file or folder", subject=str(path))
    if path.is_dir() and (path / ECBPLUS_FILE).is_file():
        return load_ecbplus(path / ECBPLUS_FILE)
    if path.is_dir() and (path / NEWSWCL_FOLDER).is_dir():
        return load_newswcl50(path)
    if path.is_dir() and (path / BASIL_FOLDER).is_dir():
        return load_basil(path)
    if path.is_file() and path.name == ECBPLUS_FILE:
        return load_ecbplus(path)
    if path.is_file():
        return load_jsonl(path)
    raise EvaluationError("not a known corpus layout (ECB+, BASIL, NewsWCL50 or a JSONL file)", str(path))


def load_corpora(paths: Sequence[Path]) -> list[Labelled]:
    """The articles of every path, gold labels kept apart per corpus; ids must be unique."""
    if not paths:
        raise EvaluationError("no corpus given")
    articles: list[Labelled] = []
    for path in paths:
        articles.extend(Labelled(a.item, f"{path.resolve().name}/{a.gold}", a.copy_of) for a in load_corpus(Path(path)))
    duplicates = [key for key, count in Counter(a.item.id for a in articles).items() if count > 1]
    if duplicates:
        raise EvaluationError(f"article id {duplicates[0]!r} occurs more than once", str(paths[0]))
    return articles


def _json_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line of a JSONL file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise EvaluationError(f"cannot read: {error}", str(path)) from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise EvaluationError(f"line {number}: not JSON ({error.msg})", str(path)) from error
        if not isinstance(record, dict):
            raise EvaluationError(f"line {number}: not a JSON object", str(path))
        yield number, record


def load_ecbplus(path: Path) -> list[Labelled]:
    """ECB+ documents: gold = subtopic; the first sentence (``title_guess``) serves as title."""
    articles = []
    for number, record in _json_lines(path):
        _require(record, ("doc_id", "subtopic", "text"), path, number)
        item = NewsItem(id=str(record["doc_id"]), text=record["text"], title=record.get("title_guess") or "")
        articles.append(Labelled(item, str(record["subtopic"])))
    return _non_empty(articles, path)


def load_basil(path: Path) -> list[Labelled]:
    """BASIL articles: title, date, body paragraphs; gold = triplet-uuid."""
    articles = []
    for file in sorted((path / BASIL_FOLDER).glob("*/*.json")):
        record = _read_json(file)
        _require(record, ("triplet-uuid", "body-paragraphs"), file, None)
        paragraphs = [" ".join(sentences) for sentences in record["body-paragraphs"]]
        item = NewsItem(
            id=file.stem,
            text="\n".join(paragraphs),
            title=record.get("title") or "",
            published=_parse_time(record.get("date"), file),
            outlet=record.get("source"),
        )
        articles.append(Labelled(item, str(record["triplet-uuid"])))
    return _non_empty(articles, path)


def load_newswcl50(path: Path) -> list[Labelled]:
    """NewsWCL50 texts (one paragraph per line, no title line); gold = the event folder."""
    urls = _newswcl_urls(path)
    articles = []
    for file in sorted((path / NEWSWCL_FOLDER).glob("event_*/*.txt")):
        event = file.parent.name
        stem = file.name.split(".")[0]
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise EvaluationError(f"cannot read: {error}", str(file)) from error
        url = urls.get(stem)
        item = NewsItem(id=stem, text=text, outlet=_host(url), published=_url_date(url))
        articles.append(Labelled(item, event))
    return _non_empty(articles, path)


def _newswcl_urls(path: Path) -> dict[str, str]:
    """``<event>_<outlet>`` -> article URL, from urls.tsv (Event ID, Outlet, URL) when present."""
    urls = path / "urls.tsv"
    if not urls.is_file():
        return {}
    found = {}
    for line in urls.read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) >= 3:
            found[f"{parts[0]}_{parts[1]}"] = parts[2].strip()
    return found


# A date written into an article URL as /YYYY/MM/DD/ (how htmldate reads URLs).
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)/")


def _url_date(url: str | None) -> datetime | None:
    """The publication date in ``url`` (``/2018/04/17/``), as the extractor would read it; else None."""
    match = _URL_DATE.search(url or "")
    if not match:
        return None
    try:
        return datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=UTC)
    except ValueError:
        return None


def _host(url: str | None) -> str | None:
    return re.sub(r"^https?://(www\.)?", "", url).split("/")[0] if url else None


def load_jsonl(path: Path) -> list[Labelled]:
    """Generic JSONL: id, text, optional title, url, outlet, published, gold (or label), copy_of."""
    articles = []
    for number, record in _json_lines(path):
        _require(record, ("id", "text"), path, number)
        gold = record.get("gold", record.get("label"))
        item = NewsItem(
            id=str(record["id"]),
            text=str(record["text"] or ""),
            title=str(record.get("title") or ""),
            published=_parse_time(record.get("published"), path),
            outlet=record.get("outlet"),
            language=record.get("language"),
        )
        copy_of = record.get("copy_of")
        articles.append(Labelled(item, str(gold) if gold is not None else f"?{item.id}", _str(copy_of)))
    return _non_empty(articles, path)


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _read_json(file: Path) -> dict[str, Any]:
    try:
        record = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise EvaluationError(f"cannot read JSON: {error}", str(file)) from error
    if not isinstance(record, dict):
        raise EvaluationError("not a JSON object", str(file))
    return record


def _require(record: dict[str, Any], keys: Iterable[str], path: Path, line: int | None) -> None:
    missing = [key for key in keys if key not in record]
    if missing:
        where = f"line {line}: " if line else ""
        raise EvaluationError(f"{where}missing field {missing[0]!r}", str(path))


def _non_empty(articles: list[Labelled], path: Path) -> list[Labelled]:
    if not articles:
        raise EvaluationError("no articles found", str(path))
    return articles


def _parse_time(value: Any, path: Path) -> datetime | None:
    """An ISO 8601 date or time (naive ones are taken as UTC); None when absent."""
    if value in (None, ""):
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as error:
        raise EvaluationError(f"not an ISO 8601 date: {value!r}", str(path)) from error
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# --- metrics --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scores:
    """The clustering figures of one partition against the gold one."""

    b3_precision: float
    b3_recall: float
    b3_f1: float
    pairwise_f1: float
    v_measure: float
    stories: int
    gold_stories: int


def score_partition(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> Scores:
    """B³, pairwise F1 and V-measure of ``predicted`` story labels against ``gold`` labels."""
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold labels differ in length")
    table = Counter(zip(predicted, gold, strict=True))
    sizes, gold_sizes = Counter(predicted), Counter(gold)
    precision, recall = b_cubed(table, sizes, gold_sizes)
    return Scores(
        b3_precision=precision,
        b3_recall=recall,
        b3_f1=harmonic(precision, recall),
        pairwise_f1=pairwise_f1(table, sizes, gold_sizes),
        v_measure=v_measure(table, sizes, gold_sizes),
        stories=len(sizes),
        gold_stories=len(gold_sizes),
    )


Table = Counter[tuple[Hashable, Hashable]]


def b_cubed(table: Table, sizes: Counter[Hashable], gold_sizes: Counter[Hashable]) -> tuple[float, float]:
    """B³ precision and recall from the contingency table (article-weighted averages)."""
    total = sum(sizes.values())
    if not total:
        return 1.0, 1.0
    precision = sum(n * n / sizes[p] for (p, _), n in table.items()) / total
    recall = sum(n * n / gold_sizes[g] for (_, g), n in table.items()) / total
    return precision, recall


def pairwise_f1(table: Table, sizes: Counter[Hashable], gold_sizes: Counter[Hashable]) -> float:
    """F1 over article pairs: a pair is predicted when in one story, gold when in one gold story."""
    shared = sum(_pairs(n) for n in table.values())
    predicted = sum(_pairs(n) for n in sizes.values())
    actual = sum(_pairs(n) for n in gold_sizes.values())
    if not predicted and not actual:
        return 1.0
    return harmonic(shared / predicted if predicted else 1.0, shared / actual if actual else 1.0)


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def v_measure(table: Table, sizes: Counter[Hashable], gold_sizes: Counter[Hashable]) -> float:
    """Harmonic mean of homogeneity (1 - H(gold|pred)/H(gold)) and completeness (1 - H(pred|gold)/H(pred))."""
    total = sum(sizes.values())
    if not total:
        return 1.0
    h_gold, h_pred = _entropy(gold_sizes.values(), total), _entropy(sizes.values(), total)
    h_gold_given_pred = -sum(n / total * math.log(n / sizes[p]) for (p, _), n in table.items())
    h_pred_given_gold = -sum(n / total * math.log(n / gold_sizes[g]) for (_, g), n in table.items())
    homogeneity = 1.0 - h_gold_given_pred / h_gold if h_gold else 1.0
    completeness = 1.0 - h_pred_given_gold / h_pred if h_pred else 1.0
    return harmonic(homogeneity, completeness)


def _entropy(counts: Iterable[int], total: int) -> float:
    return -sum(n / total * math.log(n / total) for n in counts if n)


def harmonic(a: float, b: float) -> float:
    """The harmonic mean of two figures (0 when both are 0)."""
    return 2 * a * b / (a + b) if a + b else 0.0


# --- the runner -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderRun:
    """One pass over the corpus in one order: each article's story once settled (``stories``) and
    as assigned live, before the end-of-stream settling (``live``), and the seconds it all took."""

    stories: dict[str, int]
    live: dict[str, int]
    seconds: float


def shuffled(articles: Sequence[Labelled], seed: int, order: int) -> list[Labelled]:
    """The articles in the ``order``-th seeded random order (the same for the same seed and order)."""
    copy = list(articles)
    random.Random(f"synoptic/{seed}/{order}").shuffle(copy)
    return copy


def cluster_stream(articles: Iterable[Labelled], clusterer: StoryClusterer | None = None) -> OrderRun:
    """Stream ``articles`` through copy detection and the clusterer as ingest does, then settle
    the stories (``flush``); time it all. Returns each article's final story."""
    if clusterer is None:
        clusterer = StoryClusterer(window=DEFAULT_WINDOW, lateness=None)
    copies = CopyDetector(window=DEFAULT_WINDOW, lateness=None)
    stories: dict[str, int] = {}
    merges: list[tuple[int, int]] = []
    start = time.perf_counter()
    for labelled in articles:
        assignment = place(labelled.item, copies, clusterer).assignment
        stories[labelled.item.id] = assignment.story_id
        merges.extend(assignment.merged)
    live = resolve_merges(stories, merges)
    merges.extend(clusterer.flush())
    seconds = time.perf_counter() - start
    return OrderRun(resolve_merges(stories, merges), live, seconds)


def resolve_merges(stories: Mapping[str, int], merges: Iterable[tuple[int, int]]) -> dict[str, int]:
    """Each article's story after the ``(absorbed, into)`` merges, applied in order."""
    final: dict[int, int] = {}
    for absorbed, into in merges:
        final[absorbed] = into
    resolved = {}
    for article, story in stories.items():
        seen = set()
        while story in final and story not in seen:
            seen.add(story)
            story = final[story]
        resolved[article] = story
    return resolved


def evaluate_clustering(
    paths: list[Path], orders: int = 5, seed: int = 0, assignments_out: Path | None = None
) -> dict[str, Any]:
    """B³, pairwise F1, V-measure and speed of story clustering on the corpora at ``paths``.

    Figures are means over ``orders`` seeded random orders, for the stories as settled at the end
    of the stream (``StoryClusterer.flush``); ``spread`` gives the B³-F1 range over the orders and
    ``live`` the figures of the assignments as made, before settling. ``assignments_out``
    receives ``{"id", "story"}`` (settled story) per article for the first order.
    """
    if orders < 1:
        raise EvaluationError("orders must be at least 1")
    articles = load_corpora(paths)
    gold = {a.item.id: a.gold for a in articles}
    runs = [cluster_stream(shuffled(articles, seed, k)) for k in range(orders)]
    scores = [score_partition([r.stories[i] for i in gold], list(gold.values())) for r in runs]
    live = [score_partition([r.live[i] for i in gold], list(gold.values())) for r in runs]
    if assignments_out is not None:
        _write_assignments(assignments_out, shuffled(articles, seed, 0), runs[0])
    return _report(scores, runs, len(articles)) | {"live": _live_report(live)}


def _live_report(scores: list[Scores]) -> dict[str, Any]:
    """Figures of the live assignments, before the stories settle (means over the orders)."""
    return {
        "b3": {
            "precision": statistics.fmean(s.b3_precision for s in scores),
            "recall": statistics.fmean(s.b3_recall for s in scores),
            "f1": statistics.fmean(s.b3_f1 for s in scores),
        },
        "pairwise_f1": statistics.fmean(s.pairwise_f1 for s in scores),
        "stories": statistics.fmean(s.stories for s in scores),
    }


def _report(scores: list[Scores], runs: list[OrderRun], articles: int) -> dict[str, Any]:
    """The JSON report: means over the orders, with the B³-F1 spread."""
    f1s = [s.b3_f1 for s in scores]
    return {
        "b3": {
            "precision": statistics.fmean(s.b3_precision for s in scores),
            "recall": statistics.fmean(s.b3_recall for s in scores),
            "f1": statistics.fmean(f1s),
        },
        "pairwise_f1": statistics.fmean(s.pairwise_f1 for s in scores),
        "v_measure": statistics.fmean(s.v_measure for s in scores),
        "stories": statistics.fmean(s.stories for s in scores),
        "gold_stories": scores[0].gold_stories,
        "articles": articles,
        "articles_per_second": articles * len(runs) / sum(r.seconds for r in runs),
        "orders": len(runs),
        "spread": {"b3_f1_min": min(f1s), "b3_f1_max": max(f1s), "b3_f1_stdev": statistics.pstdev(f1s)},
    }


def _write_assignments(path: Path, ordered: list[Labelled], run: OrderRun) -> None:
    """One ``{"id", "story"}`` line per article, in the streamed order."""
    try:
        with path.open("w", encoding="utf-8") as out:
            for labelled in ordered:
                out.write(json.dumps({"id": labelled.item.id, "story": run.stories[labelled.item.id]}) + "\n")
    except OSError as error:
        raise EvaluationError(f"cannot write assignments: {error}", str(path)) from error
