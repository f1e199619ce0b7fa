"""Conflicts: where outlets' accounts of one story disagree, on numbers, dates, names or characterisations.

Within a **fact** (statements of different articles that report the same thing), each statement's
values are read from its parse, each with a **key** saying what it is about:

* numbers with what they count ("seven missile launches" → launch; "the attack killed 12" →
  attack|kill), money and percentages with their unit, and whose they are ("Charles' 226 yards");
* dates (day of the month, month, year, weekday) with the verb they date ("sank on March 4"),
  a bound kept apart ("since 2002");
* names: the person a quotation is attributed to, and the place an event happened in.

Two statements conflict on a key when every value of one differs from every value of the other and
neither gives the other's value anywhere. A tool that cries wolf loses its readers, so agreeing is
forgiving and conflicting is demanding:

* agreeing: a number agrees with its rounding ("5.2 million"/"5 million"); vague, approximate or
  bounded quantities ("dozens", "about 40", "more than 10"), ranges, scores, times of day, labels
  ("No. 3", "AK-47") and predictions ("would cut $800 billion") are not values at all; dates agree
  unless a part both give differs; names agree when they share a word or are two spellings of one
  name (``close_spellings``, transliterations: name variants, not conflicts); a value one
  statement lacks is an omission, never a conflict;
* conflicting: numbers of two named owners, an order of magnitude apart, or under different
  scopes ("since October", "this season", "career points") are not compared; figures conflict
  only among agreement (as many specific figures shared as clashing) or, for a single clash in a
  statement that is no tally, when the rest of the two statements is alike (``_dice``); a speaker
  conflict needs one quotation in both; a place conflict needs the same sentence otherwise and
  neither place named in the other article (else it may be the town and its country).

**Characterisations** are read across all sentences, aligned or not: an actor's stance on a
proposal, welcomed in one article and rejected in another (``synoptic.compare.stance``).

The thresholds were judged by hand on the seeds and on NewsWCL50, BASIL and ECB+ stories, with
facts formed from sentence pairs sharing 40% of their content words (a cruder aligner than ours).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from synoptic.analyze.nlp import parse
from synoptic.analyze.quotes import CUE_FORMS, is_cue, subject_of
from synoptic.compare.names import close_spellings
from synoptic.compare.stance import (
    ACTOR_LABELS,
    CONDITIONS,
    Stance,
    StanceClash,
    clashes,
    find_stances,
    may_hold_stance,
)
from synoptic.compare.variants import content_words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

KINDS = ("number", "date", "name", "characterisation")


@dataclass(frozen=True)
class Statement:
    """One sentence of one article."""

    article: str
    index: int  # sentence number in the article
    text: str


@dataclass(frozen=True)
class ConflictValue:
    """What one article says: the value as written and the sentence saying it."""

    article: str
    value: str  # "seven", "July 5", "welcomed", "reacted coolly"
    text: str  # the sentence


@dataclass(frozen=True)
class Conflict:
    """Articles that disagree on one thing."""

    kind: str  # "number" | "date" | "name" | "characterisation"
    values: tuple[ConflictValue, ...]
    subject: str | None  # what it is about: "missile launches", "Japan → the draft"


@dataclass(frozen=True)
class _Value:
    """A value read from a statement: its key, how it is shown, and what is compared."""

    kind: str
    key: str
    label: str  # what the value is about, for the conflict's subject
    written: str
    quantity: tuple[float, float, float] = (0.0, 0.0, 0.0)  # a number: value, grain, value before scale words
    date: tuple[tuple[str, int | str], ...] = ()  # a date: its parts ("month", 7), ("day", 5)
    owner: str = ""  # whose number or date it is: the named subject of its clause, when there is one


def find_conflicts(
    facts: Sequence[Sequence[Statement]], sentences: Mapping[str, Sequence[Statement]]
) -> list[Conflict]:
    """The conflicts of one story.

    ``facts`` are the aligned groups of statements (each from two articles or more); ``sentences``
    every statement of every article, by article id (stances are read there, aligned or not).
    Conflicts come in the order of the facts, then characterisations in the order of the articles.
    Only the sentences that may hold a conflict are parsed (``_may_conflict``, ``may_hold_stance``).
    """
    stance_sentences = [s for article in sorted(sentences) for s in sentences[article] if may_hold_stance(s.text)]
    texts = {text for fact in facts for text in _worth_parsing(fact)} | {s.text for s in stance_sentences}
    docs = dict(zip(sorted(texts), parse(sorted(texts)), strict=True))
    values = {text: values_of(doc) for text, doc in docs.items()}
    articles = {article: " ".join(s.text for s in statements) for article, statements in sentences.items()}
    found: list[Conflict] = []
    for fact in facts:
        found += _fact_conflicts([s for s in fact if s.text in values], values, articles)
    stances = [st for s in stance_sentences for st in find_stances(s.article, s.index, docs[s.text])]
    found += [_characterisation(clash) for clash in clashes(stances)]
    return list(dict.fromkeys(found))


def _worth_parsing(fact: Sequence[Statement]) -> set[str]:
    """The texts of a fact that take part in a pair that may conflict."""
    return {
        text for a, b in _pairs(fact) if a.text != b.text and _may_conflict(a.text, b.text) for text in (a.text, b.text)
    }


def _may_conflict(a: str, b: str) -> bool:
    """A cheap test before parsing: each statement has a figure or a calendar word the other lacks,
    or both hold one quotation (a speaker conflict), or both say the same with a place each."""
    first, second = _figures(a), _figures(b)
    if first - second and second - first:
        return True
    if _same_quotation(a, b):
        return True
    return bool(_PLACE.search(a) and _PLACE.search(b)) and _dice(a, b, names=False) >= PLACE_CONFLICT_MIN_DICE


def _figures(text: str) -> set[str]:
    return {w for w in _NUMBER.findall(text.lower()) if w[0].isdigit() or w in _FIGURE_WORDS}


def _fact_conflicts(
    fact: Sequence[Statement], values: Mapping[str, list[_Value]], articles: Mapping[str, str]
) -> list[Conflict]:
    """Number, date and name conflicts among the statements of one fact (``values`` by text);
    ``articles`` holds each article's whole text, to tell a place named at two levels from two places.
    A conflict shows every statement of the fact that gives a value for its key."""
    keys: dict[tuple[str, str], None] = {}
    for a, b in _pairs(fact):
        keys |= dict.fromkeys(_pair_conflicts(a, b, values, articles))
    conflicts = []
    for kind, key in keys:
        having = {s: found for s in fact if (found := [v for v in values[s.text] if (v.kind, v.key) == (kind, key)])}
        conflicts.append(_conflict(kind, having))
    return conflicts


def _pairs(items: Sequence[Statement]) -> Iterator[tuple[Statement, Statement]]:
    return ((a, b) for i, a in enumerate(items) for b in items[i + 1 :] if a.article != b.article)


def _pair_conflicts(
    a: Statement, b: Statement, values: Mapping[str, list[_Value]], articles: Mapping[str, str]
) -> list[tuple[str, str]]:
    """The keys two statements disagree on. Figures (numbers, dates) disagree credibly only among
    agreement: the statements share at least as many figures as they clash on, or clash on one only
    and say the same otherwise ("14 rifles, 31 magazines in five operations" against "six rifles,
    12 magazines during the operation" is two scopes, not a conflict)."""
    own, other = values[a.text], values[b.text]
    shared = [k for k in dict.fromkeys((v.kind, v.key) for v in own if v.kind in _DIFFER) if _has(other, k)]
    clashing = [k for k in shared if _clash(_having(own, k), _having(other, k), a, b, values)]
    names = [
        k for k in clashing if k[0] == "name" and _credible_names(_having(own, k), _having(other, k), a, b, articles)
    ]
    figures = [k for k in clashing if k[0] == "date" or (k[0] == "number" and _scope(a.text) == _scope(b.text))]
    anchors = sum(_specific(v) and _appears(v, b, other) for v in own if v.kind in ("number", "date"))
    dense = max(len(_figures(a.text)), len(_figures(b.text))) >= DENSE_FIGURES
    single = len(figures) == 1 and not dense and _dice(a.text, b.text) >= FIGURE_CONFLICT_MIN_DICE
    return (figures if anchors >= len(figures) or single else []) + names


def _scope(text: str) -> set[str]:
    """The words limiting what a statement counts ("since October", "during the run", "so far"):
    counts under different limits are different counts."""
    return {match.lower() for match in _SCOPE.findall(text)}


def _specific(value: _Value) -> bool:
    """Whether a value shared by two statements shows they report one thing: a number of 10 or
    more, with decimals or a unit, or a date with its day or year (two statements may both count
    "two touchdowns" or fall on a "Sunday" by chance)."""
    if value.kind == "date":
        return any(part in ("day", "year") for part, _ in value.date)
    amount, grain, _ = value.quantity
    return amount >= SPECIFIC_NUMBER or grain < 1 or not value.key.startswith("|")


def _has(values: Sequence[_Value], key: tuple[str, str]) -> bool:
    return any((v.kind, v.key) == key for v in values)


def _having(values: Sequence[_Value], key: tuple[str, str]) -> list[_Value]:
    return [v for v in values if (v.kind, v.key) == key]


def _clash(first: Sequence[_Value], second: Sequence[_Value], a: Statement, b: Statement,
           values: Mapping[str, list[_Value]]) -> bool:  # fmt: skip
    """Whether two statements' values for one key clash: every value of one differs from every value
    of the other, and neither statement gives the other's value anywhere (the parse may have
    attached it elsewhere)."""
    differ = _DIFFER[first[0].kind]
    if not all(differ(x, y) and _comparable(x, y) for x in first for y in second):
        return False
    return not any(_appears(x, b, values[b.text]) for x in first) and not any(
        _appears(y, a, values[a.text]) for y in second
    )


def _comparable(a: _Value, b: _Value) -> bool:
    """Whether two values may be one quantity or date told two ways: not those of two named owners
    ("Hansbrough's 20 points", "Ford's 2,290"), nor numbers an order of magnitude apart (a misreport
    keeps its magnitude; "20 points" and "2,302 points" are two quantities), unless only their scale
    word differs ("$716 million"/"$716 billion")."""
    if a.owner and b.owner and not _same_name(a.owner, b.owner):
        return False
    if a.kind != "number":
        return True
    (x, _, mantissa_x), (y, _, mantissa_y) = a.quantity, b.quantity
    return mantissa_x == mantissa_y or max(x, y) < MAGNITUDE * max(min(x, y), 1e-9)


def _appears(value: _Value, statement: Statement, values: Sequence[_Value]) -> bool:
    """Whether ``statement`` gives ``value`` anywhere, whatever it is attached to."""
    if value.kind == "number":
        return _number_in(value, statement.text) or any(
            not _numbers_differ(value, v) for v in values if v.kind == "number"
        )
    if value.kind == "date":
        return any(_dates_match(value, v) for v in values if v.kind == "date")
    return any(_names_agree(value, v) for v in values if v.kind in ("name", "mention"))


def _credible_names(first: Sequence[_Value], second: Sequence[_Value], a: Statement, b: Statement,
                   articles: Mapping[str, str]) -> bool:  # fmt: skip
    """A speaker conflict needs one quotation in both statements; a place conflict needs the rest
    of the statements to say the same, and neither place named in the other article (else it may be
    the town and its country)."""
    if first[0].key == "speaker":
        return _same_quotation(a.text, b.text)
    if _dice(a.text, b.text, names=False) < PLACE_CONFLICT_MIN_DICE:
        return False
    return not any(_in_article(v, b, articles) for v in first) and not any(_in_article(v, a, articles) for v in second)


def _in_article(value: _Value, statement: Statement, articles: Mapping[str, str]) -> bool:
    return value.written.lower() in articles.get(statement.article, statement.text).lower()


def _conflict(kind: str, having: Mapping[Statement, list[_Value]]) -> Conflict:
    ordered = sorted(having, key=lambda s: (s.article, s.index))
    values = tuple(ConflictValue(s.article, v.written, s.text) for s in ordered for v in _distinct(having[s]))
    return Conflict(kind, values, next(iter(having.values()))[0].label)


def _distinct(values: Iterable[_Value]) -> list[_Value]:
    return list({v.written: v for v in values}.values())


def _characterisation(clash: StanceClash) -> Conflict:
    values = tuple(ConflictValue(s.article, s.value, s.sentence) for s in _distinct_stances(clash.stances))
    return Conflict("characterisation", values, f"{clash.actor} → {clash.target}")


def _distinct_stances(stances: Iterable[Stance]) -> list[Stance]:
    return list({(s.article, s.value, s.sentence): s for s in stances}.values())


# --- reading values from a parsed statement -------------------------------------------------------


def values_of(doc: Doc) -> list[_Value]:
    """The numbers, dates and names of one parsed statement, each with its key, and every entity
    it mentions (kind "mention", compared with nothing but consulted before a name conflict)."""
    found: list[_Value] = []
    asserts = any(t.tag_.startswith("VB") for t in doc)  # a heading, a caption, a dateline asserts nothing
    for entity in doc.ents:
        if entity.label_ in NUMBER_LABELS and asserts and not _hypothetical(entity.root):
            found += _number(entity)
        elif entity.label_ == "DATE" and asserts and not _hypothetical(entity.root):
            found += _date(entity)
        elif entity.label_ in NAME_LABELS:
            found.append(_Value("mention", entity.label_, entity.label_, entity.text))
            found += _place(entity)
    return found + _speakers(doc)


def _hypothetical(token: Token) -> bool:
    """Whether the clause holding ``token`` is a prediction, a plan or a condition ("would cut
    Medicare by $800 billion", "to host the Oscars in 2014"), not a report of what is."""
    verb = _clause_verb(token)
    if verb is None:
        return False
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass", "mark")]
    return any(c.tag_ == "MD" or c.lower_ in CONDITIONS or (c.lower_ == "to" and verb.tag_ == "VB") for c in aux)


def _clause_verb(token: Token) -> Token | None:
    for _ in range(OWNER_DEPTH):
        if token.tag_.startswith("VB"):
            return token
        if token.head is token:
            return None
        token = token.head
    return None


def _stem(word: str) -> str:
    """A crude stem, enough to match "launch"/"launches", "kill"/"killed"/"killing"."""
    word = word.lower()
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _governor(token: Token) -> Token:
    """The word a value attaches to, through a preposition ("launches on July 5" → launches)."""
    head = token.head
    return head.head if head.dep_ == "prep" and head.head is not head else head


# --- numbers --------------------------------------------------------------------------------------

NUMBER_LABELS = frozenset(("CARDINAL", "MONEY", "PERCENT", "QUANTITY"))
# Words that make a quantity approximate or a bound ("about 40", "more than 10", "up to 5"): such a
# quantity is no value to hold against another.
APPROXIMATORS = frozenset(
    str.split(
        "about around approximately roughly nearly almost some over more less fewer least most up under "
        "estimated upwards close than beyond below above"
    )
)
# A range inside a quantity ("10 to 12", "between 5 and 7", "5-7").
RANGE_WORDS = frozenset(("to", "and", "or", "between"))
_RANGE = re.compile(r"\d\s*[-–]\s*\d")
# Heads climbed from a value to the verb of its clause ("moved into X's range for a 36-yard field
# goal": six).
OWNER_DEPTH = 8
# Modifiers that make a count of another set or scope ("three victims" and "two other victims"
# agree; "20 points" in a game and "2,301 career points" count different things).
SCOPES = frozenset(
    str.split("other more additional further remaining another new net total combined career overall average")
)
# Words of a rate ("eight rebounds a game", "per game"): a rate is not a count.
RATES = frozenset(("game", "day", "week", "month", "year", "season", "per", "night", "hour"))
# Words before a number that make it a label, not a count ("No. 2", "#3", "number 10").
LABEL_WORDS = frozenset(("no", "no.", "#", "number", "nos", "nos."))
_SMALL = str.split(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen"
)
_TENS = {w: 10 * (i + 2) for i, w in enumerate(str.split("twenty thirty forty fifty sixty seventy eighty ninety"))}
NUMBER_WORDS = {w: i for i, w in enumerate(_SMALL)} | _TENS
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 10**9, "trillion": 10**12}
UNITS = {"$": "$", "£": "£", "€": "€", "percent": "%", "%": "%", "dollars": "$"}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+")


