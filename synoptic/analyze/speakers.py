"""Speakers: who a quote's subject is, resolved to a full canonical name within one article.

The people of an article (its ``Cast``) come from the entity recogniser's PERSON mentions. A
mention of two or more name words is a full name; a lone surname or title + surname ("Mr Wang",
"Mr. Oshima") is resolved to the full name holding that word, the one named most recently before
it (so "Clinton" follows whichever Clinton was last named in full). A subject is then resolved:

* a name: its person's full name;
* "he"/"she": the nearest fitting person before it (same gender when known; a subject of its
  sentence or an earlier speaker preferred over a name merely mentioned; never a name in quotes);
* a definite role ("the Chinese envoy", "Japan's ambassador"): the person whose titles and
  appositions match it ("China's U.N. Ambassador Wang Guangya"), nearest first;
* an indefinite role ("a senior American diplomat", "officials") stays unnamed: its role text only;
* an organisation, country or group: its own name.

Gender comes from honorifics, gendered role nouns and the pronouns of sentences naming one person.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from synoptic.analyze.nlp import Span, end_of, span_of, start_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as Entity


def _words(text: str) -> tuple[str, ...]:
    """The words of a list written as one string."""
    return tuple(text.split())


MALE, FEMALE = "m", "f"
HONORIFICS = {"mr": MALE, "sir": MALE, "lord": MALE, "mrs": FEMALE, "ms": FEMALE, "miss": FEMALE, "dame": FEMALE}
# Titles dropped from a name (kept as role words); the honorifics above are dropped too.
TITLES = frozenset(
    _words(
        "dr prof rev sen senator rep gov governor president vice secretary minister ambassador gen "
        "general lt col capt sgt adm judge justice mayor chairman chairwoman chief speaker pope king "
        "queen prince princess sheriff candidate nominee former the"
    )
)
GENDERED_ROLES = {
    **dict.fromkeys(
        _words("spokesman congressman businessman husband father son brother king prince man boy"),
        MALE,
    ),
    **dict.fromkeys(
        _words(
            "spokeswoman congresswoman businesswoman wife mother daughter sister queen princess woman girl "
            "widow actress"
        ),
        FEMALE,
    ),
}
PRONOUN_GENDER = {
    **dict.fromkeys(("he", "him", "his", "himself"), MALE),
    **dict.fromkeys(("she", "her", "hers", "herself"), FEMALE),
}
# A weak prior for people no honorific or pronoun has told about: common English first names.
FIRST_NAMES = {
    **dict.fromkeys(
        _words(
            "john james robert michael william david richard joseph thomas charles christopher daniel matthew "
            "mark donald paul steven george kenneth andrew joshua kevin brian edward ronald timothy jason "
            "jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin "
            "samuel frank gregory raymond patrick jack dennis jerry tyler aaron henry peter adam douglas "
            "nathan zachary kyle walter harold carl jeremy keith roger gerald ethan arthur terry christian "
            "sean lawrence austin joe noah jesse albert bryan billy bruce willie jordan dylan alan ralph "
            "gabriel roy juan wayne eugene logan randy louis russell vincent philip bobby johnny bradley "
            "barack bill mitt ted marco mike jeb chris bernie rand newt rick tim ben jim tom bob dick al "
            "chuck harry mitch lindsey vladimir"
        ),
        MALE,
    ),
    **dict.fromkeys(
        _words(
            "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty "
            "margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah "
            "stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna brenda pamela "
            "nicole emma samantha katherine christine debra rachel catherine carolyn janet ruth maria heather "
            "diane virginia julie joyce victoria olivia kelly christina lauren joan evelyn judith megan "
            "cheryl andrea hannah martha jacqueline frances gloria ann teresa kathryn sara janice jean alice "
            "madison doris abigail julia judy grace denise amber marilyn beverly danielle theresa sophia "
            "marie diana brittany natalie isabella charlotte rose alexis kayla hillary michele condoleezza "
            "sonia ruth elena kamala melania ivanka chelsea huma kellyanne sheryl nikki sarah carly hope"
        ),
        FEMALE,
    ),
}
# Weights of the evidence for a person's gender: an honorific or gendered role noun outweighs the
# pronouns of two sentences, which outweigh a first name (set by hand, not tuned).
HONORIFIC_VOTES, PRONOUN_VOTES, FIRST_NAME_VOTES = 4, 2, 1
# Prepositions whose object names a place or a medium more often than a speaker ("on Twitter").
_NOT_SPEAKER_PREPOSITIONS = frozenset(("on", "in", "at", "via"))
# Subject pronouns that cannot name a person of the article (plural, first or second person).
UNRESOLVED_PRONOUNS = frozenset(("they", "we", "i", "you", "it", "one"))
NAME_SUFFIXES = frozenset(("jr", "sr", "ii", "iii", "iv"))
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
# How far back a pronoun looks for its person, in sentences (set by hand; PolNeAR dev speaker
# accuracy, 0.963, is what it was checked against).
ANTECEDENT_SENTENCES = 5
# What a subject position, and having been quoted, are worth against recency, in sentences (set by
# hand: a subject one sentence further back still beats an object; checked on PolNeAR dev).
SUBJECT_BONUS = 0.6
SPEAKER_BONUS = 0.6
_PERSON, _GROUPS = "PERSON", frozenset(("ORG", "GPE", "NORP"))
_SUBJECTS = frozenset(("nsubj", "nsubjpass"))
_WORD = re.compile(r"[\w.'-]+")


@dataclass(frozen=True)
class Speaker:
    """Who said it: the full name (None when unnamed), the role text, and the mention in the text."""

    name: str | None
    role: str | None
    span: Span


@dataclass
class Person:
    """One person of an article: the canonical full name and what is known of them."""

    name: str
    words: frozenset[str]
    roles: set[str] = field(default_factory=set)
    votes: Counter[str] = field(default_factory=Counter)  # gender -> weight of the evidence

    @property
    def gender(self) -> str | None:
        """MALE or FEMALE by the majority of the votes; None when there are none or a tie."""
        ranked = self.votes.most_common(2)
        if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
            return None
        return ranked[0][0]


@dataclass(frozen=True)
class Mention:
    """Where a person is named: span, sentence number, and whether as a subject or a speaker."""

    span: Span
    person: Person
    sentence: int
    subject: bool
    speaker: bool
    quoted: bool


def name_words(tokens: Sequence[Token] | Entity) -> list[str]:
    """The words of a name, without titles, honorifics, initials, possessives and punctuation."""
    words = [t.text for t in tokens if _WORD.fullmatch(t.text) and t.text not in ("'s", "’s")]
    while words and words[0].lower().rstrip(".") in TITLES | HONORIFICS.keys():
        words.pop(0)
    return [w for w in words if not re.fullmatch(r"[A-Z]\.?", w)]


def _key(words: Sequence[str]) -> tuple[str, str]:
    """A full name's identity: first and last word, a suffix kept apart ("Donald Trump Jr.")."""
    last = words[-1].lower().rstrip(".")
    return (words[0].lower(), words[-2].lower() + " " + last if last in NAME_SUFFIXES else last)


