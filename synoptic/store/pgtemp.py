"""A throw-away PostgreSQL server in a temporary directory, for tests and benchmarks.

It needs the server binaries (Debian's ``postgresql`` package); `make test` installs them.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count
from pathlib import Path

import sqlalchemy

from synoptic.errors import StoreError

_database_numbers = count()


def postgres_bindir() -> Path:
    """The directory holding initdb and pg_ctl."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    if pg_ctl:
        return Path(pg_ctl).resolve().parent
    raise StoreError("PostgreSQL server binaries (initdb, pg_ctl) not found; `make test` installs them", "pg_ctl")


@contextmanager
def temporary_postgres() -> Iterator[str]:
    """Start a PostgreSQL server on a free loopback port; yield its base URL; stop and delete it."""
    bindir = postgres_bindir()
    root = Path(tempfile.mkdtemp(prefix="synoptic-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(root, "postgres", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", _free_port()

    def run(*args: str) -> None:
        subprocess.run([*as_user, *args], check=True, capture_output=True)

    run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "synoptic", "-E", "UTF8", "--locale=C.UTF-8")
    # fsync off: a throw-away server need not survive a power cut, and tests run faster.
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    run(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start")
    try:
        yield f"postgresql+psycopg://synoptic@127.0.0.1:{port}"
    finally:
        subprocess.run(
            [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True
        )
        shutil.rmtree(root, ignore_errors=True)


def new_database(server: str) -> str:
    """Create a new empty database on ``server``; return its URL."""
    name = f"synoptic_{os.getpid()}_{next(_database_numbers)}"
    engine = sqlalchemy.create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return f"{server}/{name}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
