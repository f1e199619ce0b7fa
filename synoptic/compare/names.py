"""Name variants: two spellings of one entity (a misspelling, a transliteration, a dropped title).

Forms are grouped when they are close in spelling but neither is a derivation of the other
("Japan"/"Japanese" are two words, "Pyongyang"/"Pyongang" one name). A form found in one outlet
only, while another form of the same entity dominates (more outlets use it, or as many outlets
but more often), is marked as a likely misspelling.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import DamerauLevenshtein
from rapidfuzz.process import cdist

# Honorifics dropped before comparing ("Mr Wang" and "Wang" name one person).
_TITLES = re.compile(r"^(mr|mrs|ms|miss|dr|prof|sir|gen|col|sen|rep|gov|president|minister)\.?\s+", re.IGNORECASE)
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


def name_variants(mentions: Mapping[str, Sequence[str]], outlets: Mapping[str, str]) -> list[NameVariant]:
    """Entities spelled in more than one way across articles.

    ``mentions`` maps each article id to the entity mentions found in it (names of people,
    places, organisations); ``outlets`` maps each article id to its outlet.
    """
    counts: Counter[str] = Counter()
    where: defaultdict[str, set[str]] = defaultdict(set)
    for article, names in mentions.items():
        for name in names:
            form = _TITLES.sub("", name.strip())
            counts[form] += 1
            where[form].add(article)
    groups = _group_forms(sorted(counts, key=lambda f: (-counts[f], f)))
    return [_variant(group, counts, where, outlets) for group in groups if len(group) > 1]


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
    return allowed > 0 and DamerauLevenshtein.distance(first, second) <= allowed


# English endings that make another word of one stem (NewsWCL50 event 1 listed "Democratic" /
# "Democrats" as two spellings of one name: two edits apart, neither a prefix of the other; event 3
# "Democrats" / "Democracy" and "President" / "Presidency").
_ENDINGS = frozenset(
    "s es ic ics ian ians an ans ism ist ists ese ish i t ts cy cies ce ces ty ties al als ial".split()
) | {""}


def _derivations(first: str, second: str) -> bool:
    """Whether two words are one stem with two English endings."""
    stem = next(
        (i for i, (x, y) in enumerate(zip(first, second, strict=False)) if x != y), min(len(first), len(second))
    )
    return stem >= 4 and first[stem:] in _ENDINGS and second[stem:] in _ENDINGS


def _variant(group: list[str], counts: Counter[str], where: Mapping[str, set[str]],
             outlets: Mapping[str, str]) -> NameVariant:  # fmt: skip
    def spread(form: str) -> tuple[int, int]:
        return len({outlets.get(a, a) for a in where[form]}), counts[form]

    ordered = sorted(group, key=lambda f: (-spread(f)[0], -spread(f)[1], f))
    canonical = ordered[0]  # the form most outlets use, then the most frequent
    forms = tuple(NameForm(f, tuple(sorted(where[f])), counts[f]) for f in ordered)
    suspect = next((f for f in ordered[1:] if spread(f)[0] == 1 and spread(canonical) > spread(f)), None)
    return NameVariant(canonical, forms, suspect)