def _number(entity: Span) -> list[_Value]:
    if _approximate(entity) or _labelled(entity) or _clock(entity):
        return []
    figures = [t for t in entity if t.like_num or t.tag_ == "CD" or t.lower_ in SCALES]
    parsed = number_value(" ".join(t.text for t in figures)) if figures else None
    if parsed is None or re.match(r"0\d", figures[0].text) or (entity.start == 0 and entity.text[:1].isdigit()):
        return []  # vague ("dozens"); a broken figure ("2, 029"); a fragment (news style spells out an opening number)
    if entity.label_ == "CARDINAL" and 1900 <= parsed[0] <= 2100 and re.fullmatch(r"\d{4}", entity.text):
        return []  # a year
    root = entity.root
    unit_noun = root.tag_.startswith("NN") and root.lower_ not in UNITS and root not in figures
    counted = _noun_count(root) if unit_noun else _counted(root)
    if counted is None:
        return []
    unit = next((UNITS[t.lower_] for t in entity if t.lower_ in UNITS), "")
    key, label, noun = counted
    return [_Value("number", f"{unit}|{key}", label, entity.text, parsed, owner=_owner(root, noun))]


def _approximate(entity: Span) -> bool:
    """An approximation, a bound, a range or a score ("about 40", "more than 10", "5-7", "20 - 13")."""
    doc = entity.doc
    if _RANGE.search(doc[max(0, entity.start - 2) : entity.end + 2].text) or any(
        t.lower_ in RANGE_WORDS for t in entity
    ):
        return True
    before = doc[max(0, entity.start - 2) : entity.start]
    return any(t.lower_ in APPROXIMATORS or t.tag_ == "JJR" for t in (*before, *entity))


