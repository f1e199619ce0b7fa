"""Speakers: who a quote's subject is, resolved to a full canonical name within one article.

The people of an article (its ``Cast``) come from its names. A name is a PERSON entity of the
recogniser, cleaned: titles, and the role up to the last office word, dropped ("DNC Chair Tom
Perez"); words the tokenizer split at hyphens joined again ("Kim Jong-un", "Moon Jae" + "-in"); cut
before a function word ("Ramirez of Coronado", "Trump Is Coming"). An entity that is only a role
("British Ambassador"), a date ("on April 11") or holds an abbreviation ("U.S Border") is no name.
The recogniser's misses are names too: a surname of the article labelled otherwise or not at all
("Kudlow said" as an organisation), with the first names before it ("Sadiq" + "Khan").

A name of two or more words is a full name: one person per first and last word; a name that only
adds words after another ("James Comey Memos") or first names before it ("Enrique Peña Nieto") is
that person. A surname or title + surname ("Mr. Trump") is one of the full-named people holding its
words, named before it: one whose gender fits its honorific or role (and preferably the pronouns of
its sentence), the most often named, then the first named. A surname used alone before any full
name holding it ("President Trump" long before "first lady Melania Trump"), or one no such person
fits ("Mr. Trump" where only Melania Trump is named in full), is a person of its own: never "Melania
Trump", and named after the one later full name of its gender ("Donald Trump"), if there is one.

A subject is then resolved:

* a name: its person's full name;
* "he"/"she": the nearest fitting person before it, counted in sentences outside quotations (same
  gender, a person of known gender preferred; a subject of its sentence or a speaker preferred over
  a name merely mentioned; an earlier "he said" stands for whom it refers to; never a name in quotes,
  nor an object in its own sentence: in "Of Obama, he said" he is not Obama);
* a definite role ("the Chinese envoy", "Japan's ambassador"): the person whose titles and
  appositions match it ("China's U.N. Ambassador Wang Guangya"), nearest first;
* an indefinite role ("a senior American diplomat", "officials") stays unnamed: its role text only;
* an organisation, country or group: its own name; a member of a group ("the California Democrat")
  is a role; a dateline ("SEOUL, South Korea —") is skipped for the subject it hides.

Gender comes from honorifics, gendered role nouns, the pronouns after a name in a sentence it is the
subject of and the only person of, and weakly from common first names.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from synoptic.analyze.names import (
    FEMALE,
    FIRST_NAMES,
    HONORIFICS,
    MALE,
    NAME_SUFFIXES,
    OFFICES,
    POSSESSIVES,
    TITLES,
    Name,
    bare,
    entity_names,
    name_of,
    pieces,
    surname_names,
    word_set,
)
from synoptic.analyze.nlp import Span, end_of, span_of, start_of

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
# Prepositions whose object names a place or a medium more often than a speaker ("on Twitter").
_NOT_SPEAKER_PREPOSITIONS = frozenset(("on", "in", "at", "via"))
# Subject pronouns that cannot name a person of the article (plural, first or second person).
UNRESOLVED_PRONOUNS = frozenset(("they", "we", "i", "you", "it", "one"))
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
# How far back a pronoun looks for its person, in sentences outside quotations (set by hand; PolNeAR
# dev speaker accuracy, 0.963, is what it was checked against).
ANTECEDENT_SENTENCES = 5
# What a subject position, and having been quoted, are worth against recency, in sentences (set by
# hand: a subject one sentence further back still beats an object; checked on PolNeAR dev).
SUBJECT_BONUS = 0.6
SPEAKER_BONUS = 0.6
# What not knowing a person's gender costs a candidate for "he"/"she", in sentences: a person of
# the pronoun's gender a sentence further back beats a name of unknown gender ("Twitter").
UNKNOWN_GENDER_COST = 0.5
# How often the recogniser must find a lone name ("Trump", never named in full) before its other
# uses count as names too: one finding alone may be an error ("Twitter"). Set by hand.
LONE_NAME_USES = 2
_PERSON, _GROUPS = "PERSON", frozenset(("ORG", "GPE", "NORP"))
_SUBJECTS = frozenset(("nsubj", "nsubjpass"))


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
    full: bool = True  # named in full somewhere, not only by a surname
    roles: set[str] = field(default_factory=set)  # words of titles and appositions
    heads: set[str] = field(default_factory=set)  # their head nouns ("ambassador")
    votes: Counter[str] = field(default_factory=Counter)  # gender -> weight of the evidence

    @property
    def gender(self) -> str | None:
        """MALE or FEMALE by the majority of the votes; None when there are none or a tie."""
        return _majority(self.votes)


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
        return _in_clause(self.tokens.root).dep_ in ("dobj", "dative", "pobj")


def _majority(votes: Counter[str]) -> str | None:
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


# --- names ------------------------------------------------------------------------------------------


# --- the cast ---------------------------------------------------------------------------------------


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
        self._quote_starts = [q.start for q in self.quoted]
        # How many sentences up to each one do not open inside quotation marks: the distance a pronoun
        # looks back over is counted in these, a long quotation counting for nothing.
        self._narrated = list(itertools.accumulate(not self.in_quotes(start) for start in self.sentence_starts))
        # "he"/"she" as the subject of a cue, outside quotations, and whom each refers to (filled on demand).
        self._speaking = [t for doc in docs for t in _speaking_pronouns(doc, is_cue) if not self.in_quotes(start_of(t))]
        self._antecedents: dict[int, Mention | None] = {}
        self.is_cue = is_cue
        names = _names(docs, is_cue)
        self.people: dict[tuple[str, ...], Person] = {}
        self._add_people([n for n in names if n.full])
        strong, weak = self._evidence(docs, names)
        self._learn_full(names, [a + b for a, b in zip(strong, weak, strict=True)])
        # Where each person is named unambiguously: in full, or by a surname no full name has claimed yet.
        self.introductions: defaultdict[int, list[int]] = defaultdict(list)
        for name in names:
            if name.full:
                self.introductions[id(self.people[name.key])].append(start_of(name.tokens[0]))
        self._add_surname_people(names)
        self.mentions = [
            self._mention(n, self._resolve(n, *votes)) for n, *votes in zip(names, strong, weak, strict=True)
        ]
        self._learn_roles(names)
        self._name_surname_people()

    # --- building ---------------------------------------------------------------------------------

    def _add_people(self, names: Sequence[Name]) -> None:
        """One person per full name, shortest first. A name that adds words after a shorter one is that
        person ("James Comey Memos": the recogniser ran on), and so is one that adds first names before
        it, which then names the person ("Peña Nieto" is "Enrique Peña Nieto")."""
        for name in sorted(names, key=lambda n: len(n.words)):
            if name.key in self.people:
                continue
            lower = [bare(w) for w in name.words]
            people = {id(p): p for p in self.people.values()}.values()
            person = next((p for p in people if _extends(lower, p, after=True)), None)
            if person is None and (person := next((p for p in people if _extends(lower, p, after=False)), None)):
                person.name, person.words = " ".join(name.words), frozenset(lower)
            self.people[name.key] = person or Person(" ".join(name.words), frozenset(lower))

    def _evidence(self, docs: Sequence[Doc], names: Sequence[Name]) -> tuple[list[Counter[str]], list[Counter[str]]]:
        """The gender votes of each name: strong ones from its honorific or gendered role, weak ones from the
        pronouns after it in a sentence it is the subject of and that names no one else (outside quotation
        marks: "He added that Ginsburg's comments…" tells nothing of Ginsburg)."""
        strong = [_title_votes(name) for name in names]
        weak = [Counter[str]() for _ in names]
        by_sentence: defaultdict[int, list[int]] = defaultdict(list)
        for index, name in enumerate(names):
            if not self._aside(name.tokens):
                by_sentence[self.sentence_at(start_of(name.tokens[0]))].append(index)
        pronouns = self._pronouns(docs)
        for sentence, indexes in by_sentence.items():
            first = names[indexes[0]]
            if len({names[i].key for i in indexes}) > 1 or not _subject(first.tokens):
                continue
            after = [(gender, quoted) for at, gender, quoted in pronouns[sentence] if at > start_of(first.tokens[0])]
            genders = {gender for gender, _ in after}
            if len(genders) == 1 and not any(quoted for _, quoted in after):
                weak[indexes[0]][genders.pop()] += PRONOUN_VOTES
        return strong, weak

    def _pronouns(self, docs: Sequence[Doc]) -> defaultdict[int, list[tuple[int, str, bool]]]:
        """The gendered pronouns of each sentence: position, gender, and whether in quotation marks."""
        found: defaultdict[int, list[tuple[int, str, bool]]] = defaultdict(list)
        for doc in docs:
            for token in doc:
                if gender := PRONOUN_GENDER.get(token.lower_):
                    position = start_of(token)
                    found[self.sentence_at(position)].append((position, gender, self.in_quotes(position)))
        return found

    def _learn_full(self, names: Sequence[Name], evidence: Sequence[Counter[str]]) -> None:
        """The gender votes of the full-named people, from their full names only."""
        for name, votes in zip(names, evidence, strict=True):
            if name.full:
                person = self.people[name.key]
                person.votes.update(votes)
                if prior := FIRST_NAMES.get(bare(name.words[0])):
                    person.votes[prior] += FIRST_NAME_VOTES

    def _add_surname_people(self, names: Sequence[Name]) -> None:
        """A person of its own for each surname used alone before any full name holding it
        ("President Trump" long before "first lady Melania Trump")."""
        for name in names:
            holders = [] if name.full else self.holders(name.key)
            position = start_of(name.tokens[0])
            if holders and position < min(self._introduced(p) for p in holders):
                self._surname_person(name, position)

    def _surname_person(self, name: Name, position: int) -> Person:
        person = self.people.setdefault(name.key, Person(" ".join(name.words), frozenset(name.key), full=False))
        self.introductions[id(person)].append(position)
        return person

    def _introduced(self, person: Person) -> int:
        return self.introductions[id(person)][0]

    def _resolve(self, name: Name, strong: Counter[str], weak: Counter[str]) -> Person:
        """The person a name stands for, its votes added to theirs (see ``_choose``)."""
        if name.full:
            return self.people[name.key]
        person = self._choose(name, _majority(strong), _majority(strong + weak))
        person.votes.update(strong + weak)
        return person

    def _choose(self, name: Name, strong: str | None, gender: str | None) -> Person:
        """Of the people holding a surname's words and named before it (or after it, when none was), those whose
        gender fits its honorific or role (``strong``), preferably its pronouns too (``gender``); the most often
        named unambiguously, then one named in full, then the first named. Its own person when none fits
        ("Mr. Trump" where only "Melania Trump" is named in full)."""
        position = start_of(name.tokens[0])
        known = self.holders(name.key)
        if name.key in self.people and not self.people[name.key].full:
            known.append(self.people[name.key])
        known = [p for p in known if self._introduced(p) <= position] or known
        fitting = [p for p in known if strong is None or p.gender in (None, strong)]
        if not fitting:
            return self._surname_person(name, position)
        fitting = [p for p in fitting if gender is None or p.gender in (None, gender)] or fitting
        return max(fitting, key=lambda p: (len(self.introductions[id(p)]), p.full, -self._introduced(p)))

    def holders(self, words: Iterable[str]) -> list[Person]:
        """The full-named people whose names hold all of ``words`` (lower-case)."""
        wanted = set(words)
        people = {id(p): p for p in self.people.values() if p.full and wanted <= p.words}.values()
        return [p for p in people if not (p.words - wanted) & NAME_SUFFIXES]  # "Trump" is not "Donald Trump Jr."

    def _mention(self, name: Name, person: Person) -> Mention:
        root = name.tokens.root
        return Mention(
            span_of(name.tokens),
            person,
            self.sentence_at(start_of(name.tokens[0])),
            _subject(name.tokens),
            _in_clause(root).dep_ in _SUBJECTS and self.is_cue(_in_clause(root).head),
            self._aside(name.tokens),
            name.tokens,
        )

    def _aside(self, tokens: Entity) -> bool:
        """A name in quotation marks, or the object of "on"/"in"… (a medium or a place)."""
        root = tokens.root
        medium = root.dep_ == "pobj" and root.head.lower_ in _NOT_SPEAKER_PREPOSITIONS
        return self.in_quotes(start_of(tokens[0])) or medium

    def _name_surname_people(self) -> None:
        """A surname's own person takes the full name introduced after it, when only one is of its gender (or,
        both unknown, of none): "Trump" of the headline and first lines is the "Donald Trump" named later,
        never "Melania Trump"."""
        for person in {id(p): p for p in self.people.values() if not p.full}.values():
            later = [h for h in self.holders(person.words) if self._introduced(h) > self._introduced(person)]
            fitting = [h for h in later if h.gender == person.gender]  # or both unknown
            if len(fitting) == 1:
                person.name = fitting[0].name

    def _learn_roles(self, names: Sequence[Name]) -> None:
        """The role words and role nouns of each person."""
        for name, mention in zip(names, self.mentions, strict=True):
            mention.person.roles.update(role_words(name))
            mention.person.heads.update(role_heads(name))

    # --- queries ----------------------------------------------------------------------------------

    def sentence_at(self, position: int) -> int:
        """The number of the sentence holding ``position``."""
        return bisect.bisect_right(self.sentence_starts, position) - 1

    def in_quotes(self, position: int) -> bool:
        """Whether ``position`` lies inside a quoted span."""
        index = bisect.bisect_right(self._quote_starts, position) - 1
        return index >= 0 and position < self.quoted[index].end

    def mention_of(self, token: Token) -> Mention | None:
        """The mention holding ``token``."""
        position = start_of(token)
        return next((m for m in self.mentions if position in m.span), None)

    def antecedent(self, pronoun: Token) -> Mention | None:
        """The person "he"/"she" refers to: the best-scoring fitting mention before it, where an earlier
        "he said" of the same gender stands for the person it refers to (a chain of "he said")."""
        position = start_of(pronoun)
        if position not in self._antecedents:
            self._antecedents[position] = self._best_antecedent(pronoun)
        return self._antecedents[position]

    def _best_antecedent(self, pronoun: Token) -> Mention | None:
        gender, position = PRONOUN_GENDER.get(pronoun.lower_), start_of(pronoun)
        sentence = self.sentence_at(position)
        scored: list[tuple[float, int, Mention]] = []
        for mention in self.mentions:
            distance = self._narrated[sentence] - self._narrated[mention.sentence]
            if mention.span.start >= position or mention.quoted or distance > ANTECEDENT_SENTENCES:
                continue
            if mention.person.gender not in (None, gender) or (mention.sentence == sentence and mention.object):
                continue  # an object of the pronoun's own sentence: "Of Obama, he said"
            score = distance - SUBJECT_BONUS * mention.subject - SPEAKER_BONUS * mention.speaker
            scored.append((score + UNKNOWN_GENDER_COST * (mention.person.gender is None), mention.span.start, mention))
        for earlier in self._speaking:
            at = start_of(earlier)
            distance = self._narrated[sentence] - self._narrated[self.sentence_at(at)]
            fits = at < position and distance <= ANTECEDENT_SENTENCES and PRONOUN_GENDER[earlier.lower_] == gender
            if fits and (named := self.antecedent(earlier)) is not None:
                scored.append((distance - SUBJECT_BONUS - SPEAKER_BONUS, at, named))
        return min(scored, key=lambda s: (s[0], -s[1]))[2] if scored else None

    def role_holder(self, head: Token, modifiers: Sequence[str], position: int) -> Person | None:
        """The person whose role nouns match ``head`` and roles each capitalised modifier, nearest ``position``."""
        fitting = {id(p) for p in self.people.values() if _fits(p, head.lower_, modifiers)}
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
        subject = _past_dateline(subject)
        mention = self.mention_of(subject)
        if mention is not None:
            return Speaker(mention.person.name, _role_text(mention.tokens), _with_honorific(mention.tokens))
        entity = _entity_of(subject)
        if entity is not None and entity.label_ in _GROUPS and not _member(subject):
            return Speaker(_group_name(entity), None, span_of(entity))
        return self._nominal(subject)

    def _nominal(self, head: Token) -> Speaker:
        phrase = noun_phrase(head)
        span = span_of(phrase)
        named = next((m for c in head.children if c.dep_ == "appos" and (m := self.mention_of(c))), None)
        if named is not None:  # "North Korea's leader, Kim Jong-un, said"
            return Speaker(named.person.name, _lower_article(text_of(phrase)), span)
        proper = head.tag_ in ("NNP", "NNPS") and not any(t.tag_.startswith("NN") and not t.is_title for t in phrase)
        if proper and bare(head.text) not in OFFICES | TITLES and not _member(head):
            name = name_of(head.doc[phrase[0].i : head.i + 1])
            return Speaker(" ".join(name.words if name else pieces(phrase)) or head.text, None, span)
        role = _lower_article(text_of(phrase))
        if not _definite(phrase):
            return Speaker(None, role, span)
        modifiers = [t.text for t in phrase if t != head and t.is_title and t.dep_ != "det"]
        holder = self.role_holder(head, modifiers, span.start)
        return Speaker(holder.name if holder else None, role, span)


def _names(docs: Sequence[Doc], is_cue: Callable[[Token], bool]) -> list[Name]:
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
    speaks = token.tag_ == "NNP" and token.dep_ in _SUBJECTS and is_cue(token.head)
    return speaks and not any(c.dep_ == "det" for c in token.children)


def _surname(words: Sequence[str]) -> str:
    """The last word of a name before its suffix."""
    return next(w for w in reversed(words) if bare(w) not in NAME_SUFFIXES)


def _extends(words: Sequence[str], person: Person, after: bool) -> bool:
    """Whether a name only adds words after (not a suffix: "Donald Trump Jr.") or before a person's full name."""
    shorter = [bare(w) for w in person.name.split()]
    if len(words) <= len(shorter):
        return False
    if after:
        return list(words[: len(shorter)]) == shorter and words[-1] not in NAME_SUFFIXES
    return list(words[-len(shorter) :]) == shorter


