"""Stances: who welcomed or rejected what, read from the dependency parse; and the stances that clash.

A **stance** is an actor (a named person, organisation, country or group, as the subject of the
stance word) taking a side on a target (a proposal-like thing: "the draft", "the compromise", a
named law). It is found through a small lexicon of stance words, matched on their written forms
(the shared pipeline has no lemmatizer):

* verbs that take a side by themselves: *welcomed*, *backed*, *rejected*, *condemned* …;
* verbs that take it through a preposition: *agreed to*, *balked at*, *objected to* …;
* reaction verbs with a manner: *reacted coolly*, *responded warmly*, *greeted … with scepticism*;
* adjectives after a copula: *was cool to*, *was supportive of*.

A negated positive stance ("did not welcome", "refused to accept") is negative; a negated negative
("did not reject") asserts no support and is dropped, as are hedged stances (a modal, a condition,
a question). Two articles **clash** when one gives an actor only positive stances on a target and
the other only negative ones; an article that reports both is mixed and takes part in no clash.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from synoptic.analyze.quotes import is_cue
from synoptic.compare.names import close_spellings

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


def _forms(lemma: str) -> set[str]:
    """The written forms of a regular English verb."""
    if lemma.endswith("e"):
        return {lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return {lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    stem = lemma + lemma[-1] if lemma in _DOUBLED else lemma
    plural = lemma + "es" if lemma.endswith(("sh", "ch", "ss", "x")) else lemma + "s"
    return {lemma, plural, stem + "ed", stem + "ing"}


def _table(positive: str, negative: str) -> dict[str, bool]:
    """Written form → polarity (True positive) for the verbs named in two space-separated lists."""
    return {form: polarity for lemma, polarity in _polarities(positive, negative).items() for form in _forms(lemma)}


def _polarities(positive: str, negative: str) -> dict[str, bool]:
    """Word → polarity (True positive) for the words of two space-separated lists."""
    return dict.fromkeys(str.split(positive), True) | dict.fromkeys(str.split(negative), False)


_DOUBLED = frozenset(("slam", "snub"))
# The lexicon. Verbs of taking sides that news writing uses of governments, parties and officials
# (the brief's list, completed with their usual synonyms); each is unambiguous about the side taken
# once its subject is a named actor and its object a proposal.
STANCE_VERBS = _table(
    "welcome praise endorse embrace hail applaud back support accept approve commend laud salute favor favour "
    "champion cheer",
    "reject criticize criticise condemn dismiss oppose denounce slam blast decry deplore assail lambaste scorn "
    "spurn rebuff doubt fault snub disparage",
)
# Verbs that take a side only through their preposition ("agreed to the deal", "balked at the plan").
PREPOSITIONAL_VERBS = {form: (polarity, prep) for lemma, polarity, prep in (
    ("agree", True, "to"), ("warm", True, "to"), ("balk", False, "at"), ("scoff", False, "at"),
    ("bristle", False, "at"), ("object", False, "to"), ("rail", False, "against"),
) for form in _forms(lemma)}  # fmt: skip
# Reaction verbs, which take their side from a manner adverb or a "with" noun.
REACTION_VERBS = frozenset(f for lemma in ("react", "respond", "receive", "greet") for f in _forms(lemma))
MANNERS = _polarities(
    "warmly positively favorably favourably enthusiastically well",
    "coolly cooly coldly negatively angrily skeptically sceptically frostily icily dismissively",
)
WITH_NOUNS = _polarities(
    "enthusiasm approval applause delight",
    "skepticism scepticism suspicion derision dismay disdain coolness hostility anger",
)
# Adjectives after a copula ("was cool to the idea", "remained supportive of the bill").
STANCE_ADJECTIVES = _polarities(
    "supportive receptive enthusiastic positive",
    "cool cold lukewarm skeptical sceptical critical hostile opposed dismissive negative",
)
# Prepositions that introduce the target of a reaction or an adjective.
TARGET_PREPOSITIONS = frozenset(("to", "toward", "towards", "of", "about", "on", "at", "against"))
# Verbs that negate the stance verb they govern ("refused to accept").
NEGATING_HEADS = frozenset(f for lemma in ("refuse", "decline", "fail") for f in _forms(lemma))
# Subordinators that make a stance hypothetical.
CONDITIONS = frozenset(("if", "unless", "whether"))
# Targets: things put forward, and things concluded. Two targets are the same thing only within a
# class ("the proposal" may be "the new draft", not "the ceasefire").
_PROPOSALS = "proposal draft resolution plan bill measure compromise initiative offer text motion amendment " \
    "legislation package blueprint scheme framework"  # fmt: skip
_AGREEMENTS = "deal agreement accord treaty pact ceasefire truce"
TARGET_CLASSES = dict.fromkeys(str.split(_PROPOSALS), "proposal") | dict.fromkeys(str.split(_AGREEMENTS), "agreement")
# Entity labels an actor may carry, and pronouns resolved to the speaker of the cue they report under.
ACTOR_LABELS = frozenset(("PERSON", "ORG", "GPE", "NORP"))
_PRONOUNS = frozenset(("he", "she", "it", "they"))
# Letters of a modifier kept to compare it ("Japanese" and "Japan's" name one draft; 4 keeps
# Chinese/China, Russian/Russia, American/America together and Japanese/Chinese apart).
MARK_PREFIX = 4
# Any stance word (a set of lower-case words: a regular expression of all 218 took 130 µs a
# sentence), and any target word, for choosing the sentences worth parsing.
STANCE_WORDS = frozenset(
    w.lower() for w in (*STANCE_VERBS, *PREPOSITIONAL_VERBS, *MANNERS, *WITH_NOUNS, *STANCE_ADJECTIVES)
)
_WORD = re.compile(r"\w+")
TARGET_WORD = re.compile(
    r"\b(?:" + "|".join(sorted(TARGET_CLASSES, key=len, reverse=True)) + r")s?\b|\b(?:Act|Law)\b", re.I
)


@dataclass(frozen=True)
class Stance:
    """One actor's side on one target, as one sentence of one article reports it."""

    article: str
    index: int
    sentence: str
    actor: str  # the actor's name as written ("Japan", "Kenzo Oshima")
    actor_key: str  # the name compared: a person's surname, any other name whole, lower-cased
    target: str  # the target as written ("the new draft")
    target_class: str  # "proposal", "agreement" or "law:<name>"
    marks: frozenset[str]  # what tells the target apart from others of its class ("japa", "chin")
    positive: bool
    value: str  # the words that take the side ("reacted coolly", "did not welcome")


