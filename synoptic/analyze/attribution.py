"""Attribution: what was said, by whom, with which cue; pure functions over an article's text.

``extract_quotes(text)`` finds three kinds of quote:

* **direct**: a statement in quotation marks, attributed by a frame beside it (``“…,” he said``,
  ``X said: “…”``). A quote interrupted by its frame (``“A,” she said, “B.”``), continued in the
  next sentence without a frame of its own (``“A,” she said. “B.”``) or over paragraphs (a new
  paragraph opening with a quotation mark while the last one was not closed) is one quote from its
  first to its last quoted word, as PolNeAR annotates it;
* **partial**: a quoted fragment inside reported speech (``said the draft went “a long way” …``);
  its ``content_start``/``content_end`` give the reported clause that holds it;
* **indirect**: reported speech without quotation marks (``X said that …``, ``…, according to X``).

Quoted words that no cue governs (scare quotes, titles of works) are not quotes. Offsets index the
text exactly as given. The cues (verbs of saying, their subjects, what they report) are those of
``synoptic.analyze.quotes``; speakers are resolved to full names by ``synoptic.analyze.speakers``.

The work is cheap first: quotation marks are paired by a scanner over the raw characters, and
only the paragraphs holding a quotation mark or a cue word are parsed; the others only go
through the entity recogniser, for the names that later pronouns and titles refer to.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from synoptic.analyze.marks import CLOSING, paragraphs, quoted_spans
from synoptic.analyze.nlp import Span, end_of, parse_parts, span_of, start_of
from synoptic.analyze.quotes import (
    CUE_FORMS,
    NAMING_VERBS,
    SENTENCE_END,
    Quote,
    QuoteKind,
    clause_span,
    cue_text,
    is_according_to,
    is_cue,
    reported_clause,
    sentence_between,
    subject_of,
)
from synoptic.analyze.speakers import Cast, Speaker

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# Any cue word, for choosing the paragraphs worth parsing.
_CUE_WORD = re.compile(r"\b(?:" + "|".join(sorted(CUE_FORMS, key=len, reverse=True)) + r"|according to)\b", re.I)
# How many words after a closing mark a cue may stand (“…,” White House press secretary Josh
# Earnest said: 7 words), and before an opening mark (In a statement on Monday, Mr. Obama said:).
AFTER_WINDOW = 9
BEFORE_WINDOW = 12
# An indirect quote reports at least this many words (shorter clauses are "so", "it", "yes").
MIN_INDIRECT_WORDS = 3
# Words after which a comma and a quote continue a clause rather than frame a statement.
_SUBORDINATORS = frozenset(("that", "and", "but", "or", "because", "if", "when", "as", "while"))
# At most this many words between a cue and the comma before a quote (X said in a statement Monday, “…”).
BEFORE_FRAME_WORDS = 7
# Entity types that never speak.
_NOT_SPEAKERS = frozenset(("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"))
_OBJECT_PRONOUNS = frozenset(("him", "her", "them", "me", "us"))


def extract_quotes(text: str) -> list[Quote]:
    """The direct, partial and indirect quotes of an article, in text order, speakers resolved.

    Raises ``synoptic.errors.AnalysisError`` when no English spaCy model is installed.
    """
    blocks = paragraphs(text)
    if not blocks:
        return []
    quoted = quoted_spans(text)
    article = _Article(text, blocks, _parse(text, blocks, quoted), quoted)
    cast = Cast(article.docs, quoted, is_cue)
    fragments = [f for f in (_fragment(article, span) for span in quoted) if f is not None]
    quotes = [q for g in _groups([f for f in fragments if f.standalone]) if (q := _direct(article, cast, g))]
    quotes += [q for f in fragments if not f.standalone and (q := _partial(article, cast, f))]
    quotes += _indirect(article, cast, quotes)
    return sorted(quotes, key=lambda q: (q.start, q.end))


def _parse(text: str, blocks: Sequence[Span], quoted: Sequence[Span]) -> list[Doc]:
    """The paragraphs parsed: fully where a quote or a cue word occurs, for names only elsewhere."""
    full = [any(q.overlap(b) for q in quoted) or bool(_CUE_WORD.search(text, b.start, b.end)) for b in blocks]
    parsed = iter(parse_parts(text, [b for b, f in zip(blocks, full, strict=True) if f]))
    named = iter(parse_parts(text, [b for b, f in zip(blocks, full, strict=True) if not f], parser=False))
    return [next(parsed) if f else next(named) for f in full]


def _quote(article: _Article, kind: QuoteKind, span: Span, cue: Token, speaker: Speaker | None, content: Span) -> Quote:
    cue_span = span_of([cue, cue.doc[cue.i + 1]] if is_according_to(cue) else [cue])
    sentences = article.sentence_span(Span(min(span.start, cue_span.start), max(span.end, cue_span.end)))
    return Quote(
        start=span.start,
        end=span.end,
        text=article.text[span.start : span.end],
        kind=kind,
        cue=cue_text(cue),
        speaker=speaker.name if speaker else None,
        speaker_role=speaker.role if speaker else None,
        speaker_start=speaker.span.start if speaker else None,
        speaker_end=speaker.span.end if speaker else None,
        sentence_start=sentences.start,
        sentence_end=sentences.end,
        cue_start=cue_span.start,
        cue_end=cue_span.end,
        content_start=content.start,
        content_end=content.end,
    )


# --- the parsed article ----------------------------------------------------------------------------


class _Article:
    """An article's text, paragraphs, parsed paragraphs and quoted spans, with token look-up."""

    def __init__(self, text: str, blocks: Sequence[Span], docs: Sequence[Doc], quoted: Sequence[Span]) -> None:
        self.text, self.blocks, self.docs, self.quoted = text, blocks, docs, quoted
        self.block_starts = [b.start for b in blocks]
        self.token_starts = [[start_of(t) for t in doc] for doc in docs]
        self.quote_starts = {q.start for q in quoted}
        self.quote_ends = {q.end for q in quoted}

    def token_at(self, position: int) -> Token | None:
        """The token covering (or first after) ``position``."""
        block = bisect.bisect_right(self.block_starts, position) - 1
        if block < 0 or not self.token_starts[block]:
            return None
        index = max(0, bisect.bisect_right(self.token_starts[block], position) - 1)
        return self.docs[block][index]

    def in_quotes(self, token: Token) -> bool:
        position = start_of(token)
        return any(position in q for q in self.quoted)

    def opens_quote(self, token: Token) -> bool:
        return start_of(token) in self.quote_starts

    def closes_quote(self, token: Token) -> bool:
        return end_of(token) in self.quote_ends

    def sentence_span(self, span: Span) -> Span:
        """From the start of the sentence holding ``span.start`` to the end of the one holding its end."""
        first, last = self.token_at(span.start), self.token_at(max(span.start, span.end - 1))
        if first is None or last is None:
            return span
        return Span(
            start_of(first.sent[0]) if _parsed(first) else start_of(first.doc[0]),
            end_of(last.sent[-1] if _parsed(last) else last.doc[-1]),
        )


