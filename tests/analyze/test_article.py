"""The stored form of an article's analysis gives back exactly what was computed."""

from __future__ import annotations

import numpy as np
import pytest

from synoptic.analyze.article import analysis_from_bytes, analysis_to_bytes, analyze_text
from synoptic.errors import AnalysisError

pytestmark = pytest.mark.slow  # loads spaCy and MiniLM


def test_an_analysis_survives_storage_unchanged(real_article_text: str) -> None:
    analysis = analyze_text(real_article_text)
    assert analysis.quotes
    assert len(analysis.encodings) == len(analysis.sentences) > 10
    stored = analysis_to_bytes(analysis)
    back = analysis_from_bytes(stored, real_article_text)
    assert back.sentences == analysis.sentences
    assert back.quotes == analysis.quotes
    for before, after in zip(analysis.encodings, back.encodings, strict=True):
        assert before.words == after.words
        assert np.array_equal(before.vector, after.vector)
        assert np.array_equal(before.tokens, after.tokens)
        assert after.tokens.dtype == before.tokens.dtype


def test_an_empty_text_has_an_empty_analysis_that_stores() -> None:
    back = analysis_from_bytes(analysis_to_bytes(analyze_text("")), "")
    assert (back.sentences, back.quotes, back.encodings) == ((), (), ())


def test_damaged_bytes_are_an_analysis_error() -> None:
    with pytest.raises(AnalysisError, match="unreadable"):
        analysis_from_bytes(b"not an analysis", "text")


def test_a_broken_worker_pool_falls_back_to_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures.process import BrokenProcessPool

    from synoptic.analyze import article, workers

    class Broken:
        def submit(self, *args: object) -> None:
            raise BrokenProcessPool("a worker died")

    cleared = []
    monkeypatch.setattr(workers, "_pool", lambda workers: Broken())
    monkeypatch.setattr(workers._pool, "cache_clear", lambda: cleared.append(True), raising=False)
    texts = ["The council met on Monday.", "It voted to close the harbour road."]
    analyses = article.analyze_texts(texts, workers=2)
    assert [a.sentences[0].text for a in analyses] == texts
    assert cleared == [True, True]


def test_a_worker_dying_mid_task_leaves_its_task_to_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from synoptic.analyze import article, workers

    class DiesAfterStarting:
        def submit(self, *args: object) -> Future[object]:
            future: Future[object] = Future()
            future.set_exception(BrokenProcessPool("a worker was killed"))
            return future

    cleared = []
    monkeypatch.setattr(workers, "_pool", lambda workers: DiesAfterStarting())
    monkeypatch.setattr(workers._pool, "cache_clear", lambda: cleared.append(True), raising=False)
    texts = ["Ferries resumed on Tuesday.", "The harbour road stayed closed."]
    analyses = article.analyze_texts(texts, workers=2)
    assert [a.sentences[0].text for a in analyses] == texts
    assert cleared == [True, True]


def test_the_longest_texts_go_to_the_workers_first_and_come_back_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    from collections.abc import Callable
    from concurrent.futures import Future

    from synoptic.analyze import article, workers

    handed_out: list[str] = []

    class InProcess:
        def submit(self, task: Callable[[], object]) -> Future[object]:
            handed_out.append(task.args[0])  # type: ignore[attr-defined]  # a functools.partial
            future: Future[object] = Future()
            future.set_result(task())
            return future

    monkeypatch.setattr(workers, "_pool", lambda workers: InProcess())
    texts = ["Rain fell.", "The council met on Monday and voted to close the harbour road.", "Ferries resumed."]
    analyses = article.analyze_texts(texts, workers=2)
    assert handed_out == [texts[1], texts[2], texts[0]]
    assert [a.sentences[0].text for a in analyses] == texts
