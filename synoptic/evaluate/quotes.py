"""Quote extraction and speaker attribution on PolNeAR and BASIL.

**PolNeAR** (``data/<split>/text/<article>.txt`` with brat standoff ``attributions/<article>_<annotator>.ann``):
every attribution has a Content span (several pieces when its cue interrupts it), a Cue and usually a
Source. Where several annotators annotated an article, the file with the most attributions is used
(ties: the first annotator id in sort order). A gold **direct** quote is a Content whose text, from
its first to its last piece, opens with a quotation mark and closes with one (trailing punctuation
aside); every other Content is **indirect** (PolNeAR also attributes beliefs: "X thinks …").

* direct P/R/F1: our direct quotes against gold direct Contents;
* indirect P/R/F1: our indirect quotes, and the reported clauses of our partial quotes (one per
  clause), against the gold indirect Contents;
* a predicted and a gold span match when they overlap by at least half of the longer of the two;
  matching is one to one, the largest overlaps first;
* speaker accuracy: the share of matched direct quotes (with a gold Source) whose speaker mention
  overlaps the gold Source;
* baseline: every span between quotation marks within a paragraph, taken as a direct quote.

**BASIL** (``articles/<year>/<id>.json`` body-paragraphs, ``annotations/<year>/<id>_ann.json``): each
phrase annotation with ``quote`` = yes and a named ``speaker`` ("Barack_Obama"; the placeholders
``other_pro``/``other_anti``/``other_neutral`` are skipped) is a gold quote span. It is *covered* when
one of our quotes overlaps it and names a speaker; it is *correct* when that name matches the
annotated one (see ``same_speaker``). Accuracy is correct / covered; coverage is covered / gold.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from synoptic.analyze.attribution import extract_quotes
from synoptic.analyze.nlp import Span
from synoptic.analyze.quotes import Quote, QuoteKind
from synoptic.errors import EvaluationError

# A predicted and a gold span match when they share at least this share of the longer one (the rule).
MATCH_SHARE = 0.5
OPENING_MARKS = "“\"'‘«„"
CLOSING_MARKS = "”\"'’»“"
_TRAILING = " \t\n,.;:!?—–-…"
_ANN_SPAN = re.compile(r"^(T\d+)\t(\w+) (\d+ \d+(?:;\d+ \d+)*)\t")
_ANN_EVENT = re.compile(r"^E\d+\t(.+)$")
# The regex baseline: text between quotation marks within one paragraph.
_BASELINE = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|«[^»\n]*»|„[^“”\n]*[“”]")
# A surname cut to at least this many letters still names the speaker (BASIL cuts names at accents).
TRUNCATED_NAME = 5
# BASIL speakers that stand for an unnamed source, not a name.
BASIL_PLACEHOLDERS = re.compile(r"^other_", re.IGNORECASE)


# --- metrics -----------------------------------------------------------------------------------------


@dataclass
class Counts:
    """True positives, predictions and gold items of one P/R/F1 measurement."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, tp: int, predicted: int, gold: int) -> None:
        self.tp, self.predicted, self.gold = self.tp + tp, self.predicted + predicted, self.gold + gold

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def spans_match(a: Span, b: Span) -> bool:
    """Whether two spans overlap by at least half of the longer one."""
    return a.overlap(b) >= MATCH_SHARE * max(a.end - a.start, b.end - b.start) > 0


