"""Names: one speaker written in several ways (``same_person``), and name variants, two spellings
of one entity (a misspelling, a transliteration, a dropped title).

A form is a whole name with any title or role before it taken off ("Vicente Fox" of "Mexican
President Vicente Fox"). Forms are grouped when they are close in spelling, neither is a
derivation of the other ("Japan"/"Japanese" are two words, "Pyongyang"/"Pyongang" one name), and
the words they differ in are not both common English words: close spellings of two common words
or names are two of them ("Medicare"/"Medicaid", "Donald"/"Ronald"), while a slip or a
transliteration is rare ("Pyongang", "Qaddafi"). Word frequencies are wordfreq's (Zipf scale,
bundled with the package). The form most outlets use is canonical, unless it is a slip: rare in
English (Zipf below 2) and ten times rarer than another form (a misspelling copied by two outlets
is not canonical). A form found in one outlet only, while another form dominates or it is such a
slip, is marked as a likely misspelling, unless it differs only in accents, hyphens or spaces
("Pena"/"Peña", "Jae In"/"Jae-in"): a style, not a slip.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import regex
from rapidfuzz.distance import DamerauLevenshtein
from rapidfuzz.process import cdist
from wordfreq import zipf_frequency

from synoptic.analyze.names import CALENDAR, HONORIFICS, OFFICES, TITLES, after_titles, bare

# A name's word: a capital, then lower-case letters, with inner capitals ("McConnell", "DeVos"),
# an apostrophe ("O'Brien") or hyphenated parts ("Jong-un"); any script's letters ("Sánchez").
_NAME_WORD = r"\p{Lu}(?:['’]\p{Lu})?\p{Ll}+(?:\p{Lu}\p{Ll}+)*(?:-\p{L}+)*"
# Runs of such words inside a sentence (after a lower-case word, a comma, a bracket or an
# abbreviated title, not at a sentence's start): a cheap proxy for a name, enough to find two
# spellings of one (spaCy's recogniser splits rare misspellings unpredictably); a given name is
# compared with its surname.
_NAME = regex.compile(
    rf"(?:(?<=[\p{{Ll}},;:] )|(?<=\()|(?<=\b(?:Mr|Mrs|Ms|Dr|Prof|Rev|Sen|Rep|Gov|Gen|Col|Lt|Capt|Sgt|Adm)\. ))"
    rf"{_NAME_WORD}(?: {_NAME_WORD})*\b"
)
_LOWER_WORD = regex.compile(r"\b\p{Ll}{4,}\b")
# Zipf 3 is once in a million words: two close spellings both this common are two words. A form
# below Zipf 2 and ten times rarer than another of its group is taken for a slip ("Preibus"), but a
# rare real name is not ("Parris" beside "Paris").
_COMMON_ZIPF = 3.0
_RARE_ZIPF = 2.0
# Edits allowed between two spellings, by the length of the shorter: one edit for 5–7 letters,
# two from 8 (short names differ by one letter too often: "Wang"/"Wong" are two people).
_MAX_EDITS = ((8, 2), (5, 1))


@dataclass(frozen=True)
class NameForm:
    """One spelling and the articles it appears in, with its number of occurrences."""

    form: str
    articles: tuple[str, ...]
    count: int


@dataclass(frozen=True)
class NameVariant:
    """One entity written in several ways."""

    canonical: str
    forms: tuple[NameForm, ...]
    likely_misspelling: str | None


# --- people: one speaker written in several ways (the synopsis's quotes) -----------------------------


@lru_cache(maxsize=65_536)  # asked for every pair of quotes of a story, of the same few speakers
def same_person(first: str, second: str) -> bool:
    """Two resolved speaker names of one person: equal once case, hyphens and spacing are set aside
    ("Kim Jong-un" / "Kim Jong Un"), or one is the other's surname part ("Trump" / "Donald Trump").
    A generational suffix is part of the name: outlets seldom write "Sr.", so "Otto Brandt" may be
    the father of "Otto Brandt Jr." as well as the son."""
    a, b = name_words(first), name_words(second)
    if a == b or spelling_key(first) == spelling_key(second):
        return True
    shorter, longer = sorted((a, b), key=len)
    return bool(shorter) and shorter[-1] == longer[-1] and set(shorter) <= set(longer)


@lru_cache(maxsize=65_536)
def name_words(name: str) -> tuple[str, ...]:
    """The words of a person's name in lower case, without full stops or commas."""
    return tuple(w for w in re.split(r"[\s,-]+", name.lower().replace(".", "")) if w)