def _full(entity: Entity) -> bool:
    return len(name_words(entity)) > 1


def sentences(doc: Doc) -> Iterator[Entity]:
    """The sentences of a parsed paragraph, or the paragraph itself when it was not parsed."""
    if doc.has_annotation("SENT_START"):
        yield from doc.sents
    else:
        yield doc[:]


class Cast:
    """The people of one article and where each is mentioned."""

    def __init__(self, docs: Sequence[Doc], quoted: Sequence[Span], is_cue: Callable[[Token], bool]) -> None:
        self.sentence_starts = [start_of(s[0]) for doc in docs for s in sentences(doc) if len(s)]
        self.quoted = sorted(quoted, key=lambda span: span.start)
        self.is_cue = is_cue
        entities = [e for doc in docs for e in doc.ents if e.label_ == _PERSON and name_words(e)]
        self.people = self._people(entities)
        self.named_in_full = [(start_of(e[0]), self.people[_key(name_words(e))]) for e in entities if _full(e)]
        self.mentions = [self._mention(e) for e in entities]
        self._learn(docs, entities)

    # --- building ---------------------------------------------------------------------------------

    def _people(self, entities: Sequence[Entity]) -> dict[tuple[str, str], Person]:
        people: dict[tuple[str, str], Person] = {}
        for entity in entities:
            words = name_words(entity)
            if len(words) > 1 and _key(words) not in people:
                people[_key(words)] = Person(" ".join(words), frozenset(w.lower() for w in words))
        return people

    def _mention(self, entity: Entity) -> Mention:
        start = start_of(entity[0])
        words = name_words(entity)
        person = self.people.get(_key(words)) if len(words) > 1 else self._holder_of(words[-1], start)
        root = entity.root
        medium = root.dep_ == "pobj" and root.head.lower_ in _NOT_SPEAKER_PREPOSITIONS
        return Mention(
            span_of(entity),
            person or self._single(words[-1]),
            self.sentence_at(start),
            _subject(entity),
            root.dep_ in _SUBJECTS and self.is_cue(root.head),
            self.in_quotes(start) or medium,
        )

    def _holder_of(self, word: str, position: int) -> Person | None:
        """The full-named person holding ``word``, named in full last before ``position`` (or first after)."""
        word = word.lower()
        holders = [p for p in self.people.values() if word in p.words and len(p.words) > 1]
        if len(holders) < 2:
            return holders[0] if holders else None
        last_named = {id(p): self._last_full_mention(p, position) for p in holders}
        return max(holders, key=lambda p: last_named[id(p)])

    def _last_full_mention(self, person: Person, position: int) -> int:
        starts = [start for start, named in self.named_in_full if named is person]
        before = [s for s in starts if s < position]
        return max(before) if before else -min(starts, default=10**9)

    def _single(self, word: str) -> Person:
        return self.people.setdefault(("", word.lower()), Person(word, frozenset((word.lower(),))))

    def _learn(self, docs: Sequence[Doc], entities: Sequence[Entity]) -> None:
        """Roles and gender votes of each person, from titles, appositions and pronouns."""
        for entity, mention in zip(entities, self.mentions, strict=True):
            roles = role_words(entity)
            mention.person.roles.update(roles)
            before = entity.doc[entity.start - 1].lower_.rstrip(".") if entity.start else ""
            first = entity[0].lower_.rstrip(".")
            for word in (before, first, *roles):
                gender = HONORIFICS.get(word) or GENDERED_ROLES.get(word)
                if gender:
                    mention.person.votes[gender] += HONORIFIC_VOTES
            if len(mention.person.words) > 1 and (prior := FIRST_NAMES.get(mention.person.name.split()[0].lower())):
                mention.person.votes[prior] += FIRST_NAME_VOTES
        for doc in docs:
            for sentence in sentences(doc):
                self._vote_pronouns(sentence)

    def _vote_pronouns(self, sentence: Entity) -> None:
        span = span_of(sentence)
        named = {id(m.person): m.person for m in self.mentions if m.span.start in span and not m.quoted}
        if len(named) != 1:
            return
        genders = {PRONOUN_GENDER[t.lower_] for t in sentence if t.lower_ in PRONOUN_GENDER}
        if len(genders) == 1 and not any(self.in_quotes(start_of(t)) for t in sentence if t.lower_ in PRONOUN_GENDER):
            next(iter(named.values())).votes[genders.pop()] += PRONOUN_VOTES

    # --- queries ----------------------------------------------------------------------------------

    def sentence_at(self, position: int) -> int:
        """The number of the sentence holding ``position``."""
        return bisect.bisect_right(self.sentence_starts, position) - 1

    def in_quotes(self, position: int) -> bool:
        """Whether ``position`` lies inside a quoted span."""
        index = bisect.bisect_right([q.start for q in self.quoted], position) - 1
        return index >= 0 and position < self.quoted[index].end

    def person_at(self, span: Span) -> Person | None:
        """The person of the mention overlapping ``span``."""
        return next((m.person for m in self.mentions if m.span.overlap(span)), None)

    def antecedent(self, pronoun: Token) -> Mention | None:
        """The person "he"/"she" refers to: the best-scoring fitting mention before it."""
        gender, position = PRONOUN_GENDER.get(pronoun.lower_), start_of(pronoun)
        sentence = self.sentence_at(position)
        best: tuple[float, int, Mention] | None = None
        for mention in self.mentions:
            distance = sentence - mention.sentence
            if mention.span.start >= position or mention.quoted or distance > ANTECEDENT_SENTENCES:
                continue
            if mention.person.gender not in (None, gender):
                continue
            score = distance - SUBJECT_BONUS * mention.subject - SPEAKER_BONUS * mention.speaker
            if best is None or (score, -mention.span.start) <= (best[0], -best[1]):
                best = (score, mention.span.start, mention)
        return best[2] if best else None

    def role_holder(self, head: Token, modifiers: Sequence[str], position: int) -> Person | None:
        """The person whose roles match ``head`` and every capitalised modifier, nearest ``position``."""
        fitting = {id(p) for p in self.people.values() if _fits(p.roles, head.lower_, modifiers)}
        near = sorted(
            (m for m in self.mentions if id(m.person) in fitting),
            key=lambda m: (m.span.start > position, abs(m.span.start - position)),
        )
        return near[0].person if near else None

    # --- resolution -------------------------------------------------------------------------------

    def speaker(self, subject: Token) -> Speaker:
        """The speaker a subject token (of a cue verb, or the object of "according to") refers to."""
        word = subject.lower_
        if word in PRONOUN_GENDER:
            mention = self.antecedent(subject)
            return Speaker(mention.person.name if mention else None, None, span_of([subject]))
        if word in UNRESOLVED_PRONOUNS:
            return Speaker(None, None, span_of([subject]))
        entity = _entity_of(subject)
        if entity is not None and entity.label_ == _PERSON:
            person = self.person_at(span_of(entity))
            return Speaker(person.name if person else entity.text, _role_text(entity), _with_honorific(entity))
        if entity is not None and entity.label_ in _GROUPS:
            return Speaker(_group_name(entity), None, span_of(entity))
        return self._nominal(subject)

    def _nominal(self, head: Token) -> Speaker:
        phrase = noun_phrase(head)
        span = span_of(phrase)
        if head.tag_ in ("NNP", "NNPS") and not any(t.tag_.startswith("NN") and not t.is_title for t in phrase):
            person = self._holder_of(head.text, span.start) or self.person_at(span)
            return Speaker(person.name if person else " ".join(name_words(phrase)) or head.text, None, span)
        role = _lower_article(text_of(phrase))
        if not _definite(phrase):
            return Speaker(None, role, span)
        modifiers = [t.text for t in phrase if t != head and t.is_title and t.dep_ != "det"]
        holder = self.role_holder(head, modifiers, span.start)
        return Speaker(holder.name if holder else None, role, span)


