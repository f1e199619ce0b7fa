"""Quote variants: the same statement as quoted by different outlets, with a word diff and a verdict.

Two quotes of different articles are one statement when their speakers can be the same person
and their words say so (``statement_match``), in one of three ways, from the most to the least
certain:

* **verbatim**: the shorter quote (or one of its sentences) stands word for word in the longer
  ("a long way" in "the draft should go a long way toward…"); a fragment of one substantive word
  ("prank") only counts when both outlets name the same speaker;
* **edited**: a run of several words in common and half the shorter's substance shared ("I believe
  it is going to be difficult to accept that as it is" / "I think it will be difficult for us to
  accept that as it is");
* **paraphrased**: the same named speaker, at least three substantive words shared and the two
  wordings close in meaning (MiniLM cosine), which is how a direct quote and its reported-speech
  rendering in another outlet meet.

Quotes are grouped best pair first (a group holds one quote per article, and grows by any of its
members matching), so that a quote joins the wording closest to its own rather than the first
that shares a word with it. Within a group, every variant is compared word by word with the
group's reference (the longest direct quote, else the longest quote), and the group's verdict is
the most serious difference found. Groups quoted by several outlets come first, by speaker.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from enum import StrEnum
from functools import cached_property, lru_cache
from itertools import accumulate

import numpy as np

from synoptic.analyze.embeddings import SentenceEncoder, default_embedder
from synoptic.analyze.marks import quoted_parts, quoted_text
from synoptic.analyze.quotes import Quote, QuoteKind
from synoptic.analyze.sentences import split_sentences
from synoptic.compare.names import same_person


class Verdict(StrEnum):
    """How the wordings of one statement differ between outlets, least to most serious."""

    SINGLE_SOURCE = "single_source"  # only one outlet quotes it
    IDENTICAL = "identical"  # the same words (case, punctuation and quotation marks aside)
    TRIMMED = "trimmed"  # one is a contiguous part of the other
    MINOR_EDIT = "minor_edit"  # a few words changed, meaning kept
    SUBSTANTIVE_CHANGE = "substantive_change"  # many words changed
    PARAPHRASE_ONLY = "paraphrase_only"  # quoted directly by one outlet, only reported by another


_SEVERITY = list(Verdict)
# Share of the words that may differ for an edit to count as minor, counted where the two wordings
# overlap (words cut at either end are a trim, words elided at an ellipsis and editorial insertions
# in brackets are marked by the outlet itself). 0.25 keeps a changed verb or an inserted qualifier
# minor and a rewritten clause substantive (checked on the seeds' quote pairs and on BASIL quotes
# shared between outlets).
MINOR_EDIT_MAX_CHANGE = 0.25
# Share of the shorter quote's content words that must appear in the other for an edited or
# paraphrased quote (0.5: half the substance in common).
SAME_STATEMENT_MIN_OVERLAP = 0.5
# The evidence rules' thresholds, judged by hand on every cross-outlet quote group of NewsWCL50
# events 0-3 and two BASIL triplets (82 groups, 43% right with the share test alone): one shared
# content word ("serious reservations" / "serious judgment issues"), or two ("heard I'm doing great"
# / "doing a great job"), is what joined most of the wrong pairs, and short fragments had a low
# cosine with the quotes that hold them even when right (0.17-0.40), so fragments need a verbatim match.
VERBATIM_MIN_CONTENT = 2  # content words of a fragment found verbatim (1 with the same named speaker)
EDITED_MIN_RUN = 4  # words in a row in common, for an edited quote
EDITED_MIN_RUN_SHARE = 0.3  # ... and this share of the shorter's words ("North and South Korea" is no quote)
EDITED_MIN_SHARED = 2  # content words in common, for an edited quote (3 when a speaker is unnamed)
PARAPHRASE_MIN_SHARED = 3  # content words in common, for a paraphrase
# MiniLM cosine of a paraphrase: right pairs judged ran 0.69-0.87, wrong ones with three or more
# shared content words 0.35-0.66 (a cross-outlet paraphrase of one statement scores lower than
# MRPC's same-meaning sentences, whose 95% floor is 0.61, because it is reworded into reported speech).
PARAPHRASE_MIN_COSINE = 0.7
# Words that carry no substance when deciding whether two quotes say the same thing.
_STOPWORDS = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be been being it its this that "
    "these those there their they them we us our i me my you your he him his she her not no so do does did "
    "will would can could should have has had than then which who whom what when where how all any some".split()
)
_WORD = re.compile(r"[\w'’-]+")
# Marks of the outlet's own hand inside a quote: an ellipsis (words elided) and bracketed insertions.
_ELLIPSIS = re.compile(r"^(?:\.\s?){3,}$|^…$")
_EDITORIAL = re.compile(r"\[[^\]]*\]|\([^)]*\)")


@dataclass(frozen=True)
class QuoteInArticle:
    """A quote with the article it comes from and the sentence that holds it. ``part`` is set
    when only one sentence of a longer quote is meant (another outlet quoted it separately)."""

    article: str
    quote: Quote
    sentence: str
    part: str | None = None

    @cached_property
    def words(self) -> str:
        """What is quoted, without the quotation marks or an interrupting cue."""
        if self.part is not None:
            return self.part
        return quoted_text(self.quote.text)

    @cached_property
    def segments(self) -> list[str]:
        """The quoted sentences (the pieces of a quote interrupted by its cue apart, even when the
        outlet ran them on without a full stop: “…co-sponsors,” he said. “I think…”)."""
        pieces = [self.part] if self.part is not None else quoted_parts(self.quote.text)
        return [s.text for piece in pieces for s in split_sentences(piece)] or [self.words]

    @cached_property
    def units(self) -> list[str]:
        """What is compared with another quote: the whole quote, and its sentences when it has several."""
        return [self.words] + (self.segments if len(self.segments) > 1 else [])


@dataclass(frozen=True)
class DiffOp:
    """One run of words: ``=`` in both, ``-`` only in the reference, ``+`` only in this variant."""

    op: str
    text: str


@dataclass(frozen=True)
class Variant:
    """One outlet's wording of a statement and how it differs from the group's reference."""

    quote: QuoteInArticle
    verdict: Verdict
    diff: tuple[DiffOp, ...]


@dataclass(frozen=True)
class QuoteGroup:
    """One statement as quoted across outlets."""

    speaker: str | None
    role: str | None
    reference: QuoteInArticle
    variants: tuple[Variant, ...]
    verdict: Verdict


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased, typographic apostrophes made plain."""
    return list(_words(text))


