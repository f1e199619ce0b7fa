"""WARC files written here with warcio's own writer, then read back (whole, over the cap, truncated)."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from synoptic.errors import IngestError, InputTooLarge
from synoptic.ingest.warc import iter_warc
from synoptic.model import InputKind, RawDocument

RECEIVED = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
CAP = 100_000

ORCHARD = b"<html><head><title>Orchard harvest</title></head><body><p>Apple pickers started early.</p></body></html>"
LIBRARY = b"<html><head><title>Library hours</title></head><body><p>The library now opens at eight.</p></body></html>"
XHTML = b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Tram line extended to the port.</p></body></html>'


def http(status: str, content_type: str, *extra: tuple[str, str]) -> StatusAndHeaders:
    return StatusAndHeaders(status, [("Content-Type", content_type), *extra], protocol="HTTP/1.1")


def chunked(data: bytes, size: int = 40) -> bytes:
    """``data`` in HTTP/1.1 chunked transfer coding."""
    parts = [b"%x\r\n%s\r\n" % (len(data[i : i + size]), data[i : i + size]) for i in range(0, len(data), size)]
    return b"".join(parts) + b"0\r\n\r\n"


def write_warc(path: Path, records: list[dict[str, object]], compress: bool) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=compress)
        for spec in records:
            payload = bytes(spec.get("payload", b""))  # type: ignore[call-overload]
            record = writer.create_warc_record(
                str(spec["uri"]),
                str(spec.get("type", "response")),
                payload=BytesIO(payload),
                length=len(payload),  # a known length: warcio buffers in no temporary file
                http_headers=spec.get("http"),
                warc_headers_dict=spec.get("warc", {}),
            )
            writer.write_record(record)


def page(
    uri: str, body: bytes, date: str = "2024-05-01T08:00:00Z", content_type: str = "text/html"
) -> dict[str, object]:
    return {"uri": uri, "payload": body, "http": http("200 OK", content_type), "warc": {"WARC-Date": date}}


MIXED = [
    {"uri": "", "type": "warcinfo", "payload": b"software: synoptic tests\r\n",
     "warc": {"Content-Type": "application/warc-fields"}},
    {"uri": "http://news.test/orchard", "type": "request",
     "http": StatusAndHeaders("GET /orchard HTTP/1.1", [("Host", "news.test")], is_http_request=True)},
    page("http://news.test/orchard", ORCHARD, content_type="text/html; charset=utf-8"),
    {"uri": "http://news.test/logo.png", "payload": b"\x89PNG\r\n\x1a\n fake image",
     "http": http("200 OK", "image/png")},
    {"uri": "http://news.test/missing", "payload": b"<html>not found</html>",
     "http": http("404 Not Found", "text/html")},
    {"uri": "http://news.test/old", "payload": b"",
     "http": http("301 Moved Permanently", "text/html", ("Location", "/new"))},
    page("http://news.test/tram", XHTML, date="2024-05-01T08:05:30.250Z", content_type="application/xhtml+xml"),
    {"uri": "http://news.test/library", "payload": chunked(gzip.compress(LIBRARY)),
     "http": http("200 OK", "text/html", ("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")),
     "warc": {"WARC-Date": "not a date"}},
    {"uri": "http://news.test/orchard", "type": "metadata", "payload": b"via: crawler\r\n",
     "warc": {"Content-Type": "application/warc-fields"}},
]  # fmt: skip


@pytest.mark.parametrize("compress", [False, True], ids=["warc", "warc.gz"])
def test_yields_the_html_pages_and_skips_the_rest(tmp_path: Path, compress: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    write_warc(path, MIXED, compress)
    orchard, tram, library = iter_warc(path, CAP, RECEIVED)

    assert isinstance(orchard, RawDocument)
    assert orchard.kind is InputKind.HTML
    assert orchard.url == "http://news.test/orchard"
    assert orchard.content == ORCHARD
    assert orchard.received_at == datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
    assert orchard.fields == {}

    assert isinstance(tram, RawDocument)
    assert tram.content == XHTML
    assert tram.received_at == datetime(2024, 5, 1, 8, 5, 30, 250_000, tzinfo=UTC)

    assert isinstance(library, RawDocument)
    assert library.content == LIBRARY  # chunked and gzip transfer decoded
    assert library.received_at == RECEIVED  # the record's WARC-Date cannot be read

    data = path.read_bytes()
    for document in (orchard, tram, library):
        name, offset = document.source.rsplit("#", 1)
        assert name == str(path)
        start = data[int(offset) :]
        assert start.startswith(b"\x1f\x8b") if compress else start.startswith(b"WARC/1.0\r\n")
        if compress:
            assert gzip.decompress(start).startswith(b"WARC/1.0\r\n")


@pytest.mark.parametrize("compress", [False, True], ids=["warc", "warc.gz"])
def test_a_page_over_the_cap_is_an_error_and_the_rest_continue(tmp_path: Path, compress: bool) -> None:
    path = tmp_path / "big.warc"
    big = b"<html><body>" + b"<p>word</p>" * 1000 + b"</body></html>"
    write_warc(path, [page("http://news.test/big", big), page("http://news.test/orchard", ORCHARD)], compress)
    too_large, orchard = iter_warc(path, 1000, RECEIVED)
    assert isinstance(too_large, InputTooLarge)
    assert too_large.subject == f"{path}#0"
    assert "1000 bytes" in too_large.reason
    assert isinstance(orchard, RawDocument)
    assert orchard.content == ORCHARD


def three_pages(path: Path, compress: bool) -> bytes:
    pages = [page(f"http://news.test/{n}", body) for n, body in enumerate((ORCHARD, LIBRARY, XHTML))]
    write_warc(path, pages, compress)
    return path.read_bytes()


@pytest.mark.parametrize("compress", [False, True], ids=["warc", "warc.gz"])
def test_a_truncated_archive_keeps_the_records_before_the_cut(tmp_path: Path, compress: bool) -> None:
    path = tmp_path / ("cut.warc.gz" if compress else "cut.warc")
    whole = three_pages(path, compress)
    third = whole.rindex(b"\x1f\x8b" if compress else b"WARC/1.0")
    path.write_bytes(whole[: third + (len(whole) - third) // 2])  # cut in the middle of the third record

    *documents, error = iter_warc(path, CAP, RECEIVED)
    assert [d.content for d in documents if isinstance(d, RawDocument)] == [ORCHARD, LIBRARY]
    assert type(error) is IngestError
    assert error.subject == str(path)
    assert error.reason.startswith("archive is truncated or corrupt after 2 records")


@pytest.mark.parametrize("compress", [False, True], ids=["warc", "warc.gz"])
@pytest.mark.parametrize("keep", [0.1, 0.3, 0.5, 0.7, 0.9])
def test_no_cut_yields_a_partial_page(tmp_path: Path, compress: bool, keep: float) -> None:
    path = tmp_path / "cut.warc"
    whole = three_pages(path, compress)
    path.write_bytes(whole[: int(len(whole) * keep)])
    items = list(iter_warc(path, CAP, RECEIVED))
    documents = [item for item in items if isinstance(item, RawDocument)]
    assert all(d.content in (ORCHARD, LIBRARY, XHTML) for d in documents)
    assert type(items[-1]) is IngestError
    assert f"after {len(documents)} record" in items[-1].reason


def test_a_file_that_is_not_a_warc_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_bytes(b"These are just some notes, not an archive.\n")
    (error,) = iter_warc(path, CAP, RECEIVED)
    assert type(error) is IngestError
    assert str(error).startswith(f"{path}: archive is truncated or corrupt after 0 records")


def test_an_empty_file_yields_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.warc"
    path.write_bytes(b"")
    assert list(iter_warc(path, CAP, RECEIVED)) == []