def spelling_key(name: str) -> str:
    """``name`` with case, hyphens, spaces and full stops set aside: one key for "Kim Jong-un" and "Kim Jong Un"."""
    return "".join(name_words(name))


# --- entities: name variants ------------------------------------------------------------------------


def name_mentions(texts: Mapping[str, str]) -> dict[str, list[str]]:
    """For each article id, its runs of capitalised words inside sentences, except single words
    the story also writes in lower case: "Presidency" or "Democracy" capitalised in one phrase are
    common words, not names."""
    lower = {w for text in texts.values() for w in _LOWER_WORD.findall(text)}
    return {article: [n for n in _NAME.findall(text) if n.lower() not in lower] for article, text in texts.items()}


def name_variants(mentions: Mapping[str, Sequence[str]], outlets: Mapping[str, str]) -> list[NameVariant]:
    """Entities spelled in more than one way across articles.

    ``mentions`` maps each article id to the entity mentions found in it (names of people,
    places, organisations); ``outlets`` maps each article id to its outlet.
    """
    counts: Counter[str] = Counter()
    where: defaultdict[str, set[str]] = defaultdict(set)
    for article, names in mentions.items():
        for name in names:
            form = bare_name(name)
            if not form:
                continue
            counts[form] += 1
            where[form].add(article)
    groups = _group_forms(sorted(counts, key=lambda f: (-counts[f], f)))
    return [_variant(group, counts, where, outlets) for group in groups if len(group) > 1]


def bare_name(mention: str) -> str:
    """The name in ``mention``: without the weekday or month a run of capitals ends with ("White
    House Tuesday"), and without leading titles and roles when a full name or an honorific's
    surname follows ("Vicente Fox" of "Mexican President Vicente Fox", "Wang" of "Mr Wang"; the
    rule of ``analyze.names``); empty when it ends with a title or role ("House Speaker")."""
    words = mention.replace("’", "'").split()  # one apostrophe, typeset or typed
    while len(words) > 1 and bare(words[-1]) in CALENDAR:
        words.pop()
    if not words or bare(words[-1]) in TITLES | OFFICES | HONORIFICS.keys():
        return ""
    start = after_titles(words)
    if start and (len(words) - start >= 2 or bare(words[start - 1]) in HONORIFICS):
        words = words[start:]
    return " ".join(words)


def _group_forms(forms: list[str]) -> list[list[str]]:
    """Each form in the group of the first form before it that it is a close spelling of."""
    groups: list[list[str]] = []
    group_of: dict[str, int] = {}
    for form, near in zip(forms, _near_forms(forms), strict=True):
        homes = [group_of[other] for other in near if other in group_of and close_spellings(form, other)]
        group_of[form] = min(homes) if homes else len(groups)
        if homes:
            groups[group_of[form]].append(form)
        else:
            groups.append([form])
    return groups


def _near_forms(forms: list[str]) -> list[list[str]]:
    """For each form, the others within the most edits ``close_spellings`` allows (one C pass over
    all pairs: a 50-article story has some 2,000 forms)."""
    lowered = [form.lower() for form in forms]
    most = max(edits for _, edits in _MAX_EDITS)
    distances = cdist(lowered, lowered, scorer=DamerauLevenshtein.distance, score_cutoff=most, dtype=np.int32)
    np.fill_diagonal(distances, most + 1)
    return [[forms[j] for j in np.flatnonzero(row <= most)] for row in distances]


