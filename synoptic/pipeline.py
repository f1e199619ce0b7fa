"""The ingest pipeline, start to end: inputs → raw documents → articles → store.

This is the loop to read first. Every input becomes exactly one Outcome (stored, duplicate or
failed with a typed reason); nothing a single input does can stop the batch. Each article is
stored in its own transaction together with its raw input, so an interrupted run leaves a
consistent database and running it again completes it without duplicates.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace

from synoptic.errors import ExtractionError, IngestError, SynopticError
from synoptic.extract import EXTRACTOR_VERSION, extract
from synoptic.ingest import Item, iter_inputs
from synoptic.ingest.fetch import Fetcher
from synoptic.model import Article, IngestSummary, Outcome, RawDocument, Status
from synoptic.settings import Settings
from synoptic.store import Store

# Documents submitted to each extraction process ahead of the one being stored: enough to keep
# the workers busy while this process writes, few enough to bound memory while streaming.
_AHEAD_PER_WORKER = 8


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
