"""Quote variants: the same statement as quoted by different outlets, with a word diff and a verdict.

Two quotes are one statement when their speakers are the same person (or one is unnamed and the
words make it certain) and their content words overlap enough. Within a group, every variant is
compared word by word with the group's reference (the longest direct quote, else the longest
quote), and the group's verdict is the most serious difference found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from enum import StrEnum
from functools import cached_property, lru_cache

from synoptic.analyze.quotes import Quote, QuoteKind
from synoptic.analyze.sentences import split_sentences


class Verdict(StrEnum):
    """How the wordings of one statement differ between outlets, least to most serious."""

    SINGLE_SOURCE = "single_source"  # only one outlet quotes it
    IDENTICAL = "identical"  # the same words (case, punctuation and quotation marks aside)
    TRIMMED = "trimmed"  # one is a contiguous part of the other
    MINOR_EDIT = "minor_edit"  # a few words changed, meaning kept
    SUBSTANTIVE_CHANGE = "substantive_change"  # many words changed
    PARAPHRASE_ONLY = "paraphrase_only"  # quoted directly by one outlet, only reported by another


_SEVERITY = list(Verdict)
# Share of the reference's words that may differ for an edit to count as minor. 0.25 keeps a
# changed verb or an inserted qualifier minor and a rewritten clause substantive (checked on the
# seeds' quote pairs and on BASIL quotes shared between outlets).
MINOR_EDIT_MAX_CHANGE = 0.25
# Share of the shorter quote's content words that must appear in the other for the two to be the
# same statement (0.5: half the substance in common; tuned on the seeds and BASIL triplets).
SAME_STATEMENT_MIN_OVERLAP = 0.5
# Words that carry no substance when deciding whether two quotes say the same thing.
_STOPWORDS = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be been being it its this that "
    "these those there their they them we us our i me my you your he him his she her not no so do does did "
    "will would can could should have has had than then which who whom what when where how all any some".split()
)
_WORD = re.compile(r"[\w'’-]+")
_QUOTED = re.compile(r"[\"“”«»„]([^\"“”«»„]+)[\"“”«»„]")


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
        return " ".join(quoted_parts(self.quote.text))

    @cached_property
    def segments(self) -> list[str]:
        """The quoted sentences."""
        return [s.text for s in split_sentences(self.words)] or [self.words]


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
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


@lru_cache(maxsize=65_536)
def content_words(text: str) -> frozenset[str]:
    """The words that carry substance (memoised: grouping compares every pair of quotes)."""
    return frozenset(w for w in words(text) if w not in _STOPWORDS)


def quoted_parts(text: str) -> list[str]:
    """The runs of ``text`` inside quotation marks (a quote interrupted by its cue has two), or
    the whole text when it has no marks (an indirect quote)."""
    parts = [m.group(1).strip(" ,") for m in _QUOTED.finditer(text)]
    return [p for p in parts if p] or [text.strip(" \"'“”‘’«»„")]


def _overlap(first: str, second: str) -> float:
    a, b = content_words(first), content_words(second)
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def same_statement(a: QuoteInArticle, b: QuoteInArticle) -> bool:
    """True when two quotes from different articles report one statement of one speaker: their
    words, or one sentence of each, share enough substance."""
    if a.article == b.article:
        return False
    if a.quote.speaker and b.quote.speaker and a.quote.speaker != b.quote.speaker:
        return False
    if _overlap(a.words, b.words) >= SAME_STATEMENT_MIN_OVERLAP:
        return True
    return any(_overlap(x, y) >= SAME_STATEMENT_MIN_OVERLAP for x in a.segments for y in b.segments)


def split_where_quoted_apart(quotes: Sequence[QuoteInArticle]) -> list[QuoteInArticle]:
    """A quote of several sentences is split into its sentences when another article quotes
    those sentences as separate quotes; otherwise it stays whole (a trimmed copy is one quote)."""
    result: list[QuoteInArticle] = []
    for quote in quotes:
        segments = quote.segments
        if len(segments) > 1 and _quoted_apart(quote, segments, quotes):
            result.extend(replace(quote, part=segment) for segment in segments)
        else:
            result.append(quote)
    return result


def _quoted_apart(quote: QuoteInArticle, segments: list[str], quotes: Sequence[QuoteInArticle]) -> bool:
    for article in {q.article for q in quotes if q.article != quote.article}:
        others = [q for q in quotes if q.article == article and same_statement(quote, q)]
        matched = {id(q) for segment in segments for q in others
                   if same_statement(replace(quote, part=segment), q)}  # fmt: skip
        if len(matched) > 1:
            return True
    return False


def group_quotes(quotes: Sequence[QuoteInArticle]) -> list[QuoteGroup]:
    """Group quotes of one statement across articles; every quote ends in exactly one group."""
    groups: list[list[QuoteInArticle]] = []
    for quote in split_where_quoted_apart(quotes):
        home = next((g for g in groups if _fits(g, quote)), None)
        if home is None:
            groups.append([quote])
        else:
            home.append(quote)
    return [_compare(members) for members in groups]


def _fits(group: list[QuoteInArticle], quote: QuoteInArticle) -> bool:
    if any(member.article == quote.article for member in group):
        return False
    return any(same_statement(member, quote) for member in group)


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


def compare_wordings(reference: QuoteInArticle, quote: QuoteInArticle, diff: Sequence[DiffOp]) -> Verdict:
    """The verdict for one variant against the reference wording."""
    direct = {QuoteKind.DIRECT, QuoteKind.PARTIAL}
    if (reference.quote.kind in direct) != (quote.quote.kind in direct):
        return Verdict.PARAPHRASE_ONLY
    ref_words, own_words = words(reference.words), words(quote.words)
    if ref_words == own_words:
        return Verdict.IDENTICAL
    if _contiguous_part(own_words, ref_words) or _contiguous_part(ref_words, own_words):
        return Verdict.TRIMMED
    changed = sum(len(words(op.text)) for op in diff if op.op != "=")
    if changed / max(len(ref_words), len(own_words)) <= MINOR_EDIT_MAX_CHANGE:
        return Verdict.MINOR_EDIT
    return Verdict.SUBSTANTIVE_CHANGE


def _contiguous_part(part: list[str], whole: list[str]) -> bool:
    if not part or len(part) > len(whole):
        return False
    return any(whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1))


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
    return "".join(words(token)) or token
