"""Cheap lexical features of one article, computed once at ingest for story clustering.

An article becomes a bag of weighted *terms*: content words (lower-cased, plural-stripped, English
stop words dropped), entity proxies (runs of capitalised words, kept whole as one term besides
their words), numbers and calendar dates. Each occurrence counts with the weight of its *zone*:
the title above the lead (its first sentences) above the rest of the body, because a report
names its event first. Inverse document frequencies are not applied here: they are learned from
the stream by the clusterer, so this step stays a pure function of one article.

Term prefixes keep the kinds apart: ``e:`` an entity phrase, ``n:`` a number, ``d:`` a date.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

# Zone weights: one occurrence in the title counts TITLE_WEIGHT, in the lead LEAD_WEIGHT, in the
# body 1. From evaluate_clustering (5 orders): title/lead 1/1 -> B³-F1 ECB+ 0.908, BASIL+NewsWCL50
# 0.953; 3/2 -> 0.910, 0.973; 5/3 -> 0.909, 0.976.
TITLE_WEIGHT = 3.0
LEAD_WEIGHT = 2.0
# The lead: the first LEAD_SENTENCES sentences of the body (news style puts who/what/where there).
LEAD_SENTENCES = 3
# Extra weight of a word that is part of an entity proxy (a capitalised run), on top of its count:
# names tell two similar events apart (two earthquakes, two trials). From evaluate_clustering:
# 0 / 1 / 2 -> B³-F1 BASIL+NewsWCL50 0.966 / 0.973 / 0.974, ECB+ within 0.002, all three 0.930 / 0.929 / 0.923.
ENTITY_BOOST = 1.0
# Below this many words an article is flagged "tiny text": too little for a reliable match.
# ECB+ holds real wire briefs of 8-25 words, so a short text is still clustered, only flagged.
TINY_WORDS = 25
# A sentence with more than this share of its content words capitalised is in Title Case (a
# headline, a byline): its capitals say nothing about names. Set by reading ECB+ headlines.
TITLE_CASE_SHARE = 0.7
# Fewer content terms than this and the article is left as a single-article story.
MIN_TERMS = 3

ENTITY, NUMBER, DATE = "e:", "n:", "d:"

_STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because been before
    being below between both but by can could did didn't do does doesn't doing don't down during each
    few for from further had has hasn't have haven't having he he'd he'll he's her here hers herself him
    himself his how i i'd i'll i'm i've if in into is isn't it it's its itself just let's me more most
    mr mrs ms my myself no nor not now of off on once only or other our ours ourselves out over own
    same she she'd she'll she's should so some such than that that's the their theirs them themselves
    then there there's these they they'd they'll they're they've this those through to too under until
    up very was wasn't we we'd we'll we're we've were weren't what what's when where which while who
    who's whom why will with won't would you you'd you'll you're you've your yours yourself yourselves
    said says say told according one two new would could also like just get got year years""".split()
)
_MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# Words capitalised by convention rather than because they name something.
_NOT_NAMES = _STOP_WORDS | frozenset(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    january february march april june july august september october november december
    mon tue tues wed thu thur thurs fri sat sun am pm et est edt ct cst cdt mt pt pst pdt gmt utc bst""".split()
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")
# A sentence piece that ends in a title, an initial or a dotted abbreviation does not end a sentence.
_TITLES = "Mr|Mrs|Ms|Dr|St|Sr|Jr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Prof|No|Mt|Ft"
_MONTH_ABBREVIATIONS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
_ABBREVIATION = re.compile(rf"(?:\b(?:{_TITLES}|{_MONTH_ABBREVIATIONS})|\b[A-Z]|\b(?:[A-Z]\.)+[A-Z])\.$")
_TOKEN = re.compile(r"(?P<num>\d+(?:[.,:]\d+)*)|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


@dataclass(frozen=True)
class NewsItem:
    """One article as the clusterer sees it (a thin view of ``synoptic.model.Article``).

    ``published`` is the article's own date; ``ingested`` the time it was received, used in its
    place when the article is undated. An item with neither is *timeless*: no window applies.
    """

    id: str
    text: str
    title: str = ""
    published: datetime | None = None
    outlet: str | None = None
    language: str | None = None
    ingested: datetime | None = None

    @property
    def time(self) -> datetime | None:
        """The time the story window is measured on: published, else ingested, else None
        (a naive time is taken as UTC, so that any two times compare)."""
        return as_utc(self.published or self.ingested)


def as_utc(moment: datetime | None) -> datetime | None:
    """``moment`` with a time zone: a naive datetime is taken to be UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Features:
    """The clustering features of one article.

    ``terms`` maps each term to its zone-weighted count; ``entities``, ``numbers`` and ``dates``
    are the prefixed entity, number and date terms among them; ``flags`` say why the article
    may cluster badly (empty or tiny text, another language, no date).
    """

    terms: dict[str, float]
    entities: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()
    dates: frozenset[str] = frozenset()
    words: int = 0
    flags: tuple[str, ...] = field(default=())


def extract_features(item: NewsItem) -> Features:
    """The features of ``item``: weighted terms of its title, lead and body, and its flags."""
    title, body = _split_title(item)
    sentences = [(weight, _tokens(sentence)) for weight, sentence in _zones(title, body)]
    names = _name_words(tokens for _, tokens in sentences[1 if title else 0 :])
    terms: dict[str, float] = {}
    for weight, tokens in sentences:
        _add_sentence(terms, tokens, weight, names)
    words = sum(len(tokens) for _, tokens in sentences)
    return Features(
        terms=terms,
        entities=frozenset(t for t in terms if t.startswith(ENTITY)),
        numbers=frozenset(t for t in terms if t.startswith(NUMBER)),
        dates=frozenset(t for t in terms if t.startswith(DATE)),
        words=words,
        flags=_flags(item, words, terms),
    )


Tokens = list[tuple[str, bool]]


def _tokens(sentence: str) -> Tokens:
    """(token, is_number) pairs of one sentence."""
    return [(m.group(), m.lastgroup == "num") for m in _TOKEN.finditer(sentence)]


def _name_words(sentences: Iterable[Tokens]) -> frozenset[str]:
    """Lower-cased words the body capitalises inside a prose sentence: the article's names.

    Only there is a capital informative; at a sentence start, in a headline or in capitals it
    is convention ("Former", "Posted", "BREAKING"). Time-of-day abbreviations are never names.
    """
    names = set()
    for tokens in sentences:
        if _is_shouting(tokens):
            continue
        for token, is_number in tokens[1:]:
            if not is_number and token[:1].isupper() and token.lower() not in _NOT_NAMES:
                names.add(token.lower())
    return frozenset(names)


def _split_title(item: NewsItem) -> tuple[str, str]:
    """Title and body, normalised; a body that repeats the title first loses that repeat."""
    title = _normalise(item.title or "")
    body = _normalise(item.text or "")
    if title and body.startswith(title):
        body = body[len(title) :].lstrip()
    return title, body


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_QUOTES).strip()