def _parsed(token: Token) -> bool:
    return token.doc.has_annotation("SENT_START")


# --- quotes in quotation marks ---------------------------------------------------------------------


@dataclass
class _Fragment:
    """One quoted span with the words around it in its sentence and the cue of its own frame."""

    span: Span
    opening: Token
    closing: Token
    before: list[Token]
    after: list[Token]
    cue: Token | None
    standalone: bool


def _fragment(article: _Article, span: Span) -> _Fragment | None:
    opening, closing = article.token_at(span.start), article.token_at(span.end - 1)
    inner = article.text[span.start + 1 : span.end - 1].strip(" '‘’“”\"")
    if opening is None or closing is None or not inner:
        return None
    before = _before(article, opening)
    after = [] if inner.endswith(".") else _after(article, closing)  # “….” ends its sentence
    cue_after = _after_cue(after)
    cue_before = next((t for t in reversed(before[-BEFORE_WINDOW:]) if is_cue(t)), None)
    trail = not after or after[0].is_punct or cue_after is not None
    standalone = _leads(before, cue_before, inner) and trail
    return _Fragment(span, opening, closing, before, after, _own_cue(before, cue_before, cue_after), standalone)


def _after_cue(after: Sequence[Token]) -> Token | None:
    """The cue of a frame after a quote: near it, or further on when its subject opens the frame
    (“…,” Senate Majority Leader Mitch McConnell, R-Ky., said)."""
    for index, token in enumerate(after):
        if is_cue(token) and (index < AFTER_WINDOW or _subject_opens(token, after[0])):
            return token
    return None


def _subject_opens(cue: Token, first: Token) -> bool:
    subject = subject_of(cue)
    return subject is not None and subject.left_edge == first


def _leads(before: Sequence[Token], cue: Token | None, inner: str) -> bool:
    """Whether the words before a quote let it stand as a whole statement: nothing, a colon, or a
    frame of saying (X said, “…” / X said “We …”) — not "that, “…”" nor a naming verb (called it “…”)."""
    if not before or before[-1].text == ":":
        return True
    if cue is None or CUE_FORMS.get(cue.lower_) in NAMING_VERBS:
        return False
    if before[-1] == cue:
        return inner[:1].isupper()
    interrupted = before[0].i > 0 and before[0].doc[before[0].i - 1].text in CLOSING  # “A,” X said, “B”
    return (
        before[-1].text == ","
        and len(before) > 1
        and before[-2].lower_ not in _SUBORDINATORS
        and (interrupted or before[-1].i - cue.i <= BEFORE_FRAME_WORDS)
    )