def _labelled(entity: Span) -> bool:
    """A number naming a thing ("No. 3", "Chapter 7", "Resolution 1695", "AK-47"), not counting one."""
    doc = entity.doc
    before = [doc[i] for i in range(max(0, entity.start - 2), entity.start)]
    if before and (before[-1].lower_ in LABEL_WORDS or before[-1].tag_ in ("NNP", "NNPS")):
        return True
    return len(before) == 2 and before[1].text == "-" and before[0].tag_ in ("NNP", "NNPS")


def _clock(entity: Span) -> bool:
    """A time of day ("12:52 p.m."), or a number inside a date or a time ("26 September 2013, 10:00")."""
    around = entity.doc[max(0, entity.start - 1) : entity.end + 1].text
    return ":" in around or entity.root.head.ent_type_ in ("DATE", "TIME")


def _counted(root: Token) -> tuple[str, str, Token | None] | None:
    """What a number counts: its noun ("seven missile launches"), part of a set ("five of his
    rebounds"), or for a bare number the verb it attaches to with that verb's subject ("the attack
    killed 12"); the key to compare, the words to show and the counted noun."""
    if root.dep_ in ("nummod", "quantmod", "compound", "amod") and root.head.tag_.startswith("NN"):
        return _noun_count(root.head)
    of = next((p for c in root.children if c.dep_ == "prep" and c.lower_ == "of"
               for p in c.children if p.dep_ == "pobj"), None)  # fmt: skip
    if of is not None:
        return "of " + _stem(of.text), of.text, of
    head = _governor(root)
    if root.dep_ in ("dobj", "nsubjpass", "attr", "pobj", "npadvmod") and head.tag_.startswith("VB"):
        subject = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass") and c is not root), None)
        who = _stem(subject.text) if subject is not None else ""
        return f"{who}|{_stem(head.text)}", head.text, None
    return None


