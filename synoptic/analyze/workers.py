"""Worker processes with the models loaded, kept up for the next story.

The work of one story is spread over ``workers`` processes (``Settings.analysis_workers``): the
analysis of its articles, then the grouping of its quotes while this process aligns its facts.
A task is a picklable callable of no arguments (a ``functools.partial`` of a module-level function).
A worker that dies (out of memory, killed) or cannot start (a script without a ``__main__`` guard)
breaks the pool: its tasks are then run in this process, and a fresh pool is started next time.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from typing import TypeVar

from synoptic.analyze.embeddings import default_embedder
from synoptic.analyze.nlp import load_model

T = TypeVar("T")


def start(task: Callable[[], T], workers: int) -> Callable[[], T]:
    """Start ``task`` in a worker process when ``workers`` > 1; returns a function that waits for
    its result and returns it. With one worker, or when the pool is broken, that function runs
    ``task`` in this process instead."""
    if workers <= 1:
        return task
    try:
        future: Future[T] = _pool(workers).submit(task)
    except BrokenProcessPool:
        _pool.cache_clear()
        return task

    def result() -> T:
        try:
            return future.result()
        except BrokenProcessPool:
            _pool.cache_clear()
            return task()

    return result


@cache
def _pool(workers: int) -> ProcessPoolExecutor:
    # forkserver: workers start from a clean process, never from one whose model threads are running.
    context = multiprocessing.get_context("forkserver")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_load_models)


def _load_models() -> None:
    load_model()
    default_embedder().load()
