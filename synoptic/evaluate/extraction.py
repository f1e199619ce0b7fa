"""Article-body extraction quality on the Zyte article-extraction benchmark.

The metric is the benchmark's own (``evaluate.py`` of scrapinghub/article-extraction-benchmark):
texts are cut into ``\\w+`` tokens, then into overlapping word 4-grams ("shingles") counted as
a multiset. Per page, precision = shared / predicted shingles and recall = shared / gold
shingles; both are macro-averaged over pages and F1 is taken from the two averages. A page
whose prediction is empty counts in recall (as 0) but not in precision; a page whose gold body
is empty counts in precision only. A text of fewer than four tokens is one shorter shingle.

The benchmark folder holds ``ground-truth.json`` (id -> ``articleBody``, ``url``), ``html/<id>.html.gz``
and ``output_baselines.tar.xz`` with the published systems' outputs, which are read in place
so that every system is scored by this same code.
"""

from __future__ import annotations

import gzip
import json
import re
import tarfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from synoptic.errors import EvaluationError, ExtractionError
from synoptic.extract.decode import declared_charset, decode
from synoptic.extract.html import extract_page

# Shingle length of the benchmark's metric (word 4-grams).
SHINGLE_SIZE = 4
GROUND_TRUTH = "ground-truth.json"
HTML_FOLDER = "html"
PUBLISHED_OUTPUTS = "output_baselines.tar.xz"
# The name our own row carries in comparison tables.
OURS = "synoptic"
# Page F1 differences below this are ties (float rounding, not a different extraction).
_TIE = 1e-9

_TOKEN = re.compile(r"\w+")

Shingle = tuple[str, ...]


def tokens(text: str) -> list[str]:
    """The benchmark's tokens: maximal runs of word characters (any script)."""
    return _TOKEN.findall(text or "")


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[Shingle]:
    """The multiset of word ``size``-grams of ``text``; a shorter text is one shorter shingle."""
    return _shingles_of(tuple(tokens(text)), size)


def _shingles_of(words: tuple[str, ...], size: int) -> Counter[Shingle]:
    if len(words) < size:
        return Counter([words] if words else [])
    return Counter(zip(*(words[i:] for i in range(size)), strict=False))


@dataclass(frozen=True)
class _Features:
    """What the metric needs of one text: its tokens, its shingles and those occurring more than once."""

    tokens: tuple[str, ...]
    shingles: Counter[Shingle]
    repeated: frozenset[Shingle]


@lru_cache(maxsize=1024)
def _features(text: str) -> _Features:
    """Cached: each gold body is compared with ~30 systems' outputs."""
    words = tuple(tokens(text))
    counts = _shingles_of(words, SHINGLE_SIZE)
    return _Features(words, counts, frozenset(shingle for shingle, count in counts.items() if count > 1))


@dataclass(frozen=True)
class PageScore:
    """Shingle counts of one page: shared (tp), predicted only (fp), gold only (fn)."""

    tp: int
    fp: int
    fn: int
    exact: bool = False  # the prediction has exactly the gold's tokens

    @property
    def precision(self) -> float | None:
        """Shared / predicted shingles; None when the prediction is empty (not averaged)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """Shared / gold shingles; None when the gold body is empty (not averaged)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float:
        """Harmonic mean of this page's precision and recall (0 when either is missing or 0)."""
        return _harmonic(self.precision or 0.0, self.recall or 0.0)


def score_page(gold: str, predicted: str) -> PageScore:
    """Compare one predicted body with its gold body, shingle by shingle (as multisets)."""
    ours, theirs = _features(predicted), _features(gold)
    # Most shingles occur once: count the common ones, then add what repeats on both sides share.
    shared = len(ours.shingles.keys() & theirs.shingles.keys()) + sum(
        min(ours.shingles[shingle], theirs.shingles[shingle]) - 1 for shingle in ours.repeated & theirs.repeated
    )
    return PageScore(
        tp=shared,
        fp=ours.shingles.total() - shared,
        fn=theirs.shingles.total() - shared,
        exact=ours.tokens == theirs.tokens,
    )


@dataclass(frozen=True)
class Scores:
    """Macro-averaged precision and recall over pages, F1 of the two, and the page count."""

    precision: float
    recall: float
    f1: float
    pages: int
    accuracy: float  # share of pages whose tokens equal the gold's exactly


def aggregate(pages: Sequence[PageScore]) -> Scores:
    """Average page scores the way the benchmark does (see the module docstring)."""
    precision = _mean(score.precision for score in pages)
    recall = _mean(score.recall for score in pages)
    return Scores(
        precision=precision,
        recall=recall,
        f1=_harmonic(precision, recall),
        pages=len(pages),
        accuracy=_mean(float(score.exact) for score in pages),
    )


def score_outputs(gold: Mapping[str, str], predicted: Mapping[str, str]) -> dict[str, PageScore]:
    """Score every page of ``gold``; a page missing from ``predicted`` counts as empty."""
    return {page_id: score_page(body, predicted.get(page_id) or "") for page_id, body in gold.items()}


@dataclass(frozen=True)
class BenchmarkPage:
    """One page of the benchmark: its id, URL, gold body and compressed HTML file."""

    id: str
    url: str | None
    gold: str
    html_path: Path


def load_benchmark(data: Path) -> list[BenchmarkPage]:
    """The pages of the benchmark folder ``data``; raises EvaluationError if it is missing or malformed."""
    truth = _read_ground_truth(data)
    pages = []
    for page_id, item in sorted(truth.items()):
        gold = (item.get("articleBody") if isinstance(item, dict) else None) or ""
        if not isinstance(item, dict) or not isinstance(gold, str):
            raise EvaluationError(f"page {page_id!r} has no articleBody string", subject=str(data / GROUND_TRUTH))
        html_path = data / HTML_FOLDER / f"{page_id}.html.gz"
        if not html_path.is_file():
            raise EvaluationError(f"HTML of page {page_id!r} is missing", subject=str(html_path))
        pages.append(BenchmarkPage(page_id, item.get("url"), gold, html_path))
    return pages


