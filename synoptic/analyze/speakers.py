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
from dataclasses import dataclass
from typing import TYPE_CHECKING

from synoptic.analyze.names import FIRST_NAMES, NAME_SUFFIXES, OFFICES, TITLES, Name, bare, name_of, pieces
from synoptic.analyze.nlp import Span, span_of, start_of
from synoptic.analyze.people import (
    FIRST_NAME_VOTES,
    PRONOUN_GENDER,
    PRONOUN_VOTES,
    Mention,
    Person,
    article_names,
    extends,
    fits_role,
    majority,
    speaking_pronouns,
    title_votes,
)
from synoptic.analyze.roles import (
    SUBJECTS,
    definite,
    entity_of,
    group_name,
    in_clause,
    is_subject,
    lower_article,
    member,
    noun_phrase,
    past_dateline,
    role_heads,
    role_text,
    role_words,
    text_of,
    with_honorific,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as Entity


# Prepositions whose object names a place or a medium more often than a speaker ("on Twitter").
_NOT_SPEAKER_PREPOSITIONS = frozenset(("on", "in", "at", "via"))
# Subject pronouns that cannot name a person of the article (plural, first or second person).
UNRESOLVED_PRONOUNS = frozenset(("they", "we", "i", "you", "it", "one"))
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
_PERSON, _GROUPS = "PERSON", frozenset(("ORG", "GPE", "NORP"))


@dataclass(frozen=True)
class Speaker:
    """Who said it: the full name (None when unnamed), the role text, and the mention in the text."""

    name: str | None
    role: str | None
    span: Span


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
        self._speaking = [t for doc in docs for t in speaking_pronouns(doc, is_cue) if not self.in_quotes(start_of(t))]
        self._antecedents: dict[int, Mention | None] = {}
        self.is_cue = is_cue
        names = article_names(docs, is_cue)
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
            person = next((p for p in people if extends(lower, p, after=True)), None)
            if person is None and (person := next((p for p in people if extends(lower, p, after=False)), None)):
                person.name, person.words = " ".join(name.words), frozenset(lower)
            self.people[name.key] = person or Person(" ".join(name.words), frozenset(lower))

    def _evidence(self, docs: Sequence[Doc], names: Sequence[Name]) -> tuple[list[Counter[str]], list[Counter[str]]]:
        """The gender votes of each name: strong ones from its honorific or gendered role, weak ones from the
        pronouns after it in a sentence it is the subject of and that names no one else (outside quotation
        marks: "He added that Ginsburg's comments…" tells nothing of Ginsburg)."""
        strong = [title_votes(name) for name in names]
        weak = [Counter[str]() for _ in names]
        by_sentence: defaultdict[int, list[int]] = defaultdict(list)
        for index, name in enumerate(names):
            if not self._aside(name.tokens):
                by_sentence[self.sentence_at(start_of(name.tokens[0]))].append(index)
        pronouns = self._pronouns(docs)
        for sentence, indexes in by_sentence.items():
            first = names[indexes[0]]
            if len({names[i].key for i in indexes}) > 1 or not is_subject(first.tokens):
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
        person = self._choose(name, majority(strong), majority(strong + weak))
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
            is_subject(name.tokens),
            in_clause(root).dep_ in SUBJECTS and self.is_cue(in_clause(root).head),
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
        fitting = {id(p) for p in self.people.values() if fits_role(p, head.lower_, modifiers)}
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
        subject = past_dateline(subject)
        mention = self.mention_of(subject)
        if mention is not None:
            return Speaker(mention.person.name, role_text(mention.tokens), with_honorific(mention.tokens))
        entity = entity_of(subject)
        if entity is not None and entity.label_ in _GROUPS and not member(subject):
            return Speaker(group_name(entity), None, span_of(entity))
        return self._nominal(subject)

    def _nominal(self, head: Token) -> Speaker:
        phrase = noun_phrase(head)
        span = span_of(phrase)
        named = next((m for c in head.children if c.dep_ == "appos" and (m := self.mention_of(c))), None)
        if named is not None:  # "North Korea's leader, Kim Jong-un, said"
            return Speaker(named.person.name, lower_article(text_of(phrase)), span)
        proper = head.tag_ in ("NNP", "NNPS") and not any(t.tag_.startswith("NN") and not t.is_title for t in phrase)
        if proper and bare(head.text) not in OFFICES | TITLES and not member(head):
            name = name_of(head.doc[phrase[0].i : head.i + 1])
            return Speaker(" ".join(name.words if name else pieces(phrase)) or head.text, None, span)
        role = lower_article(text_of(phrase))
        if not definite(phrase):
            return Speaker(None, role, span)
        modifiers = [t.text for t in phrase if t != head and t.is_title and t.dep_ != "det"]
        holder = self.role_holder(head, modifiers, span.start)
        return Speaker(holder.name if holder else None, role, span)
