"""Name variants: two spellings of one entity (a misspelling, a transliteration, a dropped title).

A form is a whole name with any title or role before it taken off ("Vicente Fox" of "Mexican
President Vicente Fox"). Forms are grouped when they are close in spelling, neither is a
derivation of the other ("Japan"/"Japanese" are two words, "Pyongyang"/"Pyongang" one name), and
the words they differ in are not both common English words: close spellings of two common words
or names are two of them ("Medicare"/"Medicaid", "Donald"/"Ronald"), while a slip or a
transliteration is rare ("Pyongang", "Qaddafi"). Word frequencies are wordfreq's (Zipf scale,
bundled with the package). The form most outlets use is canonical, unless it is a slip: rare in
English (Zipf below 2) and ten times rarer than another form (a misspelling copied by two outlets
is not canonical). A form found in one outlet only, while another form dominates or it is such a
slip, is marked as a likely misspelling.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import DamerauLevenshtein
from rapidfuzz.process import cdist
from wordfreq import zipf_frequency

# Capitalised words inside a sentence (not its first word), taken together when they follow each
# other: a cheap proxy for a name, enough to find two spellings of one (spaCy's recogniser splits
# rare misspellings unpredictably), and a given name is compared with its surname.
_NAME = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]{3,}(?:-[A-Z][a-z]+)?(?: [A-Z][a-z]+(?:-[A-Z][a-z]+)?)*\b")
_LOWER_WORD = re.compile(r"\b[a-z]{4,}\b")
# Titles and roles taken off a name ("Mr Wang" and "Wang" name one person). Abbreviations go
# wherever they are; a word such as "General" or "President" only when a full name follows it
# ("General Motors" stays whole).
_ABBREVIATED_TITLES = frozenset("mr mrs ms dr prof sir gen col lt sgt capt adm sen rep gov".split())
_TITLES = _ABBREVIATED_TITLES | frozenset(
    """miss president minister secretary chairman chairwoman chair leader senator representative governor
    ambassador envoy judge justice speaker director spokesman spokeswoman mayor king queen prince
    princess pope general admiral premier chancellor commissioner attorney""".split()
)
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
    """``mention`` without the titles and roles before (or abbreviated after) the name."""
    words = mention.replace(".", " ").split()
    while words and words[-1].lower() in _ABBREVIATED_TITLES:
        words.pop()
    titles = [i for i, word in enumerate(words) if word.lower() in _TITLES]
    last = titles[-1] if titles else -1
    if last >= 0 and (len(words) - last - 1 >= 2 or words[last].lower() in _ABBREVIATED_TITLES):
        words = words[last + 1 :]
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
        return True  # hyphens or spaces: "Trans-Pacific"/"Trans Pacific"
    own, other = _differing_words(first, second)
    return min(_zipf(own), _zipf(other)) < _COMMON_ZIPF  # else two common words: "Medicare"/"Medicaid"


def _differing_words(first: str, second: str) -> tuple[str, str]:
    """The words of each name that the other lacks ("vicente", "vincente" of two "... Fox")."""
    a, b = first.split(), second.split()
    return " ".join(w for w in a if w not in b) or first, " ".join(w for w in b if w not in a) or second


def _letters(name: str) -> str:
    return re.sub(r"\W", "", name)


def _zipf(words: str) -> float:
    """How common ``words`` are in English, on wordfreq's Zipf scale (0 unknown, 3 once a million words)."""
    return zipf_frequency(words, "en")


# English endings that make another word of one stem (NewsWCL50 event 1 listed "Democratic" /
# "Democrats" as two spellings of one name: two edits apart, neither a prefix of the other; event 3
# "Democrats" / "Democracy" and "President" / "Presidency"; "Honduras" / "Honduran").
_ENDINGS = frozenset(
    "s es ic ics ian ians an ans as o ism ist ists ese ish i t ts cy cies ce ces ty ties al als ial".split()
) | {""}
_SHORTEST_STEM = 3


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
    suspect = next((f for f in ordered[1:] if spread(f)[0] == 1 and (f in rare or spread(canonical) > spread(f))), None)
    return NameVariant(canonical, forms, suspect)