def match_spans(gold: Sequence[Span], predicted: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one matches (gold index, predicted index), the largest overlaps taken first."""
    pairs = sorted(
        ((g.overlap(p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(predicted) if spans_match(g, p)),
        key=lambda pair: (-pair[0], pair[1], pair[2]),
    )
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    matches = []
    for _, gi, pi in pairs:
        if gi not in used_gold and pi not in used_predicted:
            used_gold.add(gi)
            used_predicted.add(pi)
            matches.append((gi, pi))
    return sorted(matches)


def in_quotation_marks(text: str) -> bool:
    """Whether a gold Content is a direct quote: it opens and closes with a quotation mark."""
    stripped = text.strip()
    if not stripped or stripped[0] not in OPENING_MARKS:
        return False
    return stripped[-1] in CLOSING_MARKS or stripped.rstrip(_TRAILING)[-1:] in CLOSING_MARKS


# --- PolNeAR -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attribution:
    """One gold attribution: the content (first to last piece), its source pieces, and whether direct."""

    content: Span
    sources: tuple[Span, ...]
    direct: bool


@dataclass(frozen=True)
class GoldArticle:
    """One PolNeAR article: its name, its text and the attributions of one annotator."""

    name: str
    text: str
    attributions: tuple[Attribution, ...]


def polnear_folder(data: Path, split: str) -> Path:
    """The folder of one split (holding text/ and attributions/), from the corpus root or its data/."""
    for folder in (data / "data" / split, data / split):
        if (folder / "text").is_dir() and (folder / "attributions").is_dir():
            return folder
    raise EvaluationError(f"no PolNeAR split {split!r} (text/ and attributions/) here", str(data))


def load_polnear(data: Path, split: str = "dev") -> list[GoldArticle]:
    """The articles of a PolNeAR split with one annotator's attributions each, sorted by name."""
    folder = polnear_folder(data, split)
    articles = [_gold_article(text, folder / "attributions") for text in sorted((folder / "text").glob("*.txt"))]
    if not articles:
        raise EvaluationError("no articles", str(folder / "text"))
    return articles


def _gold_article(path: Path, annotations: Path) -> GoldArticle:
    text = _read(path)
    candidates = sorted(annotations.glob(f"{path.stem}_*.ann"))
    if not candidates:
        raise EvaluationError("no annotation file for this article", str(path))
    parsed = [_read_ann(file, text) for file in candidates]
    best = max(range(len(parsed)), key=lambda i: (len(parsed[i]), -i))
    return GoldArticle(path.stem, text, tuple(parsed[best]))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise EvaluationError(f"cannot read: {error}", str(path)) from error


def _read_ann(path: Path, text: str) -> list[Attribution]:
    """The attributions of a brat file (text-bound lines may wrap: only well-formed lines are read)."""
    spans: dict[str, list[Span]] = {}
    events = []
    for line in _read(path).splitlines():
        if found := _ANN_SPAN.match(line):
            pieces = [tuple(map(int, piece.split())) for piece in found.group(3).split(";")]
            spans[found.group(1)] = [Span(a, b) for a, b in pieces]
        elif found := _ANN_EVENT.match(line):
            events.append(dict(part.split(":", 1) for part in found.group(1).split() if ":" in part))
    return [a for a in (_attribution(event, spans, text, path) for event in events) if a is not None]


def _attribution(event: dict[str, str], spans: dict[str, list[Span]], text: str, path: Path) -> Attribution | None:
    content = spans.get(event.get("Content", ""))
    if not content:
        return None
    if max(s.end for s in content) > len(text):
        raise EvaluationError("an annotation lies beyond the end of its text", str(path))
    whole = Span(min(s.start for s in content), max(s.end for s in content))
    sources = tuple(spans.get(event.get("Source", ""), []))
    return Attribution(whole, sources, in_quotation_marks(text[whole.start : whole.end]))


@dataclass
class QuoteReport:
    """The figures of one evaluation run, with the counts behind them and its speed."""

    direct: Counts = field(default_factory=Counts)
    indirect: Counts = field(default_factory=Counts)
    baseline: Counts = field(default_factory=Counts)
    speakers_correct: int = 0
    speakers_judged: int = 0
    articles: int = 0
    seconds: float = 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_correct / self.speakers_judged if self.speakers_judged else 0.0

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    def to_json(self) -> dict[str, Any]:
        """The JSON of ``synoptic evaluate quotes --json``."""
        return {
            "direct": self.direct.to_json(),
            "indirect": self.indirect.to_json(),
            "speaker_accuracy": round(self.speaker_accuracy, 4),
            "baseline": {"direct": self.baseline.to_json()},
            "articles": self.articles,
        }


def score_article(article: GoldArticle, quotes: Sequence[Quote], report: QuoteReport) -> None:
    """Add one article's counts to ``report``."""
    gold_direct = [a for a in article.attributions if a.direct]
    direct = [q for q in quotes if q.kind is QuoteKind.DIRECT]
    matches = match_spans([a.content for a in gold_direct], [q.span for q in direct])
    report.direct.add(len(matches), len(direct), len(gold_direct))
    for gi, pi in matches:
        if gold_direct[gi].sources:
            report.speakers_judged += 1
            report.speakers_correct += _speaker_right(direct[pi], gold_direct[gi])
    gold_indirect = [a.content for a in article.attributions if not a.direct]
    reported = _reported_spans(quotes)
    report.indirect.add(len(match_spans(gold_indirect, reported)), len(reported), len(gold_indirect))
    baseline = [Span(*m.span()) for m in _BASELINE.finditer(article.text)]
    report.baseline.add(len(match_spans([a.content for a in gold_direct], baseline)), len(baseline), len(gold_direct))


def _speaker_right(quote: Quote, gold: Attribution) -> bool:
    mention = quote.speaker_span
    return mention is not None and any(mention.overlap(source) for source in gold.sources)


def _reported_spans(quotes: Iterable[Quote]) -> list[Span]:
    """Indirect quotes and the clauses of partial quotes, each clause once."""
    spans = {q.content_span for q in quotes if q.kind in (QuoteKind.INDIRECT, QuoteKind.PARTIAL)}
    return sorted(spans, key=lambda s: (s.start, s.end))


def score_quotes(data: Path, split: str = "dev") -> QuoteReport:
    """Run the extractor over a PolNeAR split and count (see the module docstring)."""
    articles = load_polnear(data, split)
    report = QuoteReport(articles=len(articles))
    started = time.perf_counter()
    for article in articles:
        score_article(article, extract_quotes(article.text), report)
    report.seconds = time.perf_counter() - started
    return report


def evaluate_quotes(data: Path, split: str = "dev") -> dict[str, Any]:
    """Direct and indirect quote P/R/F1, speaker accuracy and the regex baseline on a PolNeAR split."""
    return score_quotes(data, split).to_json()


# --- BASIL -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpeakerSpan:
    """A BASIL phrase marked as a quote, with the annotated speaker ("Barack_Obama")."""

    span: Span
    speaker: str


def load_basil(data: Path) -> Iterator[tuple[str, str, list[SpeakerSpan]]]:
    """(article id, flattened body text, quote spans with named speakers) of each annotated article."""
    articles = data / "articles"
    if not articles.is_dir():
        raise EvaluationError("no articles/ folder: not the BASIL corpus", str(data))
    files = sorted(articles.glob("*/*.json"))
    if not files:
        raise EvaluationError("no articles", str(articles))
    for file in files:
        annotations = data / "annotations" / file.parent.name / f"{file.stem}_ann.json"
        if annotations.is_file():
            text, starts = basil_text(_json(file).get("body-paragraphs"), file)
            yield file.stem, text, _basil_quotes(_json(annotations), starts, text, annotations)


def basil_text(paragraphs: Any, file: Path) -> tuple[str, list[int]]:
    """The body as one text (sentences joined by a space, paragraphs by a blank line) and where each sentence starts."""
    if not isinstance(paragraphs, list) or not all(isinstance(p, list) for p in paragraphs):
        raise EvaluationError("body-paragraphs is not a list of lists of sentences", str(file))
    text, starts = "", []
    for paragraph in paragraphs:
        text += "\n\n" if text else ""
        for index, sentence in enumerate(paragraph):
            text += " " if index else ""
            starts.append(len(text))
            text += str(sentence)
    return text, starts


def _basil_quotes(record: dict[str, Any], starts: list[int], text: str, path: Path) -> list[SpeakerSpan]:
    quotes = []
    for phrase in record.get("phrase-level-annotations", []):
        speaker = str(phrase.get("speaker") or "")
        if phrase.get("quote") != "yes" or not speaker or BASIL_PLACEHOLDERS.match(speaker):
            continue
        if not re.fullmatch(r"p\d+", str(phrase.get("id"))):
            continue  # a phrase of the title ("title"), which is not part of the body
        try:
            offset = starts[int(str(phrase["id"]).lstrip("p"))]
            span = Span(offset + int(phrase["start"]), offset + int(phrase["end"]))
        except (KeyError, ValueError, IndexError) as error:
            raise EvaluationError(f"a phrase annotation has no usable id/start/end ({error})", str(path)) from error
        if span.end <= len(text):
            quotes.append(SpeakerSpan(span, speaker))
    return quotes


def _json(path: Path) -> dict[str, Any]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise EvaluationError(f"cannot read JSON: {error}", str(path)) from error
    if not isinstance(record, dict):
        raise EvaluationError("not a JSON object", str(path))
    return record


def name_words(name: str) -> list[str]:
    """Lower-cased words of a name without accents, underscores as spaces, articles and possessives dropped."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = re.findall(r"[\w.'’-]+", plain.replace("_", " ").lower())
    return [w.removesuffix("'s").removesuffix("’s").rstrip(".") for w in words if w not in ("the", "a", "an")]


def same_speaker(ours: str, gold: str) -> bool:
    """Whether our canonical name names BASIL's speaker: same last word (surname), or one name's
    words all within the other's ("Obama campaign" ~ "Obama_campaign")."""
    mine, theirs = name_words(ours), name_words(gold)
    if not mine or not theirs:
        return False
    return _same_word(mine[-1], theirs[-1]) or set(mine) <= set(theirs) or set(theirs) <= set(mine)


def _same_word(a: str, b: str) -> bool:
    """Equal, or one cut short of the other (BASIL stores "Felipe_Calder" for Calderón)."""
    short, long = sorted((a, b), key=len)
    return a == b or (len(short) >= TRUNCATED_NAME and long.startswith(short))


def _best_quote(quotes: Sequence[Quote], span: Span) -> Quote | None:
    """Our quote overlapping a gold span the most (by its text or its reported clause)."""
    scored = [(max(q.span.overlap(span), q.content_span.overlap(span)), q) for q in quotes]
    scored = [(overlap, q) for overlap, q in scored if overlap > 0]
    return max(scored, key=lambda pair: pair[0])[1] if scored else None


def evaluate_speakers(data: Path) -> dict[str, Any]:
    """Speaker-name accuracy and coverage on BASIL's quote spans (see the module docstring)."""
    gold = covered = correct = articles = 0
    for _, text, spans in load_basil(data):
        articles += 1
        quotes = extract_quotes(text) if spans else []
        for item in spans:
            gold += 1
            quote = _best_quote(quotes, item.span)
            if quote is not None and quote.speaker:
                covered += 1
                correct += same_speaker(quote.speaker, item.speaker)
    return {
        "accuracy": round(correct / covered, 4) if covered else 0.0,
        "coverage": round(covered / gold, 4) if gold else 0.0,
        "quotes": gold,
        "covered": covered,
        "correct": correct,
        "articles": articles,
    }