def _noun_count(noun: Token) -> tuple[str, str, Token]:
    """The key and the words of a counted noun ("missile launches"). Scope words make another key
    ("two other rifles", "2,301 career points", "eight rebounds a game"), and a measure names what
    it measures ("a 47-yard field goal" → yard goal)."""
    words = [c for c in noun.children if c.dep_ == "compound" and c.i < noun.i and not c.ent_type_]
    scope = [c for c in noun.children if c.dep_ in ("amod", "compound") and c.lower_ in SCOPES]
    rate = ["a"] if any(c.dep_ in ("npadvmod", "prep") and c.lower_ in RATES for c in noun.subtree) else []
    measured = [noun.head] if noun.dep_ in ("amod", "compound", "nmod") and noun.head.tag_.startswith("NN") else []
    key = " ".join([*(_stem(t.text) for t in (*scope, noun, *measured)), *rate])
    return key, " ".join(t.text for t in (*scope, *words, noun, *measured)), noun


def _owner(token: Token, noun: Token | None = None) -> str:
    """Whose number or date it is: the possessor of the counted noun ("Charles' 226 yards"), else
    the named subject of the clause ("Hansbrough finished with 20 points", "the Indian navy"
    → Indian); empty when the clause names nobody."""
    possessor = next((c for c in noun.children if c.dep_ == "poss"), None) if noun is not None else None
    if possessor is not None and possessor.tag_ in ("NNP", "NNPS"):
        return _proper_words(possessor)
    verb = _clause_verb(token)
    for _ in range(OWNER_DEPTH):
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None) if verb else None
        if verb is None or (subject is None and verb.head is verb):
            return ""
        if subject is not None and subject.lower_ in ("who", "which", "that"):
            return _proper_words(verb.head) if verb.dep_ == "relcl" else ""
        if subject is not None and subject.tag_ != "PRP":
            return "" if token in subject.subtree else _proper_words(subject)
        verb = _clause_verb(verb.head)  # no subject, or a pronoun: the clause above names the owner
    return ""


