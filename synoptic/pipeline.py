"""The ingest pipeline, start to end: inputs → raw documents → articles → store.

This is the loop to read first. Every input becomes exactly one Outcome (stored, duplicate or
failed with a typed reason); nothing a single input does can stop the batch. Each article is
stored in its own transaction together with its raw input, so an interrupted run leaves a
consistent database and running it again completes it without duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import replace
from itertools import islice, repeat

from synoptic.errors import ExtractionError, IngestError, SynopticError
from synoptic.extract import EXTRACTOR_VERSION, extract
from synoptic.ingest import Item, iter_inputs
from synoptic.ingest.fetch import Fetcher
from synoptic.model import Article, IngestSummary, Outcome, RawDocument, Status
from synoptic.settings import Settings
from synoptic.store import Store

# Items extracted together; bounds memory while streaming and keeps the worker processes busy.
_BATCH = 64


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
    """Extract and store raw documents, in batches, on ``settings.workers`` processes."""
    pool = ProcessPoolExecutor(settings.workers) if settings.workers > 1 else None
    try:
        iterator = iter(items)
        while batch := list(islice(iterator, _BATCH)):
            yield from _ingest_batch(batch, store, settings.min_article_words, pool)
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)


def _ingest_batch(batch: list[Item], store: Store, min_words: int, pool: Executor | None) -> Iterator[Outcome]:
    fresh: list[RawDocument] = []
    for item in batch:
        if isinstance(item, IngestError):
            yield failure(item)
        elif (article_id := store.article_for_raw(item.sha256)) is not None:
            yield Outcome(item.source, Status.DUPLICATE, article_id, f"the same input as article {article_id}")
        else:
            fresh.append(item)
    results = (pool.map if pool else map)(extract_safely, fresh, repeat(min_words))
    for raw, result in zip(fresh, results, strict=True):
        if isinstance(result, SynopticError):
            yield failure(result)
        else:
            yield store.add(raw, result, EXTRACTOR_VERSION)


def extract_safely(raw: RawDocument, min_words: int) -> Article | SynopticError:
    """``extract``, with every failure returned as a typed error naming the input.

    Extraction runs third-party parsers on hostile input; an unexpected exception there is a
    failed input, not a failed batch.
    """
    try:
        return extract(raw, min_words)
    except SynopticError as error:
        return error
    except Exception as error:  # noqa: BLE001 - the boundary that turns any parser crash into a typed failure
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
