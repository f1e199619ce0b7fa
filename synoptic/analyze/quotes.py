"""Quotes: what was said, by whom, with which cue; pure functions over an article's text.

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
text exactly as given. Speakers are resolved to full names by ``synoptic.analyze.speakers``.

The work is cheap first: quotation marks are paired by a scanner over the raw characters, and
only the paragraphs holding a quotation mark or a cue word are parsed; the others only go
through the entity recogniser, for the names that later pronouns and titles refer to.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from synoptic.analyze.marks import CLOSING, paragraphs, quoted_spans
from synoptic.analyze.nlp import Span, end_of, parse_parts, span_of, start_of
from synoptic.analyze.roles import noun_phrase
from synoptic.analyze.speakers import Cast, Speaker

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


class QuoteKind(StrEnum):
    """How a quote renders what was said."""

    DIRECT = "direct"  # the words in quotation marks
    PARTIAL = "partial"  # a quoted fragment inside reported speech
    INDIRECT = "indirect"  # reported speech, no quotation marks


@dataclass(frozen=True)
class Quote:
    """One quote of an article; every offset indexes the article's text exactly as given.

    ``text`` is ``article[start:end]``: the quotation with its marks (the fragment, for a partial
    quote; the reported clause, for an indirect one). ``speaker`` is the full canonical name, None
    when the speaker is unnamed or unknown; ``speaker_role`` the role words of the subject ("a senior
    American diplomat"); ``speaker_start``/``speaker_end`` the mention naming or referring to the
    speaker in this text (the pronoun of "he said"). ``content_start``/``content_end`` give what is
    reported: the quote itself, or for a partial quote the clause holding the fragment.
    """

    start: int
    end: int
    text: str
    kind: QuoteKind
    cue: str | None
    speaker: str | None
    speaker_role: str | None
    speaker_start: int | None
    speaker_end: int | None
    sentence_start: int
    sentence_end: int
    cue_start: int | None
    cue_end: int | None
    content_start: int
    content_end: int

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    @property
    def speaker_span(self) -> Span | None:
        return (
            None
            if self.speaker_start is None or self.speaker_end is None
            else Span(self.speaker_start, self.speaker_end)
        )

    @property
    def content_span(self) -> Span:
        return Span(self.content_start, self.content_end)

    def to_json(self) -> dict[str, Any]:
        """The fields of ``synoptic quotes --json``."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": str(self.kind),
            "cue": self.cue,
            "speaker": self.speaker,
            "speaker_start": self.speaker_start,
            "speaker_end": self.speaker_end,
        }


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
    cue_span = span_of([cue, cue.doc[cue.i + 1]] if _according(cue) else [cue])
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


# --- cues ------------------------------------------------------------------------------------------


