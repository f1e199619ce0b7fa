"""`synoptic ingest` end to end on a batch of real and deliberately broken files.

Broken files are made at test time from real articles in ../shared (re-encoded, truncated,
mangled); no news text is invented or kept in the repository.
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

SOME_FAILED = 1


def synoptic(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a child process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "synoptic", *args], capture_output=True, text=True, cwd=cwd, timeout=600
    )


DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def zyte_page(index: int = 0) -> bytes:
    pages = sorted((DATA / "zyte-extraction" / "html").glob("*.html.gz"))
    return gzip.decompress(pages[index].read_bytes())


def count_rows(db: Path, table: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@pytest.fixture
def bad_batch(tmp_path: Path, real_article_text: str, shared_path) -> dict[str, Path]:
    """A directory of two good articles and one file of each kind of bad input."""
    shared_path("zyte-extraction", "html")
    batch = tmp_path / "batch"
    batch.mkdir()
    files = {
        name: batch / name
        for name in (
            "good.txt",
            "good.html",
            "empty.txt",
            "image.html",
            "cp1252.txt",
            "misdeclared.html",
            "truncated.html.gz",
            "malformed.html",
            "huge.txt",
            "records.jsonl",
        )
    }
    files["good.txt"].write_text(real_article_text, encoding="utf-8")
    files["good.html"].write_bytes(zyte_page(0))
    files["empty.txt"].write_bytes(b"")
    files["image.html"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 64)
    # Real text with typographic quotes and dashes, in cp1252: invalid as UTF-8.
    files["cp1252.txt"].write_bytes(_other_article(1).encode("cp1252", errors="replace"))
    body = "".join(f"<p>{p}</p>" for p in _other_article(2).splitlines() if p.strip())
    files["misdeclared.html"].write_bytes(f'<html><head><meta charset="iso-8859-1"></head><body>{body}'.encode())
    files["truncated.html.gz"].write_bytes(gzip.compress(zyte_page(1))[:2000])
    mangled = zyte_page(2).replace(b"</p>", b"").replace(b"</div>", b"</div></div></span>", 5)[:-500] + b"<<p <div"
    files["malformed.html"].write_bytes(mangled)
    with files["huge.txt"].open("wb") as handle:  # 100 MB: over the size cap
        handle.write(real_article_text.encode() * (100_000_000 // len(real_article_text.encode()) + 1))
    records = [
        json.dumps({"text": _other_article(3), "outlet": "Example"}),
        "{not json",
        "[1, 2]",
        json.dumps({"text": ""}),
        "",
    ]
    files["records.jsonl"].write_text("\n".join(records), encoding="utf-8")
    return files


def _other_article(index: int) -> str:
    """A real article with typographic characters (so that an encoding mistake shows)."""
    paths = sorted((DATA / "newswcl50" / "1-raw-articles").glob("event_*/*.txt*"))
    texts = [text for text in (p.read_text(encoding="utf-8") for p in paths) if not text.isascii()]
    return texts[index]


def test_a_bad_batch_stores_the_good_inputs_names_each_bad_one_and_reruns_idempotently(
    tmp_path: Path, bad_batch: dict[str, Path]
) -> None:
    db = tmp_path / "s.db"
    missing = tmp_path / "nowhere.html"
    unsupported = tmp_path / "notes.pdf"
    unsupported.write_bytes(b"%PDF-1.4")
    first = synoptic("ingest", "--db", str(db), str(bad_batch["good.txt"].parent), str(missing), str(unsupported))
    assert first.returncode == SOME_FAILED, first.stderr
    failures = {line for line in first.stderr.splitlines() if line.startswith("failed")}
    expected_reasons = {
        "empty.txt": "empty file",
        "image.html": "binary content",
        "truncated.html.gz": "truncated gzip",
        "huge.txt": "limit for one document",
        "records.jsonl:2": "invalid JSON",
        "records.jsonl:3": "must be an object",
        "records.jsonl:4": "no article text",
        "nowhere.html": "no such file",
        "notes.pdf": "unsupported file type",
    }
    for name, reason in expected_reasons.items():
        assert any(name + ":" in line and reason in line for line in failures), (name, first.stderr)
    assert len(failures) == len(expected_reasons), first.stderr
    # good.txt, good.html, cp1252.txt, misdeclared.html, malformed.html and one JSONL record
    assert "6 ingested, 0 duplicates" in first.stdout
    assert count_rows(db, "articles") == count_rows(db, "raw_documents") == 6

    second = synoptic("ingest", "--db", str(db), str(bad_batch["good.txt"].parent))
    assert second.returncode == SOME_FAILED
    assert "0 ingested, 6 duplicates" in second.stdout
    assert count_rows(db, "articles") == 6


def test_re_encoded_texts_are_stored_with_their_real_characters(tmp_path: Path, bad_batch: dict[str, Path]) -> None:
    db = tmp_path / "s.db"
    synoptic("ingest", "--db", str(db), str(bad_batch["cp1252.txt"]), str(bad_batch["misdeclared.html"]))
    listing = json.loads(synoptic("articles", "--db", str(db), "--json").stdout)
    stored = {
        Path(a["source"]).name: json.loads(synoptic("article", str(a["id"]), "--db", str(db), "--json").stdout)
        for a in listing
    }
    originals = {
        "cp1252.txt": _other_article(1).encode("cp1252", "replace").decode("cp1252"),
        "misdeclared.html": _other_article(2),
    }
    for name, original in originals.items():
        lines = {line.strip() for line in original.splitlines()}
        paragraphs = stored[name]["text"].split("\n")
        assert len(paragraphs) >= 5
        assert all(paragraph in lines for paragraph in paragraphs), name
        assert any(not paragraph.isascii() for paragraph in paragraphs), name  # typographic quotes survived


@pytest.mark.slow
def test_an_ingest_killed_halfway_leaves_a_consistent_database_and_a_rerun_completes_it(
    tmp_path: Path, shared_path
) -> None:
    pages = shared_path("zyte-extraction", "html")
    complete, killed = tmp_path / "complete.db", tmp_path / "killed.db"
    synoptic("ingest", "--db", str(complete), "--quiet", str(pages))
    expected = count_rows(complete, "articles")
    assert expected > 150

    process = subprocess.Popen(
        [sys.executable, "-m", "synoptic", "ingest", "--db", str(killed), "--quiet", str(pages)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not killed.exists() or _articles_or_zero(killed) < 40):
        time.sleep(0.05)
    process.kill()  # SIGKILL: no clean-up of any kind
    process.wait()
    partial = count_rows(killed, "articles")
    assert 40 <= partial < expected
    with sqlite3.connect(killed) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        orphans = "SELECT count(*) FROM raw_documents WHERE id NOT IN (SELECT raw_id FROM articles)"
        assert connection.execute(orphans).fetchone()[0] == 0

    rerun = synoptic("ingest", "--db", str(killed), "--json", str(pages))
    summary = json.loads(rerun.stdout)
    assert summary["duplicates"] >= partial
    assert count_rows(killed, "articles") == expected
    with sqlite3.connect(killed) as a, sqlite3.connect(complete) as b:
        hashes = "SELECT content_hash FROM articles ORDER BY content_hash"
        assert a.execute(hashes).fetchall() == b.execute(hashes).fetchall()


def _articles_or_zero(db: Path) -> int:
    try:
        return count_rows(db, "articles")
    except sqlite3.Error:
        return 0


def test_help_explains_every_command_in_one_line() -> None:
    result = synoptic("--help")
    assert result.returncode == 0
    for command in ("ingest", "articles", "article", "outlets", "reextract", "stats", "evaluate"):
        assert command in result.stdout


def test_an_unknown_article_is_one_clear_error_line(tmp_path: Path) -> None:
    result = synoptic("article", "999", "--db", str(tmp_path / "s.db"))
    assert result.returncode == 2
    assert result.stderr.strip() == "error: article 999: no such article"


def test_the_db_can_come_from_the_environment(tmp_path: Path, real_article_text: str) -> None:
    article = tmp_path / "a.txt"
    article.write_text(real_article_text, encoding="utf-8")
    env = {**os.environ, "SYNOPTIC_DB": str(tmp_path / "env.db")}
    subprocess.run([sys.executable, "-m", "synoptic", "ingest", str(article)], env=env, check=True, capture_output=True)
    assert count_rows(tmp_path / "env.db", "articles") == 1