def noun_phrase(head: Token) -> list[Token]:
    """The head noun with what precedes it in its phrase ("a senior American diplomat"), no clauses."""
    tokens = [t for t in head.subtree if t.i <= head.i and t.dep_ not in ("punct", "relcl", "acl")]
    start = next((i for i, t in enumerate(tokens) if t.i >= head.left_edge.i), 0)
    return [t for t in tokens[start:] if head.i - t.i < 12]


def role_words(entity: Entity) -> set[str]:
    """Lower-cased words of the titles before a name and of its appositions."""
    if not entity.doc.has_annotation("DEP"):
        return {t.lower_.rstrip(".") for t in _titles_before(entity)} - {"'s", "’s"}
    root = entity.root
    left = [t for t in root.subtree if t.i < entity.start and t.dep_ != "det"]
    apposed = [t for child in root.children if child.dep_ == "appos" for t in child.subtree]
    if root.dep_ == "appos":
        apposed += [t for t in root.head.subtree if t.i < entity.start and t.i >= root.head.left_edge.i]
    return {t.lower_.rstrip(".") for t in left + apposed if t.is_alpha or "." in t.text} - {"'s", "’s"}


def _subject(entity: Entity) -> bool:
    """Whether a name is a subject: by the parse, or (unparsed) when it opens its paragraph after its titles."""
    if entity.doc.has_annotation("DEP"):
        return entity.root.dep_ in _SUBJECTS
    return entity.start == len(_titles_before(entity))


