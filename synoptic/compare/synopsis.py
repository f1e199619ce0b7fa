"""The synopsis of one story: the outlets' accounts laid side by side.

``build_synopsis`` is the compare stage in one function: split each article into statements,
find its quotes, align statements into facts, group quote variants, look for conflicts and name
variants. Wire copies count as one source: a fact only a copy group reports is an exclusive of
that group, whose origin is named.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial

from synoptic.analyze.article import ArticleAnalysis, KnownEncodings, analyze_texts
from synoptic.analyze.sentences import Sentence
from synoptic.analyze.workers import start
from synoptic.compare.conflicts import Conflict, Statement, find_conflicts
from synoptic.compare.names import NameVariant, name_mentions, name_variants, name_words, same_person, spelling_key
from synoptic.compare.similarity import align_statements
from synoptic.compare.variants import QuoteGroup, QuoteInArticle, group_quotes

SCHEMA = "synoptic.synopsis/1"
# Bump when the comparison changes what it finds: stored synopses made by another version are redone.
COMPARE_VERSION = "5"


@dataclass(frozen=True)
class StoryArticle:
    """One article of the story, as the synopsis sees it."""

    id: str
    outlet: str
    title: str
    text: str
    url: str | None = None
    published: datetime | None = None


@dataclass(frozen=True)
class Fact:
    """Statements of different articles that report the same thing, and who reports it."""

    id: str
    statements: tuple[Statement, ...]
    support: tuple[str, ...]  # outlets
    sources: int  # independent sources: a wire-copy group counts once
    exclusive: bool


@dataclass(frozen=True)
class Synopsis:
    """All of the comparison of one story."""

    articles: tuple[StoryArticle, ...]
    sentences: Mapping[str, tuple[Sentence, ...]]
    facts: tuple[Fact, ...]
    quotes: tuple[QuoteGroup, ...]
    conflicts: tuple[Conflict, ...]
    name_variants: tuple[NameVariant, ...]
    copies: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (origin, members)
    omissions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # outlet -> fact ids


def build_synopsis(
    articles: Sequence[StoryArticle],
    copies: Sequence[tuple[str, Sequence[str]]] = (),
    analyses: Mapping[str, ArticleAnalysis] | None = None,
    workers: int = 1,
) -> Synopsis:
    """Compare the articles of one story; ``copies`` are its wire-copy groups (origin, members).

    ``analyses`` gives the articles' analyses by article id where they were computed before; the
    others are computed here, on ``workers`` processes. With more than one, the quotes are grouped
    in a worker while this process aligns the facts.
    """
    analyses = _complete(articles, analyses or {}, workers)
    sentences = {a.id: analyses[a.id].sentences for a in articles}
    outlet_of = {a.id: a.outlet for a in articles}
    source_of = _sources(articles, copies)
    grouped = start(partial(group_quotes, _quotes(articles, analyses)), workers)  # meanwhile, facts here
    encoder = KnownEncodings(list(analyses.values()))
    aligned = align_statements({a: [s.text for s in ss] for a, ss in sentences.items()}, encoder)
    facts = tuple(_fact(i, members, sentences, outlet_of, source_of) for i, members in enumerate(aligned, 1))
    statements = {a: [Statement(a, i, s.text) for i, s in enumerate(ss)] for a, ss in sentences.items()}
    shared = [f.statements for f in facts if len(f.statements) > 1]
    return Synopsis(
        articles=tuple(articles),
        sentences=sentences,
        facts=facts,
        quotes=tuple(grouped()),
        conflicts=tuple(find_conflicts(shared, statements)),
        name_variants=tuple(name_variants(name_mentions({a.id: a.text for a in articles}), outlet_of)),
        copies=tuple((origin, tuple(members)) for origin, members in copies),
        omissions=_omissions(facts, articles),
    )


def _complete(articles: Sequence[StoryArticle], known: Mapping[str, ArticleAnalysis],
              workers: int) -> dict[str, ArticleAnalysis]:  # fmt: skip
    """The analysis of every article: those known, and the others computed now."""
    missing = [a for a in articles if a.id not in known]
    computed = analyze_texts([a.text for a in missing], workers)
    return {**known, **{a.id: analysis for a, analysis in zip(missing, computed, strict=True)}}


def _sources(articles: Sequence[StoryArticle], copies: Sequence[tuple[str, Sequence[str]]]) -> dict[str, str]:
    source = {a.id: a.id for a in articles}
    for origin, members in copies:
        for member in members:
            source[member] = origin
    return source


def _fact(number: int, members: Sequence[tuple[str, int]], sentences: Mapping[str, tuple[Sentence, ...]],
          outlet_of: Mapping[str, str], source_of: Mapping[str, str]) -> Fact:  # fmt: skip
    statements = tuple(Statement(a, i, sentences[a][i].text) for a, i in members)
    support = tuple(dict.fromkeys(outlet_of[a] for a, _ in members))
    sources = len({source_of[a] for a, _ in members})
    return Fact(f"f{number}", statements, support, sources, exclusive=sources == 1)


def _quotes(articles: Sequence[StoryArticle], analyses: Mapping[str, ArticleAnalysis]) -> list[QuoteInArticle]:
    found = []
    for article in articles:
        for quote in analyses[article.id].quotes:
            sentence = article.text[quote.sentence_start : quote.sentence_end]
            found.append(QuoteInArticle(article.id, quote, sentence))
    return _merge_speakers(found)


def _merge_speakers(quotes: list[QuoteInArticle]) -> list[QuoteInArticle]:
    """One person across outlets. Spellings that differ only in case, spaces, hyphens or full
    stops ("Kim Jong-un", "Kim Jong Un") take the most used one; then a name that is part of a
    fuller one ("Oshima", "Kenzo Oshima") takes the fuller one when exactly one fits, the fullest
    first so that a chain ends at the full name ("Lind" → "Ana Lind" → "Ana Maria Lind")."""
    counts = Counter(q.quote.speaker for q in quotes if q.quote.speaker)
    spellings: defaultdict[str, list[str]] = defaultdict(list)
    for name in counts:
        spellings[spelling_key(name)].append(name)
    same = {name: min(group, key=lambda n: (-counts[n], n)) for group in spellings.values() for name in group}
    names = set(same.values())
    fuller: dict[str, str] = {}
    for name in sorted(names, key=lambda n: (len(name_words(n)), n), reverse=True):
        fits = {fuller.get(other, other) for other in names
                if len(name_words(other)) > len(name_words(name)) and same_person(name, other)}  # fmt: skip
        if len(fits) == 1:
            fuller[name] = fits.pop()
    merged = {name: fuller.get(same[name], same[name]) for name in counts}
    return [
        replace(q, quote=replace(q.quote, speaker=merged[q.quote.speaker]))
        if q.quote.speaker and merged[q.quote.speaker] != q.quote.speaker
        else q
        for q in quotes
    ]


def _omissions(facts: Sequence[Fact], articles: Sequence[StoryArticle]) -> dict[str, tuple[str, ...]]:
    """For each outlet, the facts two or more sources report that it does not."""
    missing: defaultdict[str, list[str]] = defaultdict(list)
    outlets = list(dict.fromkeys(a.outlet for a in articles))
    for fact in facts:
        if fact.sources >= 2:
            for outlet in outlets:
                if outlet not in fact.support:
                    missing[outlet].append(fact.id)
    return {outlet: tuple(missing[outlet]) for outlet in outlets}