def _proper_words(token: Token) -> str:
    """The names in the phrase headed by ``token`` ("the Indian navy" → Indian); a capitalised
    singular noun without a determiner counts (the tagger calls unknown surnames NN)."""
    phrase = [token, *(c for c in token.children if c.dep_ in ("compound", "amod", "poss", "nmod"))]
    words = [t.text for t in sorted(phrase) if t.tag_ in ("NNP", "NNPS") or t.ent_type_ in ACTOR_LABELS]
    bare = token.tag_ == "NN" and token.text[:1].isupper() and not any(c.dep_ == "det" for c in token.children)
    return " ".join(words) or (token.text if bare else "")


def number_value(text: str) -> tuple[float, float, float] | None:
    """The value of a written quantity, its grain (what it is rounded to) and its value before
    scale words: "$5.2 million" → (5200000, 100000, 5.2), "seven" → (7, 1, 7); None when vague
    ("dozens", "several") or spelled "one", far more often a pronoun ("one of them") than a count."""
    words = [w for w in _NUMBER.findall(text.lower().replace(",", "")) if w not in ("percent", "cent", "dollars")]
    if not words or words == ["one"]:
        return None
    total, grain, scale = 0.0, 1.0, 1.0
    for word in words:
        if word[0].isdigit():
            total += float(word)
            grain = 10.0 ** -len(word.partition(".")[2]) if "." in word else _integer_grain(word)
        elif word in NUMBER_WORDS:
            total += NUMBER_WORDS[word]
        elif word in SCALES:
            scale *= SCALES[word]
        else:
            return None
    return total * scale, grain * scale, total