def _own_cue(before: Sequence[Token], cue_before: Token | None, cue_after: Token | None) -> Token | None:
    """The cue of a fragment's frame: the one after it (“…,” he said), unless one introduces it
    (X said: “…”; Lavrov criticized Japan as saying “…”, the agency reported)."""
    tail = [t for t in before[-2:] if not t.is_punct]
    if cue_before is not None and tail and tail[-1] == cue_before:
        return cue_before
    return cue_after or cue_before


def _after(article: _Article, closing: Token) -> list[Token]:
    """The words after a closing mark up to the end of its sentence or the next quotation."""
    words = []
    for token in closing.doc[closing.i + 1 :]:
        if token.text in SENTENCE_END or article.opens_quote(token):
            break
        if not token.is_space:
            words.append(token)
    return words


def _before(article: _Article, opening: Token) -> list[Token]:
    """The words before an opening mark back to the start of its sentence or the last quotation."""
    words = []
    for token in reversed(opening.doc[: opening.i]):
        if token.text in SENTENCE_END or article.closes_quote(token):
            break
        if not token.is_space:
            words.append(token)
    return words[::-1]


def _groups(fragments: Sequence[_Fragment]) -> list[list[_Fragment]]:
    """Standalone fragments joined into quotes: one cue per quote, within a paragraph, and
    the next fragment no further than the sentence after (“A,” she said. “B.”)."""
    groups: list[list[_Fragment]] = []
    for fragment in fragments:
        last = groups[-1] if groups else None
        if last and _joins(last, fragment):
            last.append(fragment)
        else:
            groups.append([fragment])
    return groups


def _joins(group: list[_Fragment], fragment: _Fragment) -> bool:
    previous = group[-1]
    if previous.closing.doc is not fragment.opening.doc:
        return False
    between = previous.closing.doc[previous.closing.i + 1 : fragment.opening.i]
    if sum(t.text in SENTENCE_END for t in between) > 1:
        return False
    cues = [f.cue for f in group if f.cue is not None]
    if any(not t.is_punct and not t.is_space for t in between) and not any(c in between for c in cues):
        return False  # words between that are not the quote's frame: “A,” he said. More news. “B.”
    if fragment.cue is None or fragment.cue in cues:
        return True
    return not cues and fragment.cue.i > fragment.closing.i  # “A.” “B,” he said. (not: “A.” He said, “B.”)


def _group_cue(article: _Article, group: Sequence[_Fragment]) -> Token | None:
    """The cue of a quote: that of a fragment's frame, else a "X said:" closing the paragraph before."""
    cue = next((f.cue for f in group if f.cue is not None), None)
    if cue is not None:
        return cue
    opening = group[0].opening
    index = article.docs.index(opening.doc) if opening.i == 0 else 0
    previous = article.docs[index - 1] if index > 0 else None
    if previous is None or not len(previous) or previous[-1].text != ":":
        return None
    return next((t for t in reversed(previous[-BEFORE_WINDOW:]) if is_cue(t)), None)


def _fallback_subject(article: _Article, cue: Token) -> Token | None:
    """A subject the parser missed: the name, pronoun or noun right after the cue ("said Caddell")
    or before it, outside quotation marks, in the cue's sentence, and not the object of a preposition
    ("wrote on Twitter", "on April 11 to ask")."""
    near = [*cue.doc[cue.i + 1 : cue.i + 4], *reversed(cue.doc[max(0, cue.i - 4) : cue.i])]
    near = [t for t in near if not article.in_quotes(t) and not sentence_between(t, cue) and t.dep_ != "pobj"]
    return next((t for t in near if _may_speak(t)), None)


def _may_speak(token: Token) -> bool:
    """A person's name, a subject pronoun or a noun; not a date, time or number the recogniser called a
    name, nor an object pronoun ("derided him")."""
    if token.ent_type_ in _NOT_SPEAKERS or token.lower_ in _OBJECT_PRONOUNS:
        return False
    return token.ent_type_ == "PERSON" or token.tag_ in ("NNP", "PRP", "NN", "NNS")


def _speaker(article: _Article, cast: Cast, cue: Token | None) -> Speaker | None:
    """Who speaks through ``cue``: its subject, or when the parser found none outside the
    quotation marks, a name or pronoun beside the cue."""
    if cue is None:
        return None
    subject = subject_of(cue)
    if subject is None or article.in_quotes(subject):
        subject = _fallback_subject(article, cue)
    return cast.speaker(subject) if subject is not None else None