def _titles_before(entity: Entity) -> list[Token]:
    """Without a parse: the capitalised words and possessives right before a name ("China's U.N. Ambassador")."""
    words: list[Token] = []
    for token in reversed(entity.doc[max(0, entity.start - 6) : entity.start]):
        if not (token.is_title or token.is_upper or token.lower_ in ("'s", "’s")):
            break
        words.insert(0, token)
    return words


def _fits(roles: set[str], head: str, modifiers: Sequence[str]) -> bool:
    heads = {head}.union(*(group for group in ROLE_SYNONYMS if head in group))
    return bool(heads & roles) and all(_related(m.lower(), roles) for m in modifiers)


def _related(word: str, roles: set[str]) -> bool:
    if word in roles or any(r in roles for r in DEMONYMS.get(word, ())):
        return True
    return len(word) >= ROLE_PREFIX and any(r[:ROLE_PREFIX] == word[:ROLE_PREFIX] for r in roles)


def _entity_of(token: Token) -> Entity | None:
    return next((e for e in token.doc.ents if e.start <= token.i < e.end), None)


def _role_text(entity: Entity) -> str | None:
    """The words before a name in its phrase ("Japan's UN Ambassador"), honorifics left out."""
    left = [t for t in entity.root.subtree if t.i < entity.start and t.dep_ not in ("punct", "det")]
    while left and left[0].lower_.rstrip(".") in HONORIFICS:
        left.pop(0)
    return text_of(left) or None


def _with_honorific(entity: Entity) -> Span:
    """A name's span, widened over an honorific just before it ("Mr Wang")."""
    before = entity.doc[entity.start - 1] if entity.start else None
    first = before if before is not None and before.lower_.rstrip(".") in HONORIFICS else entity[0]
    return Span(start_of(first), end_of(entity[-1]))


def text_of(tokens: Sequence[Token]) -> str:
    """The text from the first to the last of ``tokens`` as written (their spacing kept)."""
    if not tokens:
        return ""
    return tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text


def _group_name(entity: Entity) -> str:
    words = [t.text for t in entity if t.lower_ != "the" and t.text not in ("'s", "’s")]
    return " ".join(words) or entity.text


def _definite(phrase: Sequence[Token]) -> bool:
    first = phrase[0].lower_
    return first in ("the", "this", "that") or any(t.dep_ == "poss" for t in phrase)


def _lower_article(text: str) -> str:
    head, _, rest = text.partition(" ")
    return f"{head.lower()} {rest}" if rest and head in ("A", "An", "The") else text


__all__ = ["Cast", "Mention", "Person", "Speaker", "end_of", "name_words", "noun_phrase", "role_words", "text_of"]