def _speaking_pronouns(doc: Doc, is_cue: Callable[[Token], bool]) -> Iterator[Token]:
    """The "he"/"she" of a parsed paragraph that are the subjects of cues."""
    if doc.has_annotation("DEP"):
        yield from (t for t in doc if t.lower_ in PRONOUN_GENDER and t.dep_ in _SUBJECTS and is_cue(t.head))


def _title_votes(name: Name) -> Counter[str]:
    """The gender votes of a name's honorific and gendered role nouns."""
    votes = Counter[str]()
    before = name.tokens.doc[name.tokens.start - 1].lower_ if name.tokens.start else ""
    for word in {bare(before), *(bare(t) for t in name.titles), *role_words(name)}:
        if gender := HONORIFICS.get(word) or GENDERED_ROLES.get(word):
            votes[gender] += HONORIFIC_VOTES
    return votes


def _past_dateline(subject: Token) -> Token:
    """The subject a dateline hides ("SEOUL, South Korea — North Korea's leader, Kim Jong-un, announced"):
    its last apposition, when the subject opens its paragraph in capitals before a comma or dash."""
    doc = subject.doc
    marks = [t.i for t in doc[: min(len(doc), 8)] if t.text in (",", "—", "--", "–")]
    if not marks or subject.i >= marks[0] or not all(t.is_upper or not t.is_alpha for t in doc[: marks[0]]):
        return subject
    apposed = [c for c in subject.children if c.dep_ == "appos" and c.i > marks[-1]]
    return apposed[-1] if apposed else subject


