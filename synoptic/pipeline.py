"""The pipeline, start to end: inputs → raw documents → articles → store → stories.

This is the loop to read first. Every input becomes exactly one Outcome (stored, duplicate or
failed with a typed reason); nothing a single input does can stop the batch. Each article is
stored in its own transaction together with its raw input, so an interrupted run leaves a
consistent database and running it again completes it without duplicates.

``cluster`` then places every article that is in no story yet, oldest first, with the story
clusterer and copy detector warmed up from the stories already stored around the same time. An
article is in a story once its placement is written, so an interrupted run resumes where it
stopped; user corrections (pinned placements) are never undone.

``story_synopsis`` compares a stored story's articles. Each article text is analysed once
(sentences, quotes, sentence encodings, kept under its content hash) and the synopsis itself is
kept until the story's articles, its copy groups or the analyser change.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import suppress
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from synoptic.analyze.article import (
    ANALYZER_VERSION,
    ArticleAnalysis,
    analysis_from_bytes,
    analysis_to_bytes,
    analyze_texts,
)
from synoptic.cluster import CopyDetector, NewsItem, Placement, StoryClusterer, place
from synoptic.cluster.features import as_utc
from synoptic.compare.synopsis import COMPARE_VERSION, SCHEMA, StoryArticle, build_synopsis
from synoptic.errors import AnalysisError, ExtractionError, IngestError, SynopticError
from synoptic.extract import EXTRACTOR_VERSION, extract
from synoptic.ingest import Item, iter_inputs
from synoptic.ingest.fetch import Fetcher
from synoptic.model import Article, ClusterSummary, IngestSummary, Outcome, RawDocument, Status, StoryMember
from synoptic.present.synopsis_json import synopsis_to_json
from synoptic.settings import Settings
from synoptic.store import Store

# Documents submitted to each extraction process ahead of the one being stored: enough to keep
# the workers busy while this process writes, few enough to bound memory while streaming.
_AHEAD_PER_WORKER = 8
# Articles read from the store per clustering step (bounds memory on a large backlog).
_CLUSTER_BATCH = 500


def ingest(
    inputs: Iterable[str],
    store: Store,
    settings: Settings,
    on_outcome: Callable[[Outcome], None] | None = None,
    outlet: str | None = None,
) -> IngestSummary:
    """Ingest every path, directory and URL in ``inputs`` into ``store``; ``outlet`` names the
    outlet of all of them (otherwise it comes from each record, page or URL)."""
    summary = IngestSummary()
    with Fetcher(settings) as fetcher:
        items = iter_inputs(inputs, settings, fetcher)
        if outlet:
            items = (replace(item, outlet=outlet) if isinstance(item, RawDocument) else item for item in items)
        for outcome in ingest_items(items, store, settings):
            summary.add(outcome)
            if on_outcome:
                on_outcome(outcome)
    return summary


def ingest_items(items: Iterable[Item], store: Store, settings: Settings) -> Iterator[Outcome]:
    """Extract and store raw documents; with ``settings.workers`` > 1, extraction runs on that many
    processes while this one stores, a bounded number of documents ahead."""
    pool = ProcessPoolExecutor(settings.workers) if settings.workers > 1 else None
    ahead = _AHEAD_PER_WORKER * settings.workers if pool else 0
    pending: deque[tuple[RawDocument, Future[Article | SynopticError]]] = deque()
    try:
        for item in items:
            if isinstance(item, IngestError):
                yield failure(item)
            elif (article_id := store.article_for_raw(item.sha256)) is not None:
                yield Outcome(item.source, Status.DUPLICATE, article_id, f"the same input as article {article_id}")
            elif pool is None:
                yield _store(item, extract_safely(item, settings.min_article_words), store)
            else:
                pending.append((item, pool.submit(extract_safely, item, settings.min_article_words)))
            while len(pending) > ahead:
                raw, future = pending.popleft()
                yield _store(raw, future.result(), store)
        while pending:
            raw, future = pending.popleft()
            yield _store(raw, future.result(), store)
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)


def _store(raw: RawDocument, result: Article | SynopticError, store: Store) -> Outcome:
    if isinstance(result, SynopticError):
        return failure(result)
    return store.add(raw, result, EXTRACTOR_VERSION)


def extract_safely(raw: RawDocument, min_words: int) -> Article | SynopticError:
    """``extract``, with every failure returned as a typed error naming the input.

    Extraction runs third-party parsers on hostile input; an unexpected exception there is a
    failed input, not a failed batch.
    """
    try:
        return extract(raw, min_words)
    except SynopticError as error:
        return error
    except Exception as error:  # the boundary that turns any parser crash into a typed failure
        return ExtractionError(f"extraction crashed ({type(error).__name__}: {error})", raw.source)


def failure(error: SynopticError) -> Outcome:
    """The outcome of an input that could not be ingested."""
    return Outcome(error.subject or "?", Status.FAILED, reason=error.reason)


def reextract(
    store: Store, settings: Settings, stale_only: bool = False, on_outcome: Callable[[Outcome], None] | None = None
) -> IngestSummary:
    """Extract stored articles again from their raw inputs (all, or those of an older extractor)."""
    summary = IngestSummary()
    for article_id, raw in store.raw_documents(stale_before=EXTRACTOR_VERSION if stale_only else None):
        result = extract_safely(raw, settings.min_article_words)
        if isinstance(result, SynopticError):
            outcome = failure(result)
        else:
            try:
                store.replace_extraction(article_id, result, EXTRACTOR_VERSION)
                outcome = Outcome(raw.source, Status.STORED, article_id)
            except SynopticError as error:
                outcome = failure(error)
        summary.add(outcome)
        if on_outcome:
            on_outcome(outcome)
    return summary


def cluster(store: Store, settings: Settings) -> ClusterSummary:
    """Place every article that is in no story yet into a story, and record its wire copies."""
    window = timedelta(days=settings.story_window_days) if settings.story_window_days > 0 else None
    run = _ClusterRun(store, StoryClusterer(window, lateness=window), CopyDetector(window, lateness=window), window)
    while batch := store.unclustered(_CLUSTER_BATCH):
        run.warm_up(_event_time(batch[0]), _event_time(batch[-1]))
        for article in batch:
            run.add(article)
    # Undated (no window): nothing ever leaves the window, so the run settles as a closed period.
    run.settle(run.clusterer.flush() if window is None else run.clusterer.settle_live())
    return run.summary


class _ClusterRun:
    """One clustering run: the clusterer's story ids mapped to the store's, and what was done.

    Stories loaded from the store enter the clusterer under their negated id, so that they never
    collide with the (positive) ids it gives the stories it starts; those get a store id when their
    first article is written.
    """

    def __init__(self, store: Store, clusterer: StoryClusterer, copies: CopyDetector,
                 window: timedelta | None) -> None:  # fmt: skip
        self.store, self.clusterer, self.copies, self.window = store, clusterer, copies, window
        self.summary = ClusterSummary()
        self.stored_story: dict[int, int] = {}
        self.held: set[int] = set()
        self.loaded_until: datetime | None = None

    def warm_up(self, first: datetime, last: datetime) -> None:
        """Load the stored stories' articles that articles published in [first, last] may join."""
        start = first - 2 * self.window if self.window else None
        end = last + self.window if self.window else None
        if self.loaded_until is not None:
            start = self.loaded_until if start is None else max(start, self.loaded_until)
        for article, story_id, pinned in self.store.clustered_between(start, end):
            if article.id in self.held:
                continue
            item = _news_item(article)
            self.copies.add(item.id, item.text, item.time)
            self.clusterer.seed(item, -story_id, fixed=pinned)
            self.stored_story[-story_id] = story_id
            self.held.add(article.id or 0)
        self.loaded_until = end

    def add(self, article: Article) -> None:
        """Place one new article and write its story and copy group."""
        placement = place(_news_item(article), self.copies, self.clusterer)
        self.settle(placement.assignment.merged)
        assignment = placement.assignment
        known = self.stored_story.get(assignment.story_id)
        reason = assignment.reason + (f" [{'; '.join(assignment.flags)}]" if assignment.flags else "")
        copy_group = self._copy_group(placement)
        story_id = self.store.assign(article.id or 0, known, assignment.score, reason, copy_group=copy_group)
        self.stored_story[assignment.story_id] = story_id
        self.held.add(article.id or 0)
        self.summary.articles += 1
        self.summary.new_stories += known is None
        self.summary.copies += copy_group is not None
        self.summary.stories_touched.add(story_id)

    def settle(self, merges: tuple[tuple[int, int], ...]) -> None:
        """Apply the clusterer's settling merges ``(absorbed, into)`` to the store."""
        for absorbed, into in merges:
            self.store.settle_story(self.stored_story[absorbed], self.stored_story[into])
            self.summary.stories_touched.discard(self.stored_story[absorbed])
            self.summary.stories_touched.add(self.stored_story[into])
            self.summary.settled += 1

    def _copy_group(self, placement: Placement) -> tuple[int, list[tuple[int, float]]] | None:
        """(origin, [(member, containment in the origin)]) of the copy group the article joined."""
        match = placement.copy
        if match is None:
            return None
        members = [(int(m), self.copies.containment_of(m, match.origin)) for m in match.group if m != match.origin]
        return int(match.origin), members