def _integer_grain(digits: str) -> float:
    """Round numbers of three digits or more are taken at their last nonzero place ("1,200" may be
    1,250 rounded); a number under 100 is exact ("10" and "12" killed disagree)."""
    if len(digits) < 3:
        return 1.0
    return 10.0 ** (len(digits) - len(digits.rstrip("0")))


def _numbers_differ(a: _Value, b: _Value) -> bool:
    """Two quantities differ beyond the rounding of the coarser ("5 million" is "5.2 million")."""
    x, grain_x, _ = a.quantity
    y, grain_y, _ = b.quantity
    return not math.isclose(x, y) and abs(x - y) > max(grain_x, grain_y) / 2


def _number_in(value: _Value, text: str) -> bool:
    """Whether ``text`` writes the number of ``value`` anywhere, in figures or words ("2 in 3")."""
    written = {float(w) for w in _NUMBER.findall(text.lower().replace(",", "")) if w[0].isdigit()}
    written |= {float(NUMBER_WORDS[w]) for w in _NUMBER.findall(text.lower()) if w in NUMBER_WORDS}
    amount, _, mantissa = value.quantity
    return amount in written or mantissa in written


# --- dates ----------------------------------------------------------------------------------------

_MONTH_NAMES = str.split("january february march april may june july august september october november december")
MONTHS = {m: i + 1 for i, m in enumerate(_MONTH_NAMES)}
MONTHS |= {m[:3]: i for m, i in list(MONTHS.items())} | {"sept": 9}
WEEKDAYS = frozenset(str.split("monday tuesday wednesday thursday friday saturday sunday"))
# Words that may hold a number or a date, for choosing the statements worth parsing ("may" aside:
# the verb is far more frequent, and "May 5" has its figure).
_FIGURE_WORDS = frozenset((*NUMBER_WORDS, *SCALES, *_MONTH_NAMES, *WEEKDAYS)) - {"may"}
# Words that make a date vague or relative, or a range ("early July", "last week", "from 1996 to 2007").
VAGUE_DATE = frozenset(
    str.split("early mid late end beginning start around about from between to through and last next this")
)
# Prepositions that make a date a bound, kept in its key: "since 2002" is compared with "since 2003",
# never with "in 2003"; "on" and "in" add nothing ("on July 5" is "July 5").
BOUNDS = frozenset(("since", "until", "till", "before", "after", "by"))
# Words of a dateline or a time stamp ("Published: May 2, 2013", "Updated 5:40 p.m.").
DATELINE_WORDS = frozenset(
    str.split("published updated posted modified last am pm a.m. p.m. gmt utc edt est et bst ist")
)
# Days named relative to the report ("today"): no value, but a second day for the same event.
RELATIVE_DAYS = frozenset(("today", "yesterday", "tomorrow", "tonight"))
_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")


def _date(entity: Span) -> list[_Value]:
    words = [t.lower_.rstrip(".") for t in entity]
    before = entity.doc[max(0, entity.start - 1) : entity.start]
    if any(w in VAGUE_DATE or w.startswith("mid") or "-" in w for w in (*words, *(t.lower_ for t in before))):
        return []
    parts = _date_parts(words)
    head = _governor(entity.root)
    if entity.root.dep_ in ("compound", "nummod", "amod") and head.tag_ in ("NNP", "NNPS"):
        return []  # part of a name ("the 2000 National Caring Award")
    if not parts or entity.start <= head.i < entity.end or head.lower_ in CUE_FORMS or head.lower_ in DATELINE_WORDS:
        return []  # no calendar date; a dateline; or when a thing was said ("said Monday"), not what was said
    if any(other != entity and _governor(other.root) == head and _names_a_day(other) for other in entity.doc.ents):
        return []  # two days for one event ("As it promised [Tuesday], Microsoft today issued"): which is it?
    prep = entity.root.head.lower_ if entity.root.dep_ == "pobj" and entity.root.head.lower_ in BOUNDS else ""
    key, label = f"{prep}|{_stem(head.text)}", f"date ({head.text} {prep})".replace(" )", ")")
    return [_Value("date", key, label, entity.text, date=tuple(sorted(parts.items())), owner=_owner(entity.root))]