def _forms(lemma: str) -> set[str]:
    """The inflected forms of a regular English verb (say-type irregulars are listed in _IRREGULAR)."""
    if lemma.endswith("ee"):
        return {lemma, lemma + "s", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        stem = lemma[:-1]
        return {lemma, lemma + "s", stem + "ed", stem + "ing"}
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return {lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    double = lemma + lemma[-1] if lemma in _DOUBLED else lemma
    plural = lemma + "es" if lemma.endswith(("sh", "ch", "ss", "x")) else lemma + "s"
    return {lemma, plural, double + "ed", double + "ing"}


_DOUBLED = frozenset(("admit", "quip", "commit", "omit", "regret"))
_IRREGULAR = {
    "say": ("said", "says", "saying"),
    "tell": ("told", "tells", "telling"),
    "write": ("wrote", "written", "writes", "writing"),
    "read": ("reads", "reading"),
    "sing": ("sang", "sung", "sings", "singing"),
    "tweet": ("tweeted", "tweets", "tweeting"),
}
# Verbs that attribute speech; from the cues of PolNeAR train's attributions (most frequent first),
# keeping verbs of saying and leaving out verbs of belief ("think", "want") and perception ("show").
SPEECH_VERBS = tuple(
    str.split(
        "say tell add write ask reply respond declare conclude state explain recall note insist argue "
        "claim warn announce acknowledge admit suggest predict promise vow pledge confirm deny report "
        "complain contend assert maintain observe remark joke quip shout yell chant scream whisper "
        "testify urge caution concede counter retort emphasize stress tweet post read sing boast lament "
        "muse agree disagree allege answer question wonder mention reiterate charge demand accuse blame "
        "criticize praise tout continue criticise"
    )
)
# Verbs whose object may be a quoted fragment without being speech ("calling the stance “discouraging”").
NAMING_VERBS = ["call", "label", "dub", "term", "describe", "characterize", "brand", "deride", "dismiss"]
CUE_FORMS = {form: lemma for lemma in (*SPEECH_VERBS, *NAMING_VERBS) for form in _forms(lemma)} | {
    form: lemma for lemma, forms in _IRREGULAR.items() for form in (lemma, *forms)
}
# Any cue word, for choosing the paragraphs worth parsing.
_CUE_WORD = re.compile(r"\b(?:" + "|".join(sorted(CUE_FORMS, key=len, reverse=True)) + r"|according to)\b", re.I)
# "continue" and the naming verbs frame quotes but do not report a clause of their own.
_NOT_REPORTING = frozenset(("continue", *NAMING_VERBS))
# How many words after a closing mark a cue may stand (“…,” White House press secretary Josh
# Earnest said: 7 words), and before an opening mark (In a statement on Monday, Mr. Obama said:).
AFTER_WINDOW = 9
BEFORE_WINDOW = 12
# An indirect quote reports at least this many words (shorter clauses are "so", "it", "yes").
MIN_INDIRECT_WORDS = 3
_SENTENCE_END = frozenset(".!?")
# Words after which a comma and a quote continue a clause rather than frame a statement.
_SUBORDINATORS = frozenset(("that", "and", "but", "or", "because", "if", "when", "as", "while"))
# At most this many words between a cue and the comma before a quote (X said in a statement Monday, “…”).
BEFORE_FRAME_WORDS = 7
# Entity types that never speak.
_NOT_SPEAKERS = frozenset(("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"))
_OBJECT_PRONOUNS = frozenset(("him", "her", "them", "me", "us"))


def is_cue(token: Token) -> bool:
    """Whether ``token`` is a verb of saying (or naming) outside of a name or a noun."""
    return (token.tag_.startswith("VB") and token.lower_ in CUE_FORMS) or _according(token)


def _according(token: Token) -> bool:
    return token.lower_ == "according" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to"


def cue_text(cue: Token) -> str:
    """The cue as written: the verb with its particle ("pointed out"), "told" with its listener, "according to"."""
    if _according(cue):
        return "according to"
    words = [cue]
    words += [c for c in cue.children if c.dep_ == "prt"]
    listener = next((c for c in cue.children if c.dep_ in ("dobj", "dative") and c.i > cue.i), None)
    if CUE_FORMS.get(cue.lower_) == "tell" and listener is not None and len(noun_phrase(listener)) <= 2:
        words += noun_phrase(listener)
    words.sort(key=lambda t: t.i)
    return " ".join(t.text for t in words)


def subject_of(cue: Token) -> Token | None:
    """The token naming who speaks: the cue verb's subject (climbing to the verb it depends on when it
    has none: "… and said", "…, calling it") or the object of "according to"."""
    if _according(cue):
        return next((c for t in cue.doc[cue.i + 1 : cue.i + 2] for c in t.children if c.dep_ == "pobj"), None)
    verb = cue
    for _ in range(3):
        subject = _nearest_subject(verb)
        if subject is not None or verb.dep_ not in ("conj", "advcl", "xcomp", "pcomp", "prep", "ccomp"):
            return subject if subject is None or subject.lower_ not in ("who", "that") else verb.head
        verb = verb.head
    return None


def _nearest_subject(verb: Token) -> Token | None:
    """The subject of a verb; of two (a dateline parsed as one: "PALM BEACH, Fla. — President Trump
    began"), the nearer; none across the end of a sentence (a cue the parser ran into the next one)."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and not _sentence_between(c, verb)]
    return min(subjects, key=lambda c: abs(c.i - verb.i)) if subjects else None


def _sentence_between(first: Token, second: Token) -> bool:
    """Whether a sentence ends between two tokens of a paragraph."""
    low, high = sorted((first.i, second.i))
    return any(t.text in _SENTENCE_END for t in first.doc[low + 1 : high])


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
        if token.text in _SENTENCE_END or article.opens_quote(token):
            break
        if not token.is_space:
            words.append(token)
    return words


def _before(article: _Article, opening: Token) -> list[Token]:
    """The words before an opening mark back to the start of its sentence or the last quotation."""
    words = []
    for token in reversed(opening.doc[: opening.i]):
        if token.text in _SENTENCE_END or article.closes_quote(token):
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
    if sum(t.text in _SENTENCE_END for t in between) > 1:
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
    near = [t for t in near if not article.in_quotes(t) and not _sentence_between(t, cue) and t.dep_ != "pobj"]
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
    content = _content(child) if child.i != cue.i else fragment.span
    content = Span(min(content.start, fragment.span.start), max(content.end, fragment.span.end))
    return _quote(article, QuoteKind.PARTIAL, fragment.span, cue, _speaker(article, cast, cue), content)


def _content(head: Token) -> Span:
    """The characters of a clause: ``head``'s subtree without punctuation at either end."""
    tokens = list(head.subtree)
    while len(tokens) > 1 and tokens[-1].is_punct and tokens[-1].text not in '”"’»':
        tokens.pop()
    while len(tokens) > 1 and tokens[0].is_punct and tokens[0].text not in '“"‘«„':
        tokens.pop(0)
    return span_of(tokens)


# --- indirect quotes -------------------------------------------------------------------------------


def _reported_clause(cue: Token) -> Span | None:
    """What a cue reports: its clausal complement, or for "according to X" the rest of the sentence."""
    if _according(cue):
        phrase = {t.i for t in cue.subtree}
        sentence = [t for t in cue.sent if not t.is_punct or t.i in phrase]
        left = [t for t in sentence if t.i < cue.i and t.i not in phrase]
        right = [t for t in sentence if t.i > cue.i and t.i not in phrase]
        side = [t for t in max(left, right, key=len) if not t.is_punct]
        return span_of(side) if side else None
    if CUE_FORMS.get(cue.lower_) in _NOT_REPORTING or any(c.dep_ == "auxpass" for c in cue.children):
        return None
    clause = next((c for c in cue.children if c.dep_ == "ccomp"), None)
    return _content(clause) if clause is not None else None


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
            clause = _reported_clause(cue)
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
