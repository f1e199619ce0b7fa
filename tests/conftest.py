"""Shared fixtures: the real data in ../shared, and a real PostgreSQL server for store tests."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import pytest
import sqlalchemy

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DATA = SHARED / "data"
SEEDS = SHARED / "seeds"


def require_shared(path: Path) -> Path:
    """``path`` under ../shared, or skip the test with a message saying what is missing."""
    if not path.exists():
        pytest.skip(f"needs the shared data set at {path} (clone the project with ../shared beside it)")
    return path


@pytest.fixture(scope="session")
def seeds() -> list[Path]:
    return sorted(require_shared(SEEDS).glob("*.txt"))


@pytest.fixture(scope="session")
def real_article_text() -> str:
    """The text of one real news article (NewsWCL50), for tests that build bad files from it."""
    path = require_shared(DATA / "newswcl50" / "1-raw-articles" / "event_1" / "1_L.txt")
    return path.read_text(encoding="utf-8")


def _postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        return Path(pg_ctl).resolve().parent
    raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found: `make test` installs them with apt")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A throw-away PostgreSQL server on loopback for this test session; yields its base URL."""
    bindir = _postgres_bin()
    root = Path(tempfile.mkdtemp(prefix="synoptic-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(root, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", _free_port()
    run = lambda *args: subprocess.run([*as_user, *args], check=True, capture_output=True)  # noqa: E731
    run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "synoptic", "-E", "UTF8", "--locale=C.UTF-8")
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    run(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start")
    try:
        yield f"postgresql+psycopg://synoptic@127.0.0.1:{port}"
    finally:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


_database_numbers = count()


def new_postgres_database(server: str) -> str:
    """A new empty database on the test server; returns its URL."""
    name = f"test_{os.getpid()}_{next(_database_numbers)}"
    engine = sqlalchemy.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return f"{server}/{name}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh empty database, once on SQLite and once on the PostgreSQL test server."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    return new_postgres_database(request.getfixturevalue("postgres_server"))
