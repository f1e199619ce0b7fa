"""Fetcher against real servers on loopback; the SSRF guard must refuse before any connection."""

from __future__ import annotations

import gzip
import socket
import time
from http.server import BaseHTTPRequestHandler
from ipaddress import IPv4Address, ip_address
from typing import Any

import pytest

from synoptic.errors import BlockedAddress, FetchError, InputTooLarge
from synoptic.ingest import fetch
from synoptic.ingest.fetch import Fetcher, IPAddress, check_url, is_public_address, literal_address
from synoptic.settings import Settings

from .conftest import LoopbackServer, TlsFiles

PAGE = b"<html><head><title>Harbour reopens</title></head><body><p>The harbour reopened today.</p></body></html>"
LOCAL = Settings(allow_private=True, fetch_timeout=2.0, max_redirects=3, max_document_bytes=10_000)
GUARDED = Settings(allow_private=False, fetch_timeout=2.0, max_redirects=3)


def fetch_url(url: str, settings: Settings = LOCAL, **options: Any) -> fetch.Fetched:
    with Fetcher(settings, **options) as fetcher:
        return fetcher.get(url)


def fixed_resolver(*addresses: str) -> fetch.Resolver:
    """A resolver that answers every host with ``addresses`` (no DNS traffic)."""
    return lambda host, port: [ip_address(a) for a in addresses]


# --- success ---------------------------------------------------------------------------------


def test_fetches_a_page_with_its_type_and_time(server: LoopbackServer) -> None:
    url = server.page("/story", PAGE)
    fetched = fetch_url(url)
    assert fetched.url == url
    assert fetched.content == PAGE
    assert fetched.content_type == "text/html; charset=utf-8"
    assert fetched.fetched_at.tzinfo is not None


def test_sends_the_user_agent_and_the_real_host(server: LoopbackServer, connections: list[Any]) -> None:
    url = f"http://localhost:{server.port}/story"
    server.page("/story", PAGE)
    fetched = fetch_url(url)
    assert fetched.url == url  # the URL asked for, not the IP it was pinned to
    seen = server.requests[0]
    assert seen.headers["User-Agent"] == LOCAL.user_agent
    assert seen.headers["Host"] == f"localhost:{server.port}"
    assert [address[0] for address in connections] == ["127.0.0.1"]


def test_decodes_gzip_content(server: LoopbackServer) -> None:
    url = server.page("/zipped", gzip.compress(PAGE), headers={"Content-Encoding": "gzip"})
    assert fetch_url(url).content == PAGE


def test_fetches_over_ipv6_loopback() -> None:
    try:
        server = LoopbackServer(host="::1")
    except OSError:
        pytest.skip("no IPv6 loopback here")
    try:
        url = server.page("/story", PAGE)
        assert fetch_url(url).content == PAGE
        assert server.requests[0].headers["Host"] == f"[::1]:{server.port}"
    finally:
        server.close()


# --- HTTP errors, timeouts, size ---------------------------------------------------------------