@dataclass(frozen=True)
class StanceClash:
    """Articles that give one actor opposite stances on one target."""

    actor: str
    target: str
    stances: tuple[Stance, ...]


@dataclass(frozen=True)
class _Reading:
    """A stance word read from the parse, before its actor and target are resolved."""

    word: Token
    positive: bool
    words: tuple[Token, ...]  # the tokens that say it, for the value
    target: Token | None


def may_hold_stance(sentence: str) -> bool:
    """Whether ``sentence`` has a stance word and a target word (only those sentences need parsing)."""
    return TARGET_WORD.search(sentence) is not None and not STANCE_WORDS.isdisjoint(_WORD.findall(sentence.lower()))


def find_stances(article: str, index: int, doc: Doc) -> list[Stance]:
    """The stances of one parsed sentence."""
    if doc.text.rstrip().rstrip("\"”’'").endswith("?"):
        return []
    stances = []
    for token in doc:
        reading = _read(token)
        if reading is None or _hedged(token):
            continue
        reading = _negation(reading)
        if reading is not None:
            stances += _resolve(article, index, doc, reading)
    return stances


def _read(token: Token) -> _Reading | None:
    word = token.lower_
    if any(c.dep_ == "prt" for c in token.children):
        return None  # a particle makes another verb: "backed away from", "backed down"
    if token.tag_.startswith("VB") and word in STANCE_VERBS:
        return _Reading(token, STANCE_VERBS[word], (token,), _object(token, TARGET_PREPOSITIONS))
    if token.tag_.startswith("VB") and word in PREPOSITIONAL_VERBS:
        positive, prep = PREPOSITIONAL_VERBS[word]
        return _Reading(token, positive, (token, *_preps(token, (prep,))), _object(token, (prep,), direct=False))
    if token.tag_.startswith("VB") and word in REACTION_VERBS:
        return _reaction(token)
    if token.dep_ == "acomp" and word in STANCE_ADJECTIVES:
        copula = token.head
        target = _object(token, TARGET_PREPOSITIONS, direct=False) or _object(copula, TARGET_PREPOSITIONS, False)
        return _Reading(copula, STANCE_ADJECTIVES[word], (copula, token, *_preps(token, TARGET_PREPOSITIONS)), target)
    return None