@lru_cache(maxsize=65_536)
def _words(text: str) -> tuple[str, ...]:
    """``words``, memoised: grouping compares every pair of quotes, each unit many times."""
    return tuple(w.lower().replace("’", "'") for w in _WORD.findall(text))


@lru_cache(maxsize=65_536)
def content_words(text: str) -> frozenset[str]:
    """The words that carry substance (memoised: grouping compares every pair of quotes)."""
    return frozenset(w for w in _words(text) if w not in _STOPWORDS)


# --- is it the same statement? -----------------------------------------------------------------------

Cosine = Callable[[str, str], float]


def _speakers(a: QuoteInArticle, b: QuoteInArticle) -> str | None:
    """ "same" when both are named and one person, "unknown" when either is unnamed, None when two people."""
    first, second = a.quote.speaker, b.quote.speaker
    if not first or not second:
        return "unknown"
    return "same" if same_person(first, second) else None


def statement_match(a: QuoteInArticle, b: QuoteInArticle, cosine: Cosine | None = None) -> float:
    """How surely two quotes of different articles report one statement: 0 when they do not, else a
    strength (above 1 for a verbatim match) by which the best pairs are grouped first."""
    speakers = _speakers(a, b)
    if a.article == b.article or speakers is None or not content_words(a.words) & content_words(b.words):
        return 0.0
    quoted = a.quote.kind is not QuoteKind.INDIRECT and b.quote.kind is not QuoteKind.INDIRECT
    return max((_unit_match(x, y, speakers, quoted, cosine) for x in _units(a) for y in _units(b)), default=0.0)


def _units(quote: QuoteInArticle) -> list[tuple[str, bool]]:
    """The quote's wordings to compare, each with whether it may match as a one-word fragment: only
    a partial quote as a whole may ("prank"), never a piece cut off by the cue (“Donald,” Abe said, “…”)."""
    fragment = quote.quote.kind is QuoteKind.PARTIAL
    return [(unit, fragment and unit == quote.words) for unit in quote.units]


def same_statement(a: QuoteInArticle, b: QuoteInArticle, embedder: SentenceEncoder | None = None) -> bool:
    """True when two quotes from different articles report one statement of one speaker."""
    return statement_match(a, b, _Cosines(embedder)) > 0