@pytest.mark.parametrize(("status", "reason"), [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")])
def test_an_error_status_is_a_fetch_error(server: LoopbackServer, status: int, reason: str) -> None:
    url = server.page("/broken", b"<html>oops</html>", status=status)
    with pytest.raises(FetchError) as caught:
        fetch_url(url)
    assert caught.value.reason == reason
    assert caught.value.subject == url
    assert not isinstance(caught.value, BlockedAddress)


def test_a_slow_server_times_out(server: LoopbackServer) -> None:
    def slow(request: BaseHTTPRequestHandler) -> None:
        time.sleep(2)

    server.routes["/slow"] = slow
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0\.3 s"):
        fetch_url(server.url("/slow"), Settings(allow_private=True, fetch_timeout=0.3))
    assert time.monotonic() - started < 1.5


def test_a_trickling_server_times_out_as_a_whole(server: LoopbackServer) -> None:
    """Each byte arrives within the read timeout, but the whole body does not arrive in time."""

    def trickle(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.end_headers()
        for _ in range(40):
            request.wfile.write(b"<p>x</p>")
            request.wfile.flush()
            time.sleep(0.1)

    server.routes["/trickle"] = trickle
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0\.5 s"):
        fetch_url(server.url("/trickle"), Settings(allow_private=True, fetch_timeout=0.5))
    assert time.monotonic() - started < 2


def test_a_declared_length_over_the_cap_is_refused(server: LoopbackServer) -> None:
    url = server.page("/huge", b"x" * 10_001)
    with pytest.raises(InputTooLarge, match="10001 bytes exceeds the limit of 10000 bytes") as caught:
        fetch_url(url)
    assert caught.value.subject == url


def test_a_streamed_body_over_the_cap_is_refused(server: LoopbackServer) -> None:
    """No Content-Length: the cap is enforced while reading (the server would send 1 MB)."""

    def endless(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.end_headers()
        for _ in range(256):
            request.wfile.write(b"y" * 4096)

    server.routes["/stream"] = endless
    with pytest.raises(InputTooLarge, match="exceeds the limit of 10000 bytes"):
        fetch_url(server.url("/stream"))


def test_the_cap_applies_to_decompressed_content(server: LoopbackServer) -> None:
    bomb = gzip.compress(b"\0" * 1_000_000)
    assert len(bomb) < 10_000
    url = server.page("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(InputTooLarge):
        fetch_url(url)


def test_a_closed_port_is_a_connection_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="cannot connect to 127.0.0.1"):
        fetch_url(f"http://127.0.0.1:{port}/")


# --- redirects -----------------------------------------------------------------------------------


def test_follows_a_redirect_chain(server: LoopbackServer) -> None:
    server.page("/final", PAGE)
    server.redirect("/second", server.url("/final"), status=301)  # absolute
    start = server.redirect("/first", "/second", status=307)  # relative
    fetched = fetch_url(start)
    assert fetched.url == server.url("/final")
    assert fetched.content == PAGE
    assert server.paths() == ["/first", "/second", "/final"]


def test_too_many_redirects(server: LoopbackServer) -> None:
    url = server.redirect("/loop", "/loop")
    with pytest.raises(FetchError, match=r"too many redirects \(more than 3\)") as caught:
        fetch_url(url)
    assert caught.value.subject == url
    assert server.paths() == ["/loop"] * 4  # the first request and three redirects


def test_a_redirect_without_location_is_an_error(server: LoopbackServer) -> None:
    url = server.page("/nowhere", b"", status=302)
    with pytest.raises(FetchError, match="HTTP 302 Found without a Location"):
        fetch_url(url)


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/file", "javascript:alert(1)"])
def test_a_redirect_to_another_scheme_is_refused(server: LoopbackServer, location: str) -> None:
    url = server.redirect("/away", location)
    with pytest.raises(FetchError, match="is not allowed") as caught:
        fetch_url(url)
    assert caught.value.reason.startswith(f"redirected to {location}: scheme")
    assert caught.value.subject == url


@pytest.mark.parametrize(
    "location",
    ["http://10.0.0.1/admin", "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://0x7f.1/",
     "http://localhost/", "http://2130706433/"],
)  # fmt: skip
def test_every_redirect_hop_is_checked(
    server: LoopbackServer, connections: list[Any], monkeypatch: pytest.MonkeyPatch, location: str
) -> None:
    """The starting server counts as public here; the private hop must be refused before connecting."""
    real_kind = fetch.address_kind
    monkeypatch.setattr(fetch, "address_kind", lambda a: None if a == IPv4Address("127.0.0.1") and a is not PINNED[0] else real_kind(a))
    PINNED.clear()
    url = server.redirect("/hop", location)
    with pytest.raises(BlockedAddress) as caught:
        fetch_url(url, GUARDED)
    assert caught.value.subject == url
    assert caught.value.reason.startswith(f"redirected to {location}: refused")
    assert connections == [("127.0.0.1", server.port)]  # only the first, allowed server


PINNED: list[IPAddress] = []