def _direct(article: _Article, cast: Cast, group: Sequence[_Fragment]) -> Quote | None:
    cue = _group_cue(article, group)
    if cue is None:
        return None
    span = Span(group[0].span.start, group[-1].span.end)
    return _quote(article, QuoteKind.DIRECT, span, cue, _speaker(article, cast, cue), span)


# --- partial quotes --------------------------------------------------------------------------------

_TITLE_SMALL_WORDS = frozenset(["a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"])
# How many heads up from a quoted fragment its cue may stand (fragment → clause verb → said).
PARTIAL_DEPTH = 4


def _title_like(inner: str) -> bool:
    """Quoted words that look like the title of a work ("The Art of the Deal"): not a quote."""
    words = [w for w in re.findall(r"[\w'’-]+", inner) if w.lower() not in _TITLE_SMALL_WORDS]
    closed = inner.rstrip(" '’”\"»“").endswith(("!", "?"))  # "Face the Nation," keeps its comma inside
    return len(words) >= 2 and all(w[:1].isupper() or w[:1].isdigit() for w in words) and not closed


def _governing_cue(article: _Article, fragment: _Fragment) -> tuple[Token, Token] | None:
    """The cue verb a quoted fragment depends on, with the cue's child on the way to it."""
    inner = fragment.opening.doc[fragment.opening.i + 1 : fragment.closing.i]
    heads = [t for t in inner if not inner.start <= t.head.i < inner.end or t.head == t]
    if not heads:
        return None
    child, token = heads[0], heads[0].head
    for _ in range(PARTIAL_DEPTH):
        if is_cue(token) and not article.in_quotes(token):
            return token, child
        if token.head == token:
            return None
        child, token = token, token.head
    return None


def _partial(article: _Article, cast: Cast, fragment: _Fragment) -> Quote | None:
    if fragment.opening.doc is not fragment.closing.doc:
        return None
    if _title_like(article.text[fragment.span.start + 1 : fragment.span.end - 1]):
        return None
    found = _governing_cue(article, fragment)
    if found is None:
        return None
    cue, child = found
    content = clause_span(child) if child.i != cue.i else fragment.span
    content = Span(min(content.start, fragment.span.start), max(content.end, fragment.span.end))
    return _quote(article, QuoteKind.PARTIAL, fragment.span, cue, _speaker(article, cast, cue), content)


# --- indirect quotes -------------------------------------------------------------------------------


def _indirect(article: _Article, cast: Cast, taken: Sequence[Quote]) -> list[Quote]:
    """Reported speech with a cue and a speaker that no quote in quotation marks already covers."""
    used = {q.cue_start for q in taken}
    quotes = []
    for doc in article.docs:
        if not doc.has_annotation("DEP"):
            continue
        for cue in doc:
            if not is_cue(cue) or start_of(cue) in used or article.in_quotes(cue):
                continue
            clause = reported_clause(cue)
            if clause is None or not _reports_alone(clause, article, taken):
                continue
            subject = subject_of(cue)
            if subject is not None and len(article.text[clause.start : clause.end].split()) >= MIN_INDIRECT_WORDS:
                quotes.append(_quote(article, QuoteKind.INDIRECT, clause, cue, cast.speaker(subject), clause))
    return _outermost(quotes)


def _outermost(quotes: Sequence[Quote]) -> list[Quote]:
    """Of reported speech inside reported speech ("X said Y told them …"), the outer quote, unless its
    cue is a channel ("…, the news agency reported"): then the inner one."""

    def inside(inner: Quote, outer: Quote) -> bool:
        return inner is not outer and inner.cue_start is not None and inner.cue_start in outer.content_span

    kept = []
    for quote in quotes:
        outers = [o for o in quotes if inside(quote, o)]
        inners = [i for i in quotes if inside(i, quote)]
        if any(not _channel(o) for o in outers) or (inners and _channel(quote)):
            continue
        kept.append(quote)
    return kept


def _channel(quote: Quote) -> bool:
    return CUE_FORMS.get((quote.cue or "").split(" ")[0].lower()) == "report"


def _reports_alone(clause: Span, article: _Article, taken: Sequence[Quote]) -> bool:
    """A clause that is no quote in marks, and holds no other quote's cue (then this cue is a channel:
    "…, Interfax news agency reported")."""
    if any(q.kind is QuoteKind.DIRECT and q.span.overlap(clause) for q in taken):
        return False
    return not any(q.cue_start is not None and q.cue_start in clause for q in taken)