def _unit_match(first: tuple[str, bool], second: tuple[str, bool], speakers: str, quoted: bool,
                cosine: Cosine | None) -> float:  # fmt: skip
    """The evidence that two wordings (whole quotes or sentences of them) are one statement;
    ``quoted`` when both are in quotation marks (an edit is only looked for between those)."""
    (short, fragment), (long, _) = sorted((first, second), key=lambda u: len(_words(u[0])))
    short_content, long_content = content_words(short), content_words(long)
    shared = len(short_content & long_content)
    if not shared:
        return 0.0
    jaccard = shared / len(short_content | long_content)
    fragment_floor = 1 if speakers == "same" and fragment else VERBATIM_MIN_CONTENT
    if len(short_content) >= fragment_floor and contains(_words(long), _words(short)):
        return 1.0 + jaccard
    if shared / len(short_content) < SAME_STATEMENT_MIN_OVERLAP:
        return 0.0
    edited_floor = EDITED_MIN_SHARED if speakers == "same" else max(EDITED_MIN_SHARED, PARAPHRASE_MIN_SHARED)
    run = _longest_run(_words(short), _words(long))
    if quoted and shared >= edited_floor and run >= max(EDITED_MIN_RUN, EDITED_MIN_RUN_SHARE * len(_words(short))):
        return jaccard
    if speakers == "same" and shared >= PARAPHRASE_MIN_SHARED and cosine is not None:
        return jaccard if cosine(short, long) >= PARAPHRASE_MIN_COSINE else 0.0
    return 0.0


def contains(whole: Sequence[str], part: Sequence[str]) -> bool:
    """Whether the words ``part`` stand in ``whole`` in a row, compounds aside ("goodwill" in
    "good will", "decades long" in "decades-long"): compared as letters, at word boundaries."""
    needle = "".join(part).replace("-", "")
    if not needle:
        return False
    pieces = [w.replace("-", "") for w in whole]
    haystack = "".join(pieces)
    bounds = set(accumulate((len(p) for p in pieces), initial=0))
    start = haystack.find(needle)
    while start != -1:
        if start in bounds and start + len(needle) in bounds:
            return True
        start = haystack.find(needle, start + 1)
    return False


def _longest_run(first: Sequence[str], second: Sequence[str]) -> int:
    match = SequenceMatcher(a=list(first), b=list(second), autojunk=False).find_longest_match()
    return int(match.size)


class _Cosines:
    """MiniLM cosines of wordings, the model loaded only when a pair needs one; ``prepare`` encodes
    many texts in one batch."""

    def __init__(self, embedder: SentenceEncoder | None = None) -> None:
        self._embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}

    def prepare(self, texts: Iterable[str]) -> None:
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            encoder = self._embedder or default_embedder()
            for text, encoding in zip(missing, encoder.encode_tokens(missing), strict=True):
                self._vectors[text] = encoding.vector

    def __call__(self, first: str, second: str) -> float:
        self.prepare((first, second))
        return float(self._vectors[first] @ self._vectors[second])


def _paraphrase_candidates(quotes: Sequence[QuoteInArticle], pairs: Iterable[tuple[int, int]]) -> set[str]:
    """The wordings some pair may need a cosine for: same speaker, enough shared content words, and
    no verbatim or edited match already (most pairs need none, and the model is not run for them)."""
    texts: set[str] = set()
    for i, j in pairs:
        a, b = quotes[i], quotes[j]
        if _speakers(a, b) != "same" or statement_match(a, b) > 0:
            continue
        for x in a.units:
            for y in b.units:
                if len(content_words(x) & content_words(y)) >= PARAPHRASE_MIN_SHARED:
                    texts.update((x, y))
    return texts


