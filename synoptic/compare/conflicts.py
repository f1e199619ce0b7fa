"""Conflicts: where outlets' accounts of one story disagree, on numbers, dates, names or characterisations.

Within a **fact** (statements of different articles that report the same thing), each statement's
values are read from its parse, each with a **key** saying what it is about: numbers with what they
count, dates with the verb they date, the person a quotation is attributed to and the place an event
happened in (``synoptic.compare.values``, which also says when two values agree).

Two statements conflict on a key when every value of one differs from every value of the other and
neither gives the other's value anywhere. A tool that cries wolf loses its readers, so agreeing is
forgiving and conflicting is demanding:

* agreeing: vague, approximate or bounded quantities, ranges, scores, labels and predictions are not
  values at all; a number agrees with its rounding, dates unless a part both give differs, names
  when they share a word or are two spellings of one name (name variants, not conflicts); a value
  one statement lacks is an omission, never a conflict;
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

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from synoptic.analyze.nlp import parse
from synoptic.analyze.quotes import CUE_FORMS
from synoptic.compare.stance import Stance, StanceClash, clashes, find_stances, may_hold_stance
from synoptic.compare.values import DIFFER, FIGURE_WORDS, Value, appears_in, same_name, values_of, written_figures
from synoptic.compare.variants import content_words


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
    first, second = written_figures(a), written_figures(b)
    if first - second and second - first:
        return True
    if _same_quotation(a, b):
        return True
    return bool(_PLACE.search(a) and _PLACE.search(b)) and _dice(a, b, names=False) >= PLACE_CONFLICT_MIN_DICE


def _fact_conflicts(
    fact: Sequence[Statement], values: Mapping[str, list[Value]], articles: Mapping[str, str]
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
    a: Statement, b: Statement, values: Mapping[str, list[Value]], articles: Mapping[str, str]
) -> list[tuple[str, str]]:
    """The keys two statements disagree on. Figures (numbers, dates) disagree credibly only among
    agreement: the statements share at least as many figures as they clash on, or clash on one only
    and say the same otherwise ("14 rifles, 31 magazines in five operations" against "six rifles,
    12 magazines during the operation" is two scopes, not a conflict)."""
    own, other = values[a.text], values[b.text]
    shared = [k for k in dict.fromkeys((v.kind, v.key) for v in own if v.kind in DIFFER) if _has(other, k)]
    clashing = [k for k in shared if _clash(_having(own, k), _having(other, k), a, b, values)]
    names = [
        k for k in clashing if k[0] == "name" and _credible_names(_having(own, k), _having(other, k), a, b, articles)
    ]
    figures = [k for k in clashing if k[0] == "date" or (k[0] == "number" and _scope(a.text) == _scope(b.text))]
    anchors = sum(_specific(v) and appears_in(v, b.text, other) for v in own if v.kind in ("number", "date"))
    dense = max(len(written_figures(a.text)), len(written_figures(b.text))) >= DENSE_FIGURES
    single = len(figures) == 1 and not dense and _dice(a.text, b.text) >= FIGURE_CONFLICT_MIN_DICE
    return (figures if anchors >= len(figures) or single else []) + names


def _scope(text: str) -> set[str]:
    """The words limiting what a statement counts ("since October", "during the run", "so far"):
    counts under different limits are different counts."""
    return {match.lower() for match in _SCOPE.findall(text)}


def _specific(value: Value) -> bool:
    """Whether a value shared by two statements shows they report one thing: a number of 10 or
    more, with decimals or a unit, or a date with its day or year (two statements may both count
    "two touchdowns" or fall on a "Sunday" by chance)."""
    if value.kind == "date":
        return any(part in ("day", "year") for part, _ in value.date)
    amount, grain, _ = value.quantity
    return amount >= SPECIFIC_NUMBER or grain < 1 or not value.key.startswith("|")


def _has(values: Sequence[Value], key: tuple[str, str]) -> bool:
    return any((v.kind, v.key) == key for v in values)


def _having(values: Sequence[Value], key: tuple[str, str]) -> list[Value]:
    return [v for v in values if (v.kind, v.key) == key]


def _clash(first: Sequence[Value], second: Sequence[Value], a: Statement, b: Statement,
           values: Mapping[str, list[Value]]) -> bool:  # fmt: skip
    """Whether two statements' values for one key clash: every value of one differs from every value
    of the other, and neither statement gives the other's value anywhere (the parse may have
    attached it elsewhere)."""
    differ = DIFFER[first[0].kind]
    if not all(differ(x, y) and _comparable(x, y) for x in first for y in second):
        return False
    return not any(appears_in(x, b.text, values[b.text]) for x in first) and not any(
        appears_in(y, a.text, values[a.text]) for y in second
    )


def _comparable(a: Value, b: Value) -> bool:
    """Whether two values may be one quantity or date told two ways: not those of two named owners
    ("Hansbrough's 20 points", "Ford's 2,290"), nor numbers an order of magnitude apart (a misreport
    keeps its magnitude; "20 points" and "2,302 points" are two quantities), unless only their scale
    word differs ("$716 million"/"$716 billion")."""
    if a.owner and b.owner and not same_name(a.owner, b.owner):
        return False
    if a.kind != "number":
        return True
    (x, _, mantissa_x), (y, _, mantissa_y) = a.quantity, b.quantity
    return mantissa_x == mantissa_y or max(x, y) < MAGNITUDE * max(min(x, y), 1e-9)


def _credible_names(first: Sequence[Value], second: Sequence[Value], a: Statement, b: Statement,
                   articles: Mapping[str, str]) -> bool:  # fmt: skip
    """A speaker conflict needs one quotation in both statements; a place conflict needs the rest
    of the statements to say the same, and neither place named in the other article (else it may be
    the town and its country)."""
    if first[0].key == "speaker":
        return _same_quotation(a.text, b.text)
    if _dice(a.text, b.text, names=False) < PLACE_CONFLICT_MIN_DICE:
        return False
    return not any(_in_article(v, b, articles) for v in first) and not any(_in_article(v, a, articles) for v in second)


def _in_article(value: Value, statement: Statement, articles: Mapping[str, str]) -> bool:
    return value.written.lower() in articles.get(statement.article, statement.text).lower()


def _conflict(kind: str, having: Mapping[Statement, list[Value]]) -> Conflict:
    ordered = sorted(having, key=lambda s: (s.article, s.index))
    values = tuple(ConflictValue(s.article, v.written, s.text) for s in ordered for v in _distinct(having[s]))
    return Conflict(kind, values, next(iter(having.values()))[0].label)


def _distinct(values: Iterable[Value]) -> list[Value]:
    return list({v.written: v for v in values}.values())


def _characterisation(clash: StanceClash) -> Conflict:
    values = tuple(ConflictValue(s.article, s.value, s.sentence) for s in _distinct_stances(clash.stances))
    return Conflict("characterisation", values, f"{clash.actor} → {clash.target}")


def _distinct_stances(stances: Iterable[Stance]) -> list[Stance]:
    return list({(s.article, s.value, s.sentence): s for s in stances}.values())


# --- thresholds, and what two statements say besides their values --------------------------------

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
# Capitalised words: names, left out when comparing what two statements say.
_CAPITALISED = re.compile(r"\b[A-Z][\w.’'-]*")
# A place named after a preposition, for choosing the statements worth parsing.
_PLACE = re.compile(r"\b(?:in|at|near|outside) (?:the )?[A-Z]")
# A word (no figure, no stray punctuation), for comparing what two statements say.
_WORDLIKE = re.compile(r"[a-z][a-z'’-]*")
# A quotation: words between double quotation marks.
_QUOTATION = re.compile(r"[\"“”]([^\"“”]{10,})[\"“”]")


def _dice(a: str, b: str, names: bool = True) -> float:
    """How alike two texts are: the Dice coefficient of their content words, verbs of saying and
    figures aside (and names, unless ``names``); 0 when either has fewer than ``MIN_CONTEXT_WORDS``."""
    first, second = (_context(text, names) for text in (a, b))
    if min(len(first), len(second)) < MIN_CONTEXT_WORDS:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


def _context(text: str, names: bool) -> set[str]:
    words = content_words(text if names else _CAPITALISED.sub("", text))
    return {w for w in words if _WORDLIKE.fullmatch(w) and w not in FIGURE_WORDS} - CUE_FORMS.keys()


def _same_quotation(a: str, b: str) -> bool:
    """Whether two statements hold one quotation (most of the shorter's words in the other's)."""
    first, second = (_context(" ".join(_QUOTATION.findall(text)), names=False) for text in (a, b))
    if min(len(first), len(second)) < MIN_CONTEXT_WORDS:
        return False
    return len(first & second) / min(len(first), len(second)) >= QUOTATION_MIN_OVERLAP