def _zones(title: str, body: str) -> Iterator[tuple[float, str]]:
    """(weight, sentence) for the title, then each sentence of the body."""
    if title:
        yield TITLE_WEIGHT, title
    for index, sentence in enumerate(split_sentences(body)):
        yield (LEAD_WEIGHT if index < LEAD_SENTENCES else 1.0), sentence


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``: cut after . ! ? before a capital or digit, and at line breaks,
    but not after a title or an initial ("Mr. Wang", "Michael T. Flynn", "U.S. officials")."""
    sentences: list[str] = []
    for part in _SENTENCE_END.split(text):
        part = part.strip()
        if not part:
            continue
        if sentences and _ABBREVIATION.search(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {part}"
        else:
            sentences.append(part)
    return sentences


def _add_sentence(terms: dict[str, float], tokens: Tokens, weight: float, names: frozenset[str]) -> None:
    """Add the terms of one sentence to ``terms`` with ``weight``."""
    entity = {i for i, (t, n) in enumerate(tokens) if not n and t[:1].isupper() and t.lower() in names}
    for index, (token, is_number) in enumerate(tokens):
        if is_number:
            _bump(terms, NUMBER + token.replace(",", ""), weight)
            continue
        if index in entity:
            name = _name_term(token)
            _bump(terms, name, weight * (1.0 + ENTITY_BOOST))
            _bump(terms, ENTITY + name, weight)
            continue
        term = _content_term(token)
        if term is not None:
            _bump(terms, term, weight)
    for date in _dates(tokens):
        _bump(terms, DATE + date, weight)
    for start, end in _runs(entity):
        if end - start > 1:
            _bump(terms, ENTITY + " ".join(_name_term(t) for t, _ in tokens[start:end]), weight)


def _bump(terms: dict[str, float], term: str, weight: float) -> None:
    terms[term] = terms.get(term, 0.0) + weight


@functools.lru_cache(maxsize=1 << 16)
def _content_term(token: str) -> str | None:
    """The term of a word token, or None for a stop word or a single letter (cached: hot path)."""
    term = normalise_word(token)
    return None if term in _STOP_WORDS or len(term) < 2 else term


def _name_term(token: str) -> str:
    """A name's term: lower case, possessive dropped, but no plural folding ("Ines", "Texas")."""
    word = token.lower().replace("’", "'")
    return word[:-2] if word.endswith("'s") else word


