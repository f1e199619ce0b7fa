"""Web archives (.warc, .warc.gz): one raw HTML document per successful page capture.

Only ``response`` records of HTTP 200 with an HTML content type are documents; every other
record (requests, metadata, images, redirects, errors) is skipped without a message. The
archive is streamed, so memory holds one document at a time. A truncated or corrupt archive
ends with one IngestError; the documents yielded before it stand.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from synoptic.errors import IngestError, InputTooLarge
from synoptic.model import InputKind, RawDocument

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

Item = RawDocument | IngestError


class _Damaged(Exception):
    """The archive cannot be read past this point."""


def iter_warc(path: Path, max_document_bytes: int, received_at: datetime) -> Iterator[RawDocument | IngestError]:
    """HTML pages of a WARC file as raw documents, each named ``<path>#<record offset>``.

    ``received_at`` is used when a record has no readable WARC-Date. A page over
    ``max_document_bytes`` yields InputTooLarge; a damaged archive yields one IngestError that
    says how many records were read.
    """
    records = 0
    with path.open("rb") as handle:
        iterator = ArchiveIterator(handle)
        try:
            for record in _records(iterator):
                content = _read_page(record, max_document_bytes) if _is_html_page(record) else None
                offset = _finish(record, iterator)
                records += 1
                if content is not None:
                    yield _document(record, content, f"{path}#{offset}", max_document_bytes, received_at)
            _check_complete(iterator, path)
        except _Damaged as damage:
            yield IngestError(f"archive is truncated or corrupt after {_plural(records)}: {damage}", str(path))


def _records(iterator: ArchiveIterator) -> Iterator[ArcWarcRecord]:
    """The iterator's records; any failure of the reader itself becomes _Damaged."""
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            return
        # warcio reports damaged input with many exception types (ArchiveLoadFailed, zlib.error,
        # EOFError, and AttributeError from inside its gzip reader), so all of them are caught here.
        except Exception as error:
            raise _Damaged(_describe(error)) from error
        yield record


def _read_page(record: ArcWarcRecord, cap: int) -> bytes:
    """Up to ``cap + 1`` bytes of the payload, decoded from chunked and gzip transfer."""
    try:
        return bytes(record.content_stream().read(cap + 1))
    except Exception as error:  # warcio's payload decoders, as in _records
        raise _Damaged(_describe(error)) from error


def _finish(record: ArcWarcRecord, iterator: ArchiveIterator) -> int:
    """Read the rest of the record and return its offset; _Damaged when it is cut short."""
    try:
        offset = int(iterator.get_record_offset())
    except Exception as error:  # as in _records
        raise _Damaged(_describe(error)) from error
    if record.format != "warc":  # warcio reads any line it cannot parse as the start of an ARC record
        raise _Damaged(f"the data at offset {offset} is not a WARC record")
    declared = record.rec_headers.get_header("Content-Length") or ""
    if not declared.strip().isdigit():  # the headers were cut before Content-Length
        raise _Damaged(f"the record at offset {offset} has no Content-Length")
    if getattr(record.raw_stream, "limit", 0) > 0:  # bytes still owed by the record's Content-Length
        raise _Damaged(f"the record at offset {offset} is cut short")
    return offset


def _document(record: ArcWarcRecord, content: bytes, source: str, cap: int, received_at: datetime) -> Item:
    if len(content) > cap:
        return InputTooLarge(f"page exceeds the limit of {cap} bytes", source)
    url = record.rec_headers.get_header("WARC-Target-URI")
    return RawDocument(source, InputKind.HTML, content, _warc_date(record) or received_at, url=url, fields={})


def _is_html_page(record: ArcWarcRecord) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    media_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return media_type in HTML_TYPES


def _warc_date(record: ArcWarcRecord) -> datetime | None:
    value = record.rec_headers.get_header("WARC-Date")
    if not value:
        return None
    try:
        date = datetime.fromisoformat(value)
    except ValueError:
        return None
    return date if date.tzinfo else date.replace(tzinfo=UTC)


def _check_complete(iterator: ArchiveIterator, path: Path) -> None:
    """Raise _Damaged when bytes are left after the last record (e.g. a gzip member cut in its header)."""
    size = path.stat().st_size
    if iterator.offset < size:
        raise _Damaged(f"{size - iterator.offset} bytes at offset {iterator.offset} are not a complete record")


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _plural(count: int) -> str:
    return f"{count} record" if count == 1 else f"{count} records"
