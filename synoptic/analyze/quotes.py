"""Quotes: the ``Quote`` type, and the cues that attribute speech (pure functions over parsed tokens).

A cue is a verb of saying (or of naming) in any of its forms (``CUE_FORMS``), or "according to";
``is_cue`` tells one, ``cue_text`` gives it as written, ``subject_of`` the token naming who speaks
and ``reported_clause`` what it reports. The quotes themselves are found by
``synoptic.analyze.attribution.extract_quotes``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from synoptic.analyze.nlp import Span, span_of
from synoptic.analyze.roles import noun_phrase

if TYPE_CHECKING:
    from spacy.tokens import Token


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
# "continue" and the naming verbs frame quotes but do not report a clause of their own.
_NOT_REPORTING = frozenset(("continue", *NAMING_VERBS))
# The marks that end a sentence.
SENTENCE_END = frozenset(".!?")


def is_cue(token: Token) -> bool:
    """Whether ``token`` is a verb of saying (or naming) outside of a name or a noun."""
    return (token.tag_.startswith("VB") and token.lower_ in CUE_FORMS) or is_according_to(token)


def is_according_to(token: Token) -> bool:
    """Whether ``token`` is the "according" of "according to"."""
    return token.lower_ == "according" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to"


def cue_text(cue: Token) -> str:
    """The cue as written: the verb with its particle ("pointed out"), "told" with its listener, "according to"."""
    if is_according_to(cue):
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
    if is_according_to(cue):
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
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and not sentence_between(c, verb)]
    return min(subjects, key=lambda c: abs(c.i - verb.i)) if subjects else None


def sentence_between(first: Token, second: Token) -> bool:
    """Whether a sentence ends between two tokens of a paragraph."""
    low, high = sorted((first.i, second.i))
    return any(t.text in SENTENCE_END for t in first.doc[low + 1 : high])


def reported_clause(cue: Token) -> Span | None:
    """What a cue reports: its clausal complement, or for "according to X" the rest of the sentence."""
    if is_according_to(cue):
        phrase = {t.i for t in cue.subtree}
        sentence = [t for t in cue.sent if not t.is_punct or t.i in phrase]
        left = [t for t in sentence if t.i < cue.i and t.i not in phrase]
        right = [t for t in sentence if t.i > cue.i and t.i not in phrase]
        side = [t for t in max(left, right, key=len) if not t.is_punct]
        return span_of(side) if side else None
    if CUE_FORMS.get(cue.lower_) in _NOT_REPORTING or any(c.dep_ == "auxpass" for c in cue.children):
        return None
    clause = next((c for c in cue.children if c.dep_ == "ccomp"), None)
    return clause_span(clause) if clause is not None else None


def clause_span(head: Token) -> Span:
    """The characters of a clause: ``head``'s subtree without punctuation at either end."""
    tokens = list(head.subtree)
    while len(tokens) > 1 and tokens[-1].is_punct and tokens[-1].text not in '”"’»':
        tokens.pop()
    while len(tokens) > 1 and tokens[0].is_punct and tokens[0].text not in '“"‘«„':
        tokens.pop(0)
    return span_of(tokens)