def _member(token: Token) -> bool:
    """A singular group word naming one person: "the California Democrat", "one Republican"."""
    return (
        token.ent_type_ == "NORP"
        and token.tag_ in ("NNP", "NN")
        and any(c.dep_ in ("det", "nummod", "compound", "amod") for c in token.children)
    )


def noun_phrase(head: Token) -> list[Token]:
    """The head noun with what precedes it in its phrase ("a senior American diplomat"), no clauses."""
    tokens = [t for t in head.subtree if t.i <= head.i and t.dep_ not in ("punct", "relcl", "acl")]
    start = next((i for i, t in enumerate(tokens) if t.i >= head.left_edge.i), 0)
    return [t for t in tokens[start:] if head.i - t.i < 12]


def role_words(name: Name) -> set[str]:
    """Lower-cased words of the titles before and in a name and of its appositions."""
    tokens = name.tokens
    if not tokens.doc.has_annotation("DEP"):
        words = [t.lower_ for t in _titles_before(tokens)]
    else:
        root = tokens.root
        left = [t for t in root.subtree if t.i < tokens.start and t.dep_ != "det"]
        apposed = [t for child in root.children if child.dep_ == "appos" for t in child.subtree]
        if root.dep_ == "appos":
            apposed += [t for t in root.head.subtree if t.i < tokens.start and t.i >= root.head.left_edge.i]
        words = [t.lower_ for t in left + apposed if t.is_alpha or "." in t.text]
    return {w.rstrip(".") for w in (*words, *(t.lower() for t in name.titles))} - POSSESSIVES