def _news_item(article: Article) -> NewsItem:
    return NewsItem(
        id=str(article.id),
        text=article.text,
        title=article.title,
        published=article.published,
        outlet=article.outlet.name if article.outlet else None,
        language=article.language,
        ingested=article.ingested_at,
    )


def _event_time(article: Article) -> datetime:
    """The time a story's window is measured on: published, else ingested."""
    moment = as_utc(article.published or article.ingested_at)
    assert moment is not None, "a stored article always has an ingest time"
    return moment


def story_synopsis(store: Store, story_id: int, settings: Settings) -> dict[str, Any]:
    """The synopsis (``synoptic.synopsis/1`` JSON) of a stored story, from the cache when the
    story has not changed; raises NotFound for an unknown story."""
    members = store.story_members(story_id)
    copies = [(str(group.origin), [str(m) for m in group.members]) for group in store.copy_groups(story_id)]
    articles = [_story_article(member.article) for member in members]
    key = _synopsis_key(members, copies)
    cached = store.cached_synopsis(story_id, key)
    if cached is not None:
        return dict(json.loads(zlib.decompress(cached)))
    analyses = _analyses(store, [m.article for m in members], settings)
    synopsis = synopsis_to_json(build_synopsis(articles, copies, analyses, settings.analysis_workers))
    store.save_synopsis(story_id, key, zlib.compress(json.dumps(synopsis).encode("utf-8")))
    return synopsis