def candidate_pairs(quotes: Sequence[QuoteInArticle]) -> list[tuple[int, int]]:
    """The pairs ``(i, j)``, ``i < j``, that ``statement_match`` may find to match, in order: quotes of
    two articles, with speakers that may be one person, sharing a content word. Found by one
    product of a quotes x words matrix rather than by trying every pair (a 50-article story has
    some 300,000 pairs of quotes, and a few thousand share a word)."""
    if len(quotes) < 2:
        return []
    postings: dict[str, list[int]] = {}
    for i, quote in enumerate(quotes):
        for word in content_words(quote.words):
            postings.setdefault(word, []).append(i)
    shared_words = [rows for rows in postings.values() if len(rows) > 1]
    incidence = np.zeros((len(quotes), len(shared_words)), dtype=np.float32)
    for column, rows in enumerate(shared_words):
        incidence[rows, column] = 1.0
    sharing = (incidence @ incidence.T) > 0
    articles = np.unique([q.article for q in quotes], return_inverse=True)[1]
    names = sorted({q.quote.speaker for q in quotes if q.quote.speaker})
    speaker = np.array([names.index(q.quote.speaker) + 1 if q.quote.speaker else 0 for q in quotes])
    compatible = np.ones((len(names) + 1, len(names) + 1), dtype=bool)  # 0: unnamed, may be anyone
    compatible[1:, 1:] = [[same_person(a, b) for b in names] for a in names]
    possible = sharing & (articles[:, None] != articles[None, :]) & compatible[np.ix_(speaker, speaker)]
    return [(int(i), int(j)) for i, j in np.argwhere(np.triu(possible, k=1))]


# --- grouping ------------------------------------------------------------------------------------------


def _split_where_quoted_apart(quotes: Sequence[QuoteInArticle], pairs: Iterable[tuple[int, int]],
                              cosine: Cosine) -> list[QuoteInArticle]:  # fmt: skip
    """A quote of several sentences is split into its sentences when another article quotes
    those sentences as separate quotes; otherwise it stays whole (a trimmed copy is one quote).
    ``pairs`` are the quotes' ``candidate_pairs``."""
    neighbours: dict[int, list[QuoteInArticle]] = {}
    for i, j in pairs:
        neighbours.setdefault(i, []).append(quotes[j])
        neighbours.setdefault(j, []).append(quotes[i])
    result: list[QuoteInArticle] = []
    for i, quote in enumerate(quotes):
        segments = quote.segments
        if len(segments) > 1 and _quoted_apart(quote, segments, neighbours.get(i, []), cosine):
            result.extend(replace(quote, part=segment) for segment in segments)
        else:
            result.append(quote)
    return result


def _quoted_apart(quote: QuoteInArticle, segments: list[str], candidates: Sequence[QuoteInArticle],
                  cosine: Cosine) -> bool:  # fmt: skip
    """Whether one other article has two quotes among ``candidates`` (quotes that may match
    ``quote``) that match two different segments of it."""
    for article in dict.fromkeys(q.article for q in candidates):
        others = [q for q in candidates if q.article == article and statement_match(quote, q, cosine)]
        matched = {id(q) for segment in segments for q in others
                   if statement_match(replace(quote, part=segment), q, cosine)}  # fmt: skip
        if len(matched) > 1:
            return True
    return False