def role_heads(name: Name) -> set[str]:
    """The role nouns of a name: the title right before it or in it, and the heads of its appositions."""
    tokens, heads = name.tokens, [t.lower() for t in name.titles[-1:]]
    before = tokens.doc[tokens.start - 1] if tokens.start else None
    if before is not None and _title_of(before, tokens):
        heads.append(before.lower_)
    if tokens.doc.has_annotation("DEP"):
        root = tokens.root
        heads += [c.lower_ for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            heads.append(root.head.lower_)
    return {h.rstrip(".") for h in heads}


def _title_of(token: Token, name: Entity) -> bool:
    """Whether the word before a name is its title: a noun compounded with it ("Ambassador Wang"), or
    (unparsed) a capitalised word."""
    if not token.text.rstrip(".").isalpha():
        return False
    if token.doc.has_annotation("DEP"):
        return token.dep_ == "compound" and token.head.i in range(name.start, name.end) and token.tag_.startswith("NN")
    return token.is_title


def _subject(tokens: Entity) -> bool:
    """Whether a name is a subject, or in apposition to one ("The official, Ali Shamkhani, said"): by the
    parse, or (unparsed) when it opens its paragraph after its titles."""
    if tokens.doc.has_annotation("DEP"):
        return _in_clause(tokens.root).dep_ in _SUBJECTS
    return tokens.start == len(_titles_before(tokens))


def _in_clause(root: Token) -> Token:
    """The token that stands for a name in its clause: the name, or the noun it is in apposition to."""
    return root.head if root.dep_ == "appos" else root


def _titles_before(tokens: Entity) -> list[Token]:
    """Without a parse: the capitalised words and possessives right before a name ("China's U.N. Ambassador")."""
    words: list[Token] = []
    for token in reversed(tokens.doc[max(0, tokens.start - 6) : tokens.start]):
        if not (token.is_title or token.is_upper or token.lower_ in POSSESSIVES):
            break
        words.insert(0, token)
    return words


def _fits(person: Person, head: str, modifiers: Sequence[str]) -> bool:
    heads = {head}.union(*(group for group in ROLE_SYNONYMS if head in group))
    return bool(heads & person.heads) and all(_related(m.lower(), person.roles) for m in modifiers)


def _related(word: str, roles: set[str]) -> bool:
    if word in roles or any(r in roles for r in DEMONYMS.get(word, ())):
        return True
    return len(word) >= ROLE_PREFIX and any(r[:ROLE_PREFIX] == word[:ROLE_PREFIX] for r in roles)


def _entity_of(token: Token) -> Entity | None:
    return next((e for e in token.doc.ents if e.start <= token.i < e.end), None)


def _role_text(name: Entity) -> str | None:
    """The words before a name in its phrase ("Japan's UN Ambassador"), honorifics left out."""
    left = [t for t in name.root.subtree if t.i < name.start and t.dep_ not in ("punct", "det")]
    while left and left[0].lower_.rstrip(".") in HONORIFICS:
        left.pop(0)
    return text_of(left) or None


def _with_honorific(name: Entity) -> Span:
    """A name's span, widened over an honorific just before it ("Mr Wang")."""
    before = name.doc[name.start - 1] if name.start else None
    first = before if before is not None and before.lower_.rstrip(".") in HONORIFICS else name[0]
    return Span(start_of(first), end_of(name[-1]))


def text_of(tokens: Sequence[Token]) -> str:
    """The text from the first to the last of ``tokens`` as written (their spacing kept)."""
    if not tokens:
        return ""
    return tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text


def _group_name(entity: Entity) -> str:
    words = [t.text for t in entity if t.lower_ != "the" and t.text not in POSSESSIVES]
    return " ".join(words) or entity.text


def _definite(phrase: Sequence[Token]) -> bool:
    first = phrase[0].lower_
    return first in ("the", "this", "that") or any(t.dep_ == "poss" for t in phrase)


def _lower_article(text: str) -> str:
    head, _, rest = text.partition(" ")
    return f"{head.lower()} {rest}" if rest and head in ("A", "An", "The") else text


__all__ = ["Cast", "Mention", "Name", "Person", "Speaker", "end_of", "name_of", "noun_phrase", "role_words", "text_of"]