def _names_a_day(entity: Span) -> bool:
    words = [t.lower_.rstrip(".") for t in entity]
    return entity.label_ == "DATE" and (bool(_date_parts(words)) or any(w in RELATIVE_DAYS for w in words))


def _date_parts(words: Sequence[str]) -> dict[str, int | str]:
    """Month, day, year and weekday of a date's words; empty when it names none ("last week")."""
    parts: dict[str, int | str] = {}
    for i, word in enumerate(words):
        if word in MONTHS and (word != "may" or len(words) > 1):
            parts["month"] = MONTHS[word]
            days = [int(m[1]) for w in (*words[i + 1 : i + 2], *words[max(0, i - 1) : i]) if (m := _DAY.fullmatch(w))]
            parts |= {"day": days[0]} if days and 1 <= days[0] <= 31 else {}
        elif word in WEEKDAYS:
            parts["weekday"] = word
        elif re.fullmatch(r"(19|20)\d\d", word):
            parts["year"] = int(word)
    return parts


def _dates_differ(a: _Value, b: _Value) -> bool:
    """Two dates differ when a part both give differs (a weekday and a day of the month do not)."""
    first, second = dict(a.date), dict(b.date)
    return any(first[part] != second[part] for part in set(first) & set(second))


def _dates_match(a: _Value, b: _Value) -> bool:
    first, second = dict(a.date), dict(b.date)
    shared = set(first) & set(second)
    return bool(shared) and all(first[part] == second[part] for part in shared)


# --- names ----------------------------------------------------------------------------------------

NAME_LABELS = frozenset(("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"))
PLACE_LABELS = frozenset(("GPE", "LOC", "FAC"))
# Prepositions that place an event ("killed in Kabul", "met at Camp David").
PLACE_PREPOSITIONS = frozenset(("in", "at", "near", "outside"))
# How alike two statements must be, besides the values they clash on, to say one thing (Dice
# coefficient of their content words; verbs of saying, figures and the clashing words aside), judged
# by hand on pairs of ECB+, NewsWCL50 and BASIL statements that share 40% of their words:
# * a figure clash on its own (no specific figure in common): real clashes scored 0.33–0.81
#   ("two speed boats"/"three boats", ".38"/".357 caliber revolver", "since 2002"/"since 2003"),
#   two scopes or two players 0.19–0.24 ("189 yards in two games"/"404 yards this season");
FIGURE_CONFLICT_MIN_DICE = 0.3
# * a place clash, names left out too: the same sentence but for the place; a town and its
#   county scored 0.5 ("checked into the clinic in Malibu"/"… in Los Angeles").
PLACE_CONFLICT_MIN_DICE = 0.6
# Share of the shorter quotation's content words the other must hold for two statements to quote
# one thing (a trimmed quotation is still the same words).
QUOTATION_MIN_OVERLAP = 0.6
# Texts compared so need at least this many content words: a fragment such as "the right thing"
# shares all its words with many statements and proves nothing.
MIN_CONTEXT_WORDS = 4
# Figures in a statement from which it is a tally (a box score, a list of seized arms): a single
# differing number there is more likely another quantity than a conflict, unless the two
# statements share a specific figure (judged by hand on the sports stories of ECB+).
DENSE_FIGURES = 3
# Numbers this many times apart are two quantities, not one misreported (an order of magnitude).
MAGNITUDE = 10
# Phrases limiting the period or the set a count covers (judged on the ECB+ stories: "arrested
# three times since October"/"four times", "blocked two shots" during a run/"six shots" in a game).
_SCOPE = re.compile(
    r"\b(?:during|since|so far|thus far|to date|this (?:season|year|month|week)"
    r"|in (?:his|her|their|its) (?:last|first))\b",
    re.IGNORECASE,
)
# The smallest count that, given by two statements, is unlikely to be a coincidence (small counts
# such as "two touchdowns" recur in any sports report).
SPECIFIC_NUMBER = 10
# Honorifics and titles that do not tell one person from another ("Mr Wang" is Wang Guangya).
_TITLE_WORDS = frozenset(str.split("mr mrs ms miss dr prof sir gen col sen rep gov president minister the"))
# Spellings of one sound in transliterated names, for ``_skeleton``.
_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("ph", "f"), ("sh", "s"), ("ch", "c"), ("ou", "u"))
_SOUNDS = str.maketrans("qgcyjvz", "kkkiifs")
# Capitalised words: names, left out when comparing what two statements say.
_CAPITALISED = re.compile(r"\b[A-Z][\w.’'-]*")
# A place named after a preposition, for choosing the statements worth parsing.
_PLACE = re.compile(r"\b(?:in|at|near|outside) (?:the )?[A-Z]")
# A word (no figure, no stray punctuation), for comparing what two statements say.
_WORDLIKE = re.compile(r"[a-z][a-z'’-]*")
# A quotation: words between double quotation marks.
_QUOTATION = re.compile(r"[\"“”]([^\"“”]{10,})[\"“”]")