def close_spellings(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are likely one name spelled two ways."""
    if a == b or a.lower() == b.lower():
        return False
    first, second = a.lower(), b.lower()
    if first.startswith(second) or second.startswith(first):
        return False  # a derivation or a longer name: "Japan"/"Japanese", "Kim"/"Kimberly"
    if _derivations(first, second):
        return False  # two endings of one stem: "Democratic"/"Democrats", "Syrian"/"Syrians"
    shorter = min(len(first), len(second))
    allowed = next((edits for length, edits in _MAX_EDITS if shorter >= length), 0)
    if not allowed or DamerauLevenshtein.distance(first, second) > allowed:
        return False
    if _letters(first) == _letters(second):
        return True  # accents, hyphens or spaces: "José"/"Jose", "Trans-Pacific"/"Trans Pacific"
    own, other = _differing_words(first, second)
    if min(_zipf(own), _zipf(other)) < _COMMON_ZIPF:
        return True
    # Two common words: two of them ("Medicare"/"Medicaid"), unless one sound spelled two ways
    # ("Mohammed"/"Muhammad").
    return [skeleton(w) for w in own.split()] == [skeleton(w) for w in other.split()]


def _differing_words(first: str, second: str) -> tuple[str, str]:
    """The words of each name that the other lacks ("vicente", "vincente" of two "... Fox")."""
    a, b = first.split(), second.split()
    return " ".join(w for w in a if w not in b) or first, " ".join(w for w in b if w not in a) or second


def _letters(name: str) -> str:
    """The letters of ``name`` without accents, hyphens or spaces."""
    plain = unicodedata.normalize("NFKD", name)
    return "".join(c for c in plain if c.isalnum() and not unicodedata.combining(c))


# Spellings of one sound in transliterated names, for ``skeleton``.
_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("ph", "f"), ("sh", "s"), ("ch", "c"), ("ou", "u"))
_SOUNDS = str.maketrans("qgcyjvz", "kkkiifs")


def skeleton(word: str) -> str:
    """The consonants of a name as transliterations share them: digraphs made single ("kh", "dh"),
    letters that stand for one sound merged (q, g, c → k), vowels after the first letter and
    doubled letters dropped."""
    for digraph, single in _DIGRAPHS:
        word = word.replace(digraph, single)
    word = word.translate(_SOUNDS)
    consonants = word[:1] + "".join(c for c in word[1:] if c not in "aeiouwh")
    return re.sub(r"(.)\1+", r"\1", consonants)


def _zipf(words: str) -> float:
    """How common ``words`` are in English, on wordfreq's Zipf scale (0 unknown, 3 once a million words)."""
    return zipf_frequency(words, "en")


# English endings that make another word of one stem (NewsWCL50 event 1 listed "Democratic" /
# "Democrats" as two spellings of one name: two edits apart, neither a prefix of the other; event 3
# "Democrats" / "Democracy" and "President" / "Presidency"; "Honduras" / "Honduran").
_ENDINGS = frozenset(
    "s es ic ics ian ians an ans as er ers ism ist ists ese ish i t ts cy cies ce ces ty ties al als ial".split()
) | {""}
_SHORTEST_STEM = 4


def _derivations(first: str, second: str) -> bool:
    """Whether two words are one stem with two English endings ("Koreas"/"Koreans" at "Kore")."""
    common = next(
        (i for i, (x, y) in enumerate(zip(first, second, strict=False)) if x != y), min(len(first), len(second))
    )
    return any(first[stem:] in _ENDINGS and second[stem:] in _ENDINGS for stem in range(_SHORTEST_STEM, common + 1))


def _variant(group: list[str], counts: Counter[str], where: Mapping[str, set[str]],
             outlets: Mapping[str, str]) -> NameVariant:  # fmt: skip
    def spread(form: str) -> tuple[int, int]:
        return len({outlets.get(a, a) for a in where[form]}), counts[form]

    shared = set.intersection(*(set(f.lower().split()) for f in group))
    zipf = {f: _zipf(" ".join(w for w in f.lower().split() if w not in shared) or f) for f in group}
    rare = {f for f in group if zipf[f] < _RARE_ZIPF and zipf[f] <= max(zipf.values()) - 1}
    ordered = sorted(group, key=lambda f: (f in rare, -spread(f)[0], -spread(f)[1], f))
    canonical = ordered[0]  # the form most outlets use, then the most frequent
    forms = tuple(NameForm(f, tuple(sorted(where[f])), counts[f]) for f in ordered)
    dominated = [f for f in ordered[1:] if spread(f)[0] == 1 and (f in rare or spread(canonical) > spread(f))]
    # A form that differs from the canonical one only in accents, hyphens or spaces is a style.
    suspect = next((f for f in dominated if _letters(f).lower() != _letters(canonical).lower()), None)
    return NameVariant(canonical, forms, suspect)