def group_quotes(quotes: Sequence[QuoteInArticle], embedder: SentenceEncoder | None = None) -> list[QuoteGroup]:
    """Group quotes of one statement across articles; every quote ends in exactly one group.

    Groups quoted by several outlets come first, by speaker (the most quoted first), then the
    statements only one outlet quotes; within a speaker, in the order of the articles.
    """
    cosine = _Cosines(embedder)
    pairs = candidate_pairs(quotes)
    cosine.prepare(_paraphrase_candidates(quotes, pairs))
    units = _split_where_quoted_apart(quotes, pairs, cosine)
    matches = sorted(
        (
            (strength, i, j)
            for i, j in candidate_pairs(units)
            if (strength := statement_match(units[i], units[j], cosine)) > 0
        ),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    group_of = list(range(len(units)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(units))}
    for _, i, j in matches:
        first, second = group_of[i], group_of[j]
        if first == second or not _may_join([units[k] for k in members[first]], [units[k] for k in members[second]]):
            continue
        members[first].extend(members.pop(second))
        for k in members[first]:
            group_of[k] = first
    groups = [_compare([units[k] for k in sorted(ks)]) for ks in sorted(members.values(), key=min)]
    return order_groups(groups)


def _may_join(first: list[QuoteInArticle], second: list[QuoteInArticle]) -> bool:
    """Two groups join when they share no article and name no two different speakers (single links
    alone let "his campaign did not collude", Trump's, join the lawsuit's "conspired" through an
    unnamed outlet's wording of the one or the other)."""
    if {q.article for q in first} & {q.article for q in second}:
        return False
    names = {q.quote.speaker for q in (*first, *second) if q.quote.speaker}
    return all(same_person(a, b) for a in names for b in names)


def order_groups(groups: Sequence[QuoteGroup]) -> list[QuoteGroup]:
    """Cross-outlet groups first, then single-source ones; within each, a speaker's groups together,
    speakers by how many groups they have (unnamed speakers last), groups in their first-seen order."""

    def ordered(part: list[QuoteGroup]) -> list[QuoteGroup]:
        counts: Counter[str | None] = Counter(g.speaker for g in part if g.speaker)
        first_seen = {g.speaker: i for i, g in reversed(list(enumerate(part)))}
        return sorted(part, key=lambda g: (g.speaker is None, -counts[g.speaker], first_seen[g.speaker]))

    shared = [g for g in groups if g.verdict is not Verdict.SINGLE_SOURCE]
    return ordered(shared) + ordered([g for g in groups if g.verdict is Verdict.SINGLE_SOURCE])


def _compare(members: list[QuoteInArticle]) -> QuoteGroup:
    reference = max(members, key=lambda q: (q.quote.kind is QuoteKind.DIRECT, len(words(q.words))))
    speaker = next((m.quote.speaker for m in members if m.quote.speaker), None)
    role = next((m.quote.speaker_role for m in members if m.quote.speaker_role), None)
    variants = tuple(_variant(reference, member) for member in members)
    if len({m.article for m in members}) == 1:
        verdict = Verdict.SINGLE_SOURCE
    else:
        verdict = max((v.verdict for v in variants), key=_SEVERITY.index)
    return QuoteGroup(speaker, role, reference, variants, verdict)


def _variant(reference: QuoteInArticle, quote: QuoteInArticle) -> Variant:
    diff = word_diff(reference.words, quote.words)
    return Variant(quote, compare_wordings(reference, quote, diff), diff)


# --- the verdict ---------------------------------------------------------------------------------------


def compare_wordings(reference: QuoteInArticle, quote: QuoteInArticle, diff: Sequence[DiffOp]) -> Verdict:
    """The verdict for one variant against the reference wording."""
    direct = {QuoteKind.DIRECT, QuoteKind.PARTIAL}
    if (reference.quote.kind in direct) != (quote.quote.kind in direct):
        return Verdict.PARAPHRASE_ONLY
    ref_words, own_words = words(reference.words), words(quote.words)
    if ref_words == own_words:
        return Verdict.IDENTICAL
    if contains(ref_words, own_words) or contains(own_words, ref_words):
        return Verdict.TRIMMED
    changed, compared = _changes(diff)
    if compared and changed / compared <= MINOR_EDIT_MAX_CHANGE:
        return Verdict.MINOR_EDIT
    return Verdict.SUBSTANTIVE_CHANGE


def _changes(diff: Sequence[DiffOp]) -> tuple[int, int]:
    """Words changed, and words compared, where the two wordings overlap: reference words cut at
    either end (a trim), words elided at an ellipsis of the variant and bracketed editorial
    insertions are no change of wording."""
    same = [i for i, op in enumerate(diff) if op.op == "="]
    if not same:
        return 1, 0
    ops = [op for i, op in enumerate(diff) if (i >= same[0] and i <= same[-1]) or op.op == "+"]
    changed, reference, variant = 0, 0, 0
    for i, op in enumerate(ops):
        count = len(words(_EDITORIAL.sub(" ", op.text)))
        elided = op.op == "-" and any(_ELLIPSIS.match(o.text) for o in ops[max(0, i - 1) : i + 2] if o.op == "+")
        if op.op != "=" and not elided and not _ELLIPSIS.match(op.text):
            changed += count
        reference += count if op.op != "+" else 0
        variant += count if op.op != "-" else 0
    return changed, max(reference, variant)


def word_diff(reference: str, other: str) -> tuple[DiffOp, ...]:
    """A word-level diff of ``other`` against ``reference`` (case and punctuation ignored when
    matching; the words are shown as printed)."""
    ref_tokens, own_tokens = reference.split(), other.split()
    matcher = SequenceMatcher(a=[_key(t) for t in ref_tokens], b=[_key(t) for t in own_tokens], autojunk=False)
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(DiffOp("=", " ".join(own_tokens[j1:j2])))
            continue
        if i2 > i1:
            ops.append(DiffOp("-", " ".join(ref_tokens[i1:i2])))
        if j2 > j1:
            ops.append(DiffOp("+", " ".join(own_tokens[j1:j2])))
    return tuple(ops)


def _key(token: str) -> str:
    """What a printed word is matched by: its letters, case and quotation marks aside ('we / ‘We)."""
    return "".join(words(token.replace("‘", "'"))).strip("'") or token