def _place(entity: Span) -> list[_Value]:
    """Where an event happened: a place after "in", "at" … keyed by the verb of its clause (the
    parser attaches "near the market in Kabul" to the market or to the verb, as it likes)."""
    prep = entity.root.head
    if entity.label_ not in PLACE_LABELS or entity.root.dep_ != "pobj" or prep.lower_ not in PLACE_PREPOSITIONS:
        return []
    event = _clause_verb(prep) or prep.head
    return [_Value("name", f"place|{prep.lower_}|{_stem(event.text)}", f"place ({event.text})", entity.text)]


def _speakers(doc: Doc) -> list[_Value]:
    """The people statements are attributed to: named subjects of verbs of saying."""
    found = []
    for token in doc:
        subject = subject_of(token) if is_cue(token) else None
        entity = _entity_of(subject) if subject is not None else None
        if entity is not None and entity.label_ == "PERSON":
            found.append(_Value("name", "speaker", "speaker", entity.text))
    return found


def _entity_of(token: Token) -> Span | None:
    return next((e for e in token.doc.ents if e.start <= token.i < e.end), None)


def _name_words(name: str) -> set[str]:
    words = {re.sub(r"['’]s$", "", w.strip(".’'").lower()) for w in re.split(r"[\s\-]+", name)}
    return {w for w in words if w and w not in _TITLE_WORDS}


def _names_agree(a: _Value, b: _Value) -> bool:
    return _same_name(a.written, b.written)


def _same_name(a: str, b: str) -> bool:
    """One entity: a shared word ("Mr Wang"/"Wang Guangya"), or two spellings of one word, a
    misspelling or a transliteration ("Pyongyang"/"Pyongang", "Gaddafi"/"Qadhafi")."""
    first, second = _name_words(a), _name_words(b)
    if first & second or any(close_spellings(x, y) for x in first for y in second):
        return True
    return bool({_skeleton(w) for w in first} & {_skeleton(w) for w in second})


def _skeleton(word: str) -> str:
    """The consonants of a name as transliterations share them: digraphs made single ("kh", "dh"),
    letters that stand for one sound merged (q, g, c → k), vowels after the first letter and
    doubled letters dropped."""
    for digraph, single in _DIGRAPHS:
        word = word.replace(digraph, single)
    word = word.translate(_SOUNDS)
    consonants = word[:1] + "".join(c for c in word[1:] if c not in "aeiouwh")
    return re.sub(r"(.)\1+", r"\1", consonants)


def _names_differ(a: _Value, b: _Value) -> bool:
    return not _names_agree(a, b)


def _dice(a: str, b: str, names: bool = True) -> float:
    """How alike two texts are: the Dice coefficient of their content words, verbs of saying and
    figures aside (and names, unless ``names``); 0 when either has fewer than ``MIN_CONTEXT_WORDS``."""
    first, second = (_context(text, names) for text in (a, b))
    if min(len(first), len(second)) < MIN_CONTEXT_WORDS:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


def _context(text: str, names: bool) -> set[str]:
    words = content_words(text if names else _CAPITALISED.sub("", text))
    return {w for w in words if _WORDLIKE.fullmatch(w) and w not in _FIGURE_WORDS} - CUE_FORMS.keys()


def _same_quotation(a: str, b: str) -> bool:
    """Whether two statements hold one quotation (most of the shorter's words in the other's)."""
    first, second = (_context(" ".join(_QUOTATION.findall(text)), names=False) for text in (a, b))
    if min(len(first), len(second)) < MIN_CONTEXT_WORDS:
        return False
    return len(first & second) / min(len(first), len(second)) >= QUOTATION_MIN_OVERLAP


_DIFFER: dict[str, Callable[[_Value, _Value], bool]] = {
    "number": _numbers_differ,
    "date": _dates_differ,
    "name": _names_differ,
}
