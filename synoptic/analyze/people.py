"""People: the ``Person`` of an article and each ``Mention`` of them, found from its names.

The names of an article (``article_names``), what tells a person's gender (honorifics, gendered role
nouns, pronouns, first names; ``title_votes``, ``speaking_pronouns``) and whether a role fits a person
(``fits_role``: "the Chinese envoy" and "China's U.N. Ambassador Wang Guangya"). ``speakers.Cast``
puts them together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from synoptic.analyze.names import (
    FEMALE,
    HONORIFICS,
    MALE,
    NAME_SUFFIXES,
    Name,
    bare,
    entity_names,
    surname_names,
    word_set,
)
from synoptic.analyze.nlp import Span, start_of
from synoptic.analyze.roles import SUBJECTS, in_clause, role_words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as Entity


GENDERED_ROLES = {
    **dict.fromkeys(
        word_set("spokesman congressman businessman husband father son brother king prince man boy"),
        MALE,
    ),
    **dict.fromkeys(
        word_set(
            "spokeswoman congresswoman businesswoman wife mother daughter sister queen princess woman girl "
            "widow actress lady"
        ),
        FEMALE,
    ),
}
PRONOUN_GENDER = {
    **dict.fromkeys(("he", "him", "his", "himself"), MALE),
    **dict.fromkeys(("she", "her", "hers", "herself"), FEMALE),
}
# Weights of the evidence for a person's gender: an honorific or gendered role noun outweighs the
# pronouns of two sentences, which outweigh a first name (set by hand, not tuned).
HONORIFIC_VOTES, PRONOUN_VOTES, FIRST_NAME_VOTES = 4, 2, 1
# Role nouns that name the same office.
ROLE_SYNONYMS = (
    frozenset(("envoy", "ambassador", "representative", "diplomat")),
    frozenset(("spokesman", "spokeswoman", "spokesperson")),
    frozenset(("senator", "sen", "lawmaker")),
    frozenset(("congressman", "congresswoman", "representative", "rep", "lawmaker")),
    frozenset(("governor", "gov")),
    frozenset(("secretary", "minister")),
)
# Adjectives of nationality whose country does not share their first four letters.
DEMONYMS = {
    "american": ("u.s.", "us", "america", "washington"),
    "british": ("britain", "u.k.", "uk", "london"),
    "french": ("france", "paris"),
    "dutch": ("netherlands",),
}
# Two words of a role match when they share this many first letters ("Chinese" ~ "China").
ROLE_PREFIX = 4
# How often the recogniser must find a lone name ("Trump", never named in full) before its other
# uses count as names too: one finding alone may be an error ("Twitter"). Set by hand.
LONE_NAME_USES = 2


@dataclass
class Person:
    """One person of an article: the canonical full name and what is known of them."""

    name: str
    words: frozenset[str]
    full: bool = True  # named in full somewhere, not only by a surname
    roles: set[str] = field(default_factory=set)  # words of titles and appositions
    heads: set[str] = field(default_factory=set)  # their head nouns ("ambassador")
    votes: Counter[str] = field(default_factory=Counter)  # gender -> weight of the evidence

    @property
    def gender(self) -> str | None:
        """MALE or FEMALE by the majority of the votes; None when there are none or a tie."""
        return majority(self.votes)


@dataclass(frozen=True)
class Mention:
    """Where a person is named: span, sentence number, whether as a subject or a speaker, and its tokens."""

    span: Span
    person: Person
    sentence: int
    subject: bool
    speaker: bool
    quoted: bool
    tokens: Entity

    @property
    def object(self) -> bool:
        """Whether the name is an object, of a verb or a preposition."""
        return in_clause(self.tokens.root).dep_ in ("dobj", "dative", "pobj")


def majority(votes: Counter[str]) -> str | None:
    """The gender with the most votes; None when there are none or the first two tie."""
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def article_names(docs: Sequence[Doc], is_cue: Callable[[Token], bool]) -> list[Name]:
    """The names of an article in text order: its PERSON entities, then the surnames found elsewhere and
    the full names of the proper nouns that speak ("Sadia Karim" for "Karim said"), then those surnames."""
    found = [name for doc in docs for name in entity_names(doc)]
    lone = Counter(n.words[0] for n in found if len(n.words) == 1)
    known = {w for w, count in lone.items() if count >= LONE_NAME_USES}
    short = {w for n in found if not n.full for w in n.words}
    short |= {t.text for doc in docs for t in doc if _speaking_name(t, is_cue)}
    for _ in range(2):  # the surnames of the full names found the first time are known the second
        known |= {_surname(n.words) for n in found if n.full}
        taken = {(id(n.tokens.doc), i) for n in found for i in range(n.tokens.start, n.tokens.end)}
        found += [name for doc in docs for name in surname_names(doc, known, short, taken)]
    return sorted(found, key=lambda n: start_of(n.tokens[0]))


def _speaking_name(token: Token, is_cue: Callable[[Token], bool]) -> bool:
    """A proper noun without an article that is the subject of a cue ("Karim said", not "The Times said")."""
    speaks = token.tag_ == "NNP" and token.dep_ in SUBJECTS and is_cue(token.head)
    return speaks and not any(c.dep_ == "det" for c in token.children)


def _surname(words: Sequence[str]) -> str:
    """The last word of a name before its suffix."""
    return next(w for w in reversed(words) if bare(w) not in NAME_SUFFIXES)


def extends(words: Sequence[str], person: Person, after: bool) -> bool:
    """Whether a name only adds words after (not a suffix: "Donald Trump Jr.") or before a person's full name."""
    shorter = [bare(w) for w in person.name.split()]
    if len(words) <= len(shorter):
        return False
    if after:
        return list(words[: len(shorter)]) == shorter and words[-1] not in NAME_SUFFIXES
    return list(words[-len(shorter) :]) == shorter


def speaking_pronouns(doc: Doc, is_cue: Callable[[Token], bool]) -> Iterator[Token]:
    """The "he"/"she" of a parsed paragraph that are the subjects of cues."""
    if doc.has_annotation("DEP"):
        yield from (t for t in doc if t.lower_ in PRONOUN_GENDER and t.dep_ in SUBJECTS and is_cue(t.head))


def title_votes(name: Name) -> Counter[str]:
    """The gender votes of a name's honorific and gendered role nouns."""
    votes = Counter[str]()
    before = name.tokens.doc[name.tokens.start - 1].lower_ if name.tokens.start else ""
    for word in {bare(before), *(bare(t) for t in name.titles), *role_words(name)}:
        if gender := HONORIFICS.get(word) or GENDERED_ROLES.get(word):
            votes[gender] += HONORIFIC_VOTES
    return votes


def fits_role(person: Person, head: str, modifiers: Sequence[str]) -> bool:
    """Whether a role fits a person: ``head`` or a synonym is one of their role nouns, and every modifier
    is related to one of their role words ("Chinese" to "China's")."""
    heads = {head}.union(*(group for group in ROLE_SYNONYMS if head in group))
    return bool(heads & person.heads) and all(_related(m.lower(), person.roles) for m in modifiers)


def _related(word: str, roles: set[str]) -> bool:
    if word in roles or any(r in roles for r in DEMONYMS.get(word, ())):
        return True
    return len(word) >= ROLE_PREFIX and any(r[:ROLE_PREFIX] == word[:ROLE_PREFIX] for r in roles)