def _read_ground_truth(data: Path) -> dict[str, Any]:
    path = data / GROUND_TRUTH
    if not data.is_dir():
        raise EvaluationError("benchmark folder not found", subject=str(data))
    try:
        truth = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise EvaluationError(f"cannot read ground truth: {error}", subject=str(path)) from error
    if not isinstance(truth, dict) or not truth:
        raise EvaluationError("ground truth is not a non-empty JSON object of pages", subject=str(path))
    return truth


def extract_body(page: BenchmarkPage) -> str:
    """Our article body for one benchmark page: bytes, decoded, through ``extract_page``."""
    try:
        content = gzip.decompress(page.html_path.read_bytes())
    except (OSError, EOFError) as error:
        raise EvaluationError(f"cannot read HTML: {error}", subject=str(page.html_path)) from error
    try:
        html = decode(content, str(page.html_path), declared_charset(content))
    except ExtractionError:
        return ""  # binary content: nothing extracted, scored as an empty prediction
    return extract_page(html, page.url).text


@dataclass(frozen=True)
class ExtractionReport:
    """Our scores on the benchmark, per page and overall, and the extraction speed."""

    scores: Scores
    seconds: float
    pages: dict[str, PageScore]
    predictions: dict[str, str] = field(repr=False)

    @property
    def pages_per_second(self) -> float:
        """Pages decoded and extracted per second of wall time (reading the files excluded)."""
        return self.scores.pages / self.seconds if self.seconds else 0.0


def evaluate_extraction(data: Path, on_page: Callable[[BenchmarkPage], None] | None = None) -> ExtractionReport:
    """Extract every page of the benchmark in ``data`` and score the bodies against the gold."""
    benchmark = load_benchmark(data)
    predictions: dict[str, str] = {}
    seconds = 0.0
    for page in benchmark:
        started = time.perf_counter()
        predictions[page.id] = extract_body(page)
        seconds += time.perf_counter() - started
        if on_page is not None:
            on_page(page)
    per_page = score_outputs({page.id: page.gold for page in benchmark}, predictions)
    return ExtractionReport(aggregate(list(per_page.values())), seconds, per_page, predictions)


@dataclass(frozen=True)
class SystemScore:
    """A system's scores on the benchmark, and on how many pages (page F1) it does better or worse than us."""

    system: str
    version: str | None
    scores: Scores
    better_pages: int = 0  # pages where this system's F1 exceeds ours
    worse_pages: int = 0  # pages where it falls below ours


def load_published_outputs(data: Path) -> dict[str, tuple[str | None, dict[str, str]]]:
    """The published systems' outputs: system name -> (version, page id -> body), read from the tar.xz."""
    path = data / PUBLISHED_OUTPUTS
    systems: dict[str, tuple[str | None, dict[str, str]]] = {}
    try:
        with tarfile.open(path, "r:xz") as archive:
            for member in archive:
                if member.isfile() and member.name.endswith(".json"):
                    name = Path(member.name).stem
                    systems[name] = _parse_output(archive.extractfile(member), f"{path}:{member.name}")
    except (OSError, tarfile.TarError) as error:
        raise EvaluationError(f"cannot read published outputs: {error}", subject=str(path)) from error
    return systems


def _parse_output(stream: Any, subject: str) -> tuple[str | None, dict[str, str]]:
    """One output file: ``{id: {"articleBody": ...}}``, optionally wrapped as ``{"version", "output"}``."""
    try:
        content = json.load(stream)
    except ValueError as error:
        raise EvaluationError(f"invalid JSON: {error}", subject=subject) from error
    version = None
    if isinstance(content, dict) and isinstance(content.get("output"), dict):
        version, content = content.get("version"), content["output"]
    if not isinstance(content, dict):
        raise EvaluationError("not a JSON object of pages", subject=subject)
    bodies = {key: (item or {}).get("articleBody") or "" for key, item in content.items() if isinstance(item, dict)}
    return (str(version) if version is not None else None), bodies


def compare_with_published(data: Path, ours: ExtractionReport) -> list[SystemScore]:
    """Every published system scored by this module's metric beside our row, best F1 first."""
    gold = {page.id: page.gold for page in load_benchmark(data)}
    rows = [SystemScore(OURS, None, ours.scores)]
    for system, (version, outputs) in load_published_outputs(data).items():
        per_page = score_outputs(gold, outputs)
        better, worse = _page_wins(per_page, ours.pages)
        rows.append(SystemScore(system, version, aggregate(list(per_page.values())), better, worse))
    return sorted(rows, key=lambda row: row.scores.f1, reverse=True)


def _page_wins(theirs: Mapping[str, PageScore], ours: Mapping[str, PageScore]) -> tuple[int, int]:
    """How many pages ``theirs`` scores better and worse than ``ours`` (page F1, ties ignored)."""
    better = sum(1 for page_id, score in theirs.items() if score.f1 > ours[page_id].f1 + _TIE)
    worse = sum(1 for page_id, score in theirs.items() if score.f1 < ours[page_id].f1 - _TIE)
    return better, worse


def _mean(values: Iterable[float | None]) -> float:
    present = [value for value in values if value is not None]
    return sum(present) / len(present) if present else 0.0


def _harmonic(a: float, b: float) -> float:
    return 2 * a * b / (a + b) if a + b else 0.0