def _analyses(store: Store, articles: list[Article], settings: Settings) -> dict[str, ArticleAnalysis]:
    """The analysis of each article (by article id as a string): stored ones read, others made and kept."""
    stored = store.analyses((a.content_hash for a in articles), ANALYZER_VERSION)
    found: dict[str, ArticleAnalysis] = {}
    for article in articles:
        data = stored.get(article.content_hash)
        if data is not None:
            with suppress(AnalysisError):  # unreadable: analysed again below
                found[str(article.id)] = analysis_from_bytes(data, article.text)
    missing = [a for a in articles if str(a.id) not in found]
    for article, analysis in zip(missing, analyze_texts([a.text for a in missing], settings.analysis_workers),
                                 strict=True):  # fmt: skip
        store.save_analysis(article.content_hash, ANALYZER_VERSION, analysis_to_bytes(analysis))
        found[str(article.id)] = analysis
    return found


def _story_article(article: Article) -> StoryArticle:
    return StoryArticle(
        id=str(article.id),
        outlet=outlet_label(article),
        title=article.title,
        text=article.text,
        url=article.url,
        published=article.published,
    )


def outlet_label(article: Article) -> str:
    """The name a synopsis shows for an article's outlet: its outlet, else its file name or URL."""
    if article.outlet is not None:
        return article.outlet.name
    return article.url or Path(article.source).name


def _synopsis_key(members: list[StoryMember], copies: list[tuple[str, list[str]]]) -> str:
    """A digest of everything a story's synopsis is made from, and of the code versions making it."""
    parts = [SCHEMA, COMPARE_VERSION, ANALYZER_VERSION, json.dumps(copies)]
    for member in sorted(members, key=lambda m: m.article.id or 0):
        article = member.article
        parts.append(json.dumps([article.id, article.content_hash, outlet_label(article), article.title, article.url,
                                 article.published.isoformat() if article.published else None]))  # fmt: skip
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
