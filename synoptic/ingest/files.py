"""Local inputs: files and directories of HTML, text, JSON, JSONL, WARC and feeds."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from synoptic.errors import IngestError, InputTooLarge
from synoptic.model import InputKind, RawDocument

SINGLE_DOCUMENT_SUFFIXES = {
    ".html": InputKind.HTML,
    ".htm": InputKind.HTML,
    ".xhtml": InputKind.HTML,
    ".html.gz": InputKind.HTML,
    ".htm.gz": InputKind.HTML,
    ".txt": InputKind.TEXT,
    ".txt.gz": InputKind.TEXT,
}
RECORD_SUFFIXES = (".json", ".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc", ".warc.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
SUPPORTED_SUFFIXES = (*SINGLE_DOCUMENT_SUFFIXES, *RECORD_SUFFIXES, *WARC_SUFFIXES, *FEED_SUFFIXES)


def suffix_of(path: Path) -> str:
    """The file-type suffix that decides how a file is read (".html.gz" counts as one)."""
    name = path.name.lower()
    return next((s for s in sorted(SUPPORTED_SUFFIXES, key=len, reverse=True) if name.endswith(s)), path.suffix.lower())


def iter_files(path: Path) -> Iterator[Path]:
    """``path`` itself, or every supported file under it (recursively, sorted, hidden ones skipped)."""
    if not path.is_dir():
        yield path
        return
    for child in sorted(path.rglob("*")):
        hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
        if child.is_file() and not hidden and suffix_of(child) in SUPPORTED_SUFFIXES:
            yield child


def read_document(path: Path, max_bytes: int) -> bytes:
    """The bytes of one single-document file (gunzipped when it ends in .gz), within the size cap."""
    size = path.stat().st_size
    if size == 0:
        raise IngestError("empty file (0 bytes)", str(path))
    if size > max_bytes:
        raise InputTooLarge(too_large_reason(size, max_bytes), str(path))
    if path.name.lower().endswith(".gz"):
        return _gunzip(path, max_bytes)
    return path.read_bytes()


def too_large_reason(size: int, max_bytes: int) -> str:
    """The message for an input over the size cap, naming the setting that raises it."""
    return f"{size / 1e6:.1f} MB is over the {max_bytes / 1e6:.1f} MB limit for one document (max_document_bytes)"


def _gunzip(path: Path, max_bytes: int) -> bytes:
    try:
        with gzip.open(path, "rb") as handle:
            content = handle.read(max_bytes + 1)
    except (EOFError, OSError, zlib.error) as error:
        raise IngestError(f"corrupt or truncated gzip file ({error})", str(path)) from error
    if len(content) > max_bytes:
        raise InputTooLarge(f"decompresses to over the {max_bytes / 1e6:.1f} MB limit (max_document_bytes)", str(path))
    if not content:
        raise IngestError("empty file (gzip of 0 bytes)", str(path))
    return content


def single_document(path: Path, max_bytes: int, received_at: datetime) -> RawDocument:
    """One HTML or text file as a raw document."""
    kind = SINGLE_DOCUMENT_SUFFIXES[suffix_of(path)]
    return RawDocument(str(path), kind, read_document(path, max_bytes), received_at)


def iter_records(path: Path, max_bytes: int, received_at: datetime) -> Iterator[RawDocument | IngestError]:
    """Articles of a .json file (an object or an array of objects) or a .jsonl file (one per line)."""
    if suffix_of(path) == ".json":
        yield from _json_records(path, max_bytes, received_at)
        return
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            source = f"{path}:{number}"
            if len(line) > max_bytes:
                yield InputTooLarge(too_large_reason(len(line), max_bytes), source)
            elif line.strip():
                yield RawDocument(source, InputKind.RECORD, line.strip(), received_at)


def _json_records(path: Path, max_bytes: int, received_at: datetime) -> Iterator[RawDocument | IngestError]:
    try:
        data = json.loads(read_document(path, max_bytes))
    except IngestError as error:
        yield error
        return
    except ValueError as error:
        yield IngestError(f"invalid JSON ({error})", str(path))
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        source = f"{path}#{index}" if isinstance(data, list) else str(path)
        yield RawDocument(source, InputKind.RECORD, json.dumps(record, ensure_ascii=False).encode(), received_at)
