"""Shared fixtures: the real data in ../shared, and a real PostgreSQL server for store tests."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from synoptic.store.pgtemp import new_database, temporary_postgres

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "data"
SEEDS = SHARED / "seeds"


def require_shared(path: Path) -> Path:
    """``path`` under ../shared. When it is missing the test is skipped with a message saying so,
    except in CI (``CI`` set), where a missing data set is a failure, never a silent pass."""
    if not path.exists():
        message = f"needs the shared data set at {path} (clone the project with ../shared beside it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def shared_path() -> Callable[..., Path]:
    """``shared_path("basil", "articles")`` is ../shared/data/basil/articles (see require_shared)."""
    return lambda *parts: require_shared(DATA.joinpath(*parts))


@pytest.fixture(scope="session")
def seeds() -> list[Path]:
    return sorted(require_shared(SEEDS).glob("*.txt"))


@pytest.fixture(scope="session")
def real_article_text() -> str:
    """The text of one real news article (NewsWCL50), for tests that build bad files from it."""
    path = require_shared(DATA / "newswcl50" / "1-raw-articles" / "event_1" / "1_L.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throw-away PostgreSQL server on loopback for this test session; yields its base URL."""
    with temporary_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh empty database, once on SQLite and once on the PostgreSQL test server."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    return new_database(request.getfixturevalue("postgres_server"))


@pytest.fixture(scope="session")
def spacy_model() -> None:
    """The spaCy model, loaded once: skips where it is not installed, except in CI (a failure there)."""
    from synoptic.analyze import nlp
    from synoptic.errors import AnalysisError

    try:
        nlp.load_model()
    except AnalysisError as error:
        if os.environ.get("CI"):
            pytest.fail(str(error))
        pytest.skip(str(error))