def _reaction(verb: Token) -> _Reading | None:
    manner = next((c for c in verb.children if c.dep_ == "advmod" and c.lower_ in MANNERS), None)
    if manner is not None:
        return _Reading(verb, MANNERS[manner.lower_], (verb, manner), _object(verb, TARGET_PREPOSITIONS))
    for prep in _preps(verb, ("with",)):
        noun = next((c for c in prep.children if c.dep_ == "pobj" and c.lower_ in WITH_NOUNS), None)
        if noun is not None:
            return _Reading(verb, WITH_NOUNS[noun.lower_], (verb, prep, noun), _object(verb, ()))
    return None


def _preps(token: Token, words: Iterable[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ == "prep" and c.lower_ in words]


def _object(token: Token, preps: Iterable[str], direct: bool = True) -> Token | None:
    """The target: the direct object (when ``direct``), else the object of one of ``preps``."""
    if direct:
        found = next((c for c in token.children if c.dep_ == "dobj"), None)
        if found is not None:
            return found
    for prep in _preps(token, preps):
        found = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if found is not None:
            return found
    return None


def _hedged(word: Token) -> bool:
    """A modal, a condition or a governing verb makes the stance hypothetical ("would welcome",
    "if Japan accepts", "urged Japan to accept", "pushed Democrats to moderate and support")."""
    verb = word.head if word.dep_ == "acomp" else word
    while verb.dep_ == "conj" and verb.head is not verb:
        if any(c.tag_ == "MD" or (c.dep_ == "mark" and c.lower_ in CONDITIONS) for c in verb.children):
            return True
        verb = verb.head  # "... and support": the first verb of the coordination says how it stands
    if any(c.tag_ == "MD" or (c.dep_ == "mark" and c.lower_ in CONDITIONS) for c in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lower_ not in NEGATING_HEADS


def _negation(reading: _Reading) -> _Reading | None:
    """The reading with its negation applied: a negated positive turns negative ("did not welcome",
    "refused to accept"); a negated negative is dropped (not rejecting something is not supporting it),
    and so is a doubled negation ("did not refuse to accept")."""
    verb = reading.word
    negators = [c for c in verb.children if c.dep_ == "neg"]
    refusing = verb.dep_ == "xcomp" and verb.head.lower_ in NEGATING_HEADS
    if not negators and not refusing:
        return reading
    if not reading.positive or (refusing and (negators or any(c.dep_ == "neg" for c in verb.head.children))):
        return None
    auxiliaries = [c for c in verb.children if c.dep_ == "aux"]
    said = (*negators, *auxiliaries, *([verb.head] if refusing else []), *reading.words)
    return _Reading(verb, False, said, reading.target)


def _resolve(article: str, index: int, doc: Doc, reading: _Reading) -> list[Stance]:
    actor, target = _roles(reading)
    if actor is None or target is None:
        return []
    target_class = _target_class(target)
    if target_class is None:
        return []
    phrase = doc[min(t.i for t in target.subtree) : target.i + 1].text
    marks = _marks(target)
    value = _value(doc, reading.words)
    return [Stance(article, index, doc.text, name, key, phrase, target_class, marks, reading.positive, value)
            for name, key in _actor_names(actor)]  # fmt: skip


def _roles(reading: _Reading) -> tuple[Token | None, Token | None]:
    """The actor and the target: subject and object, or agent and subject of a passive
    ("the draft was welcomed by Japan"), or a passive subject and a prepositional object
    when there is no agent ("Japan was opposed to the plan")."""
    verb = reading.word
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if passive is None:
        return _subject(verb), reading.target
    agent = next((g for a in verb.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"), None)
    if agent is not None:
        return agent, passive
    # No agent: only an adjectival participle takes a side ("Japan was opposed to the plan").
    target = _object(verb, ("to", "toward", "towards"), direct=False)
    return passive, target


def _subject(verb: Token) -> Token | None:
    """The subject of ``verb``, inherited through coordination and "refused to"; a pronoun is
    resolved to the speaker when it reports under a cue ("Japan said it welcomed …")."""
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return _speaker_of(verb, subject) if subject.lower_ in _PRONOUNS else subject
        if verb.dep_ != "conj" and not (verb.dep_ == "xcomp" and verb.head.lower_ in NEGATING_HEADS):
            return None
        verb = verb.head
    return None


def _speaker_of(verb: Token, pronoun: Token) -> Token | None:
    """The speaker a pronoun subject refers to, when its clause is what that speaker said: the cue's
    own subject (not one inherited: in "pushed Democrats to say they support", "they" are not the
    pusher)."""
    cue = verb.head
    if verb.dep_ != "ccomp" or not is_cue(cue) or cue.dep_ in ("xcomp", "conj"):
        return None
    speaker = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    if speaker is None or speaker.tag_ in ("PRP", "WP", "WDT"):
        return None
    return speaker


def _actor_names(subject: Token) -> list[tuple[str, str]]:
    """The named actors of a subject and of its coordinated subjects ("China and Russia"), each
    with its key: a person's surname, any other name whole, lower-cased."""
    names = []
    for token in (subject, *(c for c in subject.children if c.dep_ == "conj")):
        entity = _entity(token)
        if entity is not None and entity.label_ in ACTOR_LABELS and entity.root == token:
            name = re.sub(r"(?i)^the\s+|['’]s$", "", entity.text)
            names.append((name, token.lower_ if entity.label_ == "PERSON" else name.lower()))
    return names


def _entity(token: Token) -> Span | None:
    return next((e for e in token.doc.ents if e.start <= token.i < e.end), None)


def _target_class(target: Token) -> str | None:
    entity = _entity(target)
    if entity is not None and entity.label_ == "LAW":
        return "law:" + entity.text.lower().removeprefix("the ")
    if not target.tag_.startswith("NN"):
        return None
    word = target.lower_
    return TARGET_CLASSES.get(word) or TARGET_CLASSES.get(word[:-1] if word.endswith("s") else word)


def _marks(target: Token) -> frozenset[str]:
    """The proper modifiers of a target ("the Russian-Chinese draft" → russ, chin)."""
    marks = set()
    for child in target.children:
        proper = child.tag_ in ("NNP", "NNPS") or child.ent_type_ in ACTOR_LABELS or child.text[:1].isupper()
        if child.dep_ in ("amod", "compound", "poss", "nmod") and proper:
            marks |= {part.lower()[:MARK_PREFIX] for part in re.split(r"[-/]", child.text) if part}
    return frozenset(marks)


def _value(doc: Doc, words: Sequence[Token]) -> str:
    start, end = min(t.i for t in words), max(t.i for t in words) + 1
    return doc[start:end].text if end - start <= len(words) + 2 else " ".join(t.text for t in words)


def same_actor(a: Stance, b: Stance) -> bool:
    """Whether two stances have one actor (one surname, one name, or two spellings of it)."""
    return a.actor_key == b.actor_key or close_spellings(a.actor_key, b.actor_key)


def same_target(a: Stance, b: Stance) -> bool:
    """Whether two targets may be one thing: one class, and no modifier that tells them apart."""
    if a.target_class != b.target_class:
        return False
    return not a.marks or not b.marks or a.marks <= b.marks or b.marks <= a.marks


def clashes(stances: Sequence[Stance]) -> list[StanceClash]:
    """Opposite stances of one actor on one target in different articles, mixed articles left out."""
    groups: list[list[Stance]] = []
    for stance in sorted(stances, key=lambda s: (s.article, s.index, s.value)):
        home = next((g for g in groups if any(_together(m, stance) for m in g)), None)
        if home is None:
            groups.append([stance])
        else:
            home.append(stance)
    return [clash for group in groups if (clash := _clash(group)) is not None]


def _together(a: Stance, b: Stance) -> bool:
    return same_actor(a, b) and same_target(a, b)


def _clash(group: list[Stance]) -> StanceClash | None:
    sides: dict[str, set[bool]] = {}
    for stance in group:
        sides.setdefault(stance.article, set()).add(stance.positive)
    kept = [s for s in group if len(sides[s.article]) == 1]
    if len({s.positive for s in kept}) < 2:
        return None
    actor = max((s.actor for s in kept), key=lambda name: (len(name), name))
    return StanceClash(actor, kept[0].target, tuple(kept))