def normalise_word(token: str) -> str:
    """Lower case, possessive and plural endings stripped: ``Earthquakes`` -> ``earthquake``."""
    word = token.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is", "ies")):
        return word
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1]


def _is_shouting(tokens: Tokens) -> bool:
    """A sentence set in capitals or in Title Case (a headline, a dateline): capitals name nothing there."""
    words = [t for t, is_number in tokens if not is_number and t.lower() not in _STOP_WORDS]
    if len(words) < 3:
        return False
    upper = sum(t.isupper() for t in words)
    capitalised = sum(t[:1].isupper() for t in words)
    return upper > len(words) / 2 or capitalised > len(words) * TITLE_CASE_SHARE


def _runs(indexes: set[int]) -> Iterator[tuple[int, int]]:
    """Maximal runs of consecutive indexes, as (start, end) half-open ranges."""
    start = previous = None
    for index in sorted(indexes):
        if start is None or previous is None or index != previous + 1:
            if start is not None and previous is not None:
                yield start, previous + 1
            start = index
        previous = index
    if start is not None and previous is not None:
        yield start, previous + 1


def _dates(tokens: Tokens) -> Iterator[str]:
    """Calendar dates written "December 19" or "19 December" as ``<month>-<day>`` strings."""
    for index, (token, is_number) in enumerate(tokens):
        month = _MONTHS.get(token.lower()) if not is_number and token[:1].isupper() else None
        if month is None:
            continue
        for neighbour in (index + 1, index - 1):
            if 0 <= neighbour < len(tokens) and tokens[neighbour][1] and _is_day(tokens[neighbour][0]):
                yield f"{month:02d}-{int(tokens[neighbour][0]):02d}"
                break


def _is_day(token: str) -> bool:
    return token.isdigit() and 1 <= int(token) <= 31


def _flags(item: NewsItem, words: int, terms: dict[str, float]) -> tuple[str, ...]:
    """Why this article may cluster badly, as short reason strings."""
    flags = []
    if words == 0:
        flags.append("empty text")
    elif words < TINY_WORDS:
        flags.append(f"tiny text ({words} words)")
    if words and len(terms) < MIN_TERMS:
        flags.append("too few content terms")
    if item.language and not item.language.lower().startswith("en"):
        flags.append(f"language {item.language}: English stop words only")
    if item.published is None:
        flags.append("no date: ingest time used" if item.ingested else "no date: no window")
    return tuple(flags)
