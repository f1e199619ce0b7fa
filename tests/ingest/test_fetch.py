"""Fetcher against real servers on loopback; the SSRF guard must refuse before any connection."""

from __future__ import annotations

import gzip
import re
import socket
import time
from http.server import BaseHTTPRequestHandler
from ipaddress import ip_address
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
    with pytest.raises(FetchError, match=r"cannot connect to 127\.0\.0\.1"):
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
    """The starting URL is let through; the private hop it redirects to must be refused before connecting."""
    url = server.redirect("/hop", location)
    real_check = fetch.check_url

    def check_all_but_the_start(
        hop: str, allow_private: bool = False, resolve: fetch.Resolver = fetch.resolve_host
    ) -> fetch.Target:
        return real_check(hop, allow_private or hop == url, resolve)

    monkeypatch.setattr(fetch, "check_url", check_all_but_the_start)
    with pytest.raises(BlockedAddress) as caught:
        fetch_url(url, GUARDED)
    assert caught.value.subject == url
    assert caught.value.reason.startswith(f"redirected to {location}: refused")
    assert connections == [("127.0.0.1", server.port)]  # only the starting server


# --- the SSRF guard ------------------------------------------------------------------------------

BLOCKED_URLS = [
    "http://127.0.0.1/",
    "http://localhost/",  # a name that resolves to loopback
    "http://[::1]/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata
    "http://0.0.0.0/",
    "http://100.64.0.1/",  # carrier-grade NAT
    "http://224.0.0.1/",  # multicast
    "http://240.0.0.1/",  # reserved
    "http://255.255.255.255/",
    "http://0x7f.1/",  # hex and short forms of 127.0.0.1
    "http://2130706433/",  # decimal
    "http://017700000001/",  # octal
    "http://127.1/",
    "http://[::ffff:127.0.0.1]/",  # IPv4-mapped IPv6
    "http://[::ffff:a00:1]/",  # IPv4-mapped 10.0.0.1
    "http://[2002:7f00:1::]/",  # 6to4 around 127.0.0.1
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[ff02::1]/",
    "https://127.0.0.1:8443/path?q=1",
    "http://user:secret@127.0.0.1/",
]


@pytest.mark.parametrize("url", BLOCKED_URLS)
def test_internal_addresses_are_refused_before_connecting(url: str, connections: list[Any]) -> None:
    with pytest.raises(BlockedAddress, match="refused") as caught:
        fetch_url(url, GUARDED)
    assert caught.value.subject == url
    assert connections == []


@pytest.mark.parametrize("url", BLOCKED_URLS)
def test_check_url_refuses_internal_addresses(url: str) -> None:
    with pytest.raises(BlockedAddress):
        check_url(url, allow_private=False)


def test_a_name_is_refused_when_any_of_its_addresses_is_internal(connections: list[Any]) -> None:
    resolve = fixed_resolver("93.184.215.14", "127.0.0.1")
    with pytest.raises(BlockedAddress, match=r"news\.example resolves to 127\.0\.0\.1, a loopback address"):
        check_url("http://news.example/story", resolve=resolve)
    with pytest.raises(BlockedAddress), Fetcher(GUARDED, resolve=resolve) as fetcher:
        fetcher.get("http://news.example/story")
    assert connections == []


def test_a_public_name_passes_with_the_addresses_to_connect_to() -> None:
    target = check_url("https://news.example:8443/a?b=c", resolve=fixed_resolver("93.184.215.14", "2606:2800:21f::1"))
    assert target.addresses == (ip_address("93.184.215.14"), ip_address("2606:2800:21f::1"))
    assert str(target.pinned(target.addresses[0])) == "https://93.184.215.14:8443/a?b=c"
    assert str(target.pinned(target.addresses[1])) == "https://[2606:2800:21f::1]:8443/a?b=c"
    assert target.host_header == "news.example:8443"
    assert target.server_name == "news.example"


def test_a_public_ip_literal_passes_without_resolving() -> None:
    def no_dns(host: str, port: int) -> list[IPAddress]:
        raise AssertionError("an IP literal must not be resolved")

    target = check_url("http://93.184.215.14/", resolve=no_dns)
    assert target.addresses == (ip_address("93.184.215.14"),)
    assert target.server_name is None


def test_allow_private_lets_internal_addresses_through() -> None:
    assert check_url("http://10.0.0.1/", allow_private=True).addresses == (ip_address("10.0.0.1"),)
    assert check_url("http://0x7f.1/", allow_private=True).addresses == (ip_address("127.0.0.1"),)


def test_a_resolver_failure_names_the_url() -> None:
    def failing(host: str, port: int) -> list[IPAddress]:
        raise FetchError(f"cannot resolve host {host!r}: Name or service not known")

    with pytest.raises(FetchError, match=r"cannot resolve host 'gone\.example'") as caught:
        check_url("http://gone.example/x", resolve=failing)
    assert caught.value.subject == "http://gone.example/x"


@pytest.mark.parametrize(
    ("host", "address"),
    [("0x7f.1", "127.0.0.1"), ("2130706433", "127.0.0.1"), ("017700000001", "127.0.0.1"), ("127.1", "127.0.0.1"),
     ("0x7f000001", "127.0.0.1"), ("::1", "::1"), ("10.0.0.1", "10.0.0.1")],
)  # fmt: skip
def test_literal_address_reads_every_numeric_form(host: str, address: str) -> None:
    assert literal_address(host) == ip_address(address)


@pytest.mark.parametrize("host", ["example.com", "cafe", "1.2.3.4.5", "face.b00c", ""])
def test_names_are_not_literal_addresses(host: str) -> None:
    assert literal_address(host) is None


def test_public_addresses() -> None:
    assert is_public_address(ip_address("93.184.215.14"))
    assert is_public_address(ip_address("2606:2800:21f::1"))
    assert is_public_address(ip_address("::ffff:93.184.215.14"))
    assert not is_public_address(ip_address("::ffff:192.168.0.1"))


@pytest.mark.parametrize(
    ("url", "reason"),
    [("file:///etc/passwd", "scheme 'file' is not allowed"), ("ftp://example.com/x", "scheme 'ftp' is not allowed"),
     ("javascript:alert(1)", "scheme 'javascript' is not allowed"), ("data:text/html,hi", "scheme 'data'"),
     ("gopher://127.0.0.1:70/", "scheme 'gopher'"), ("/relative/path", "not an absolute http(s) URL"),
     ("http:///no-host", "URL has no host")],
)  # fmt: skip
def test_only_absolute_http_urls_are_fetched(url: str, reason: str, connections: list[Any]) -> None:
    for settings in (GUARDED, LOCAL):
        with pytest.raises(FetchError, match=re.escape(reason)) as caught:
            fetch_url(url, settings)
        assert not isinstance(caught.value, BlockedAddress)
        assert caught.value.subject == url
    assert connections == []


# --- TLS: the connection goes to the checked IP, the certificate is checked against the host ------


def test_https_verifies_the_certificate_against_the_real_host(
    tls_server: LoopbackServer, tls_files: TlsFiles, connections: list[Any]
) -> None:
    """The certificate names only "localhost"; the connection is to 127.0.0.1, so this passes
    only when SNI and the hostname check use the name from the URL."""
    tls_server.page("/secure", PAGE)
    url = f"https://localhost:{tls_server.port}/secure"
    fetched = fetch_url(url, verify=tls_files.client_context())
    assert fetched.content == PAGE
    assert fetched.url == url
    assert tls_server.server_names == ["localhost"]
    assert connections == [("127.0.0.1", tls_server.port)]


def test_https_refuses_a_certificate_for_another_name(tls_server: LoopbackServer, tls_files: TlsFiles) -> None:
    """Hostname checking is on: "wrong.test" resolves to the same server, whose certificate names localhost."""
    tls_server.page("/secure", PAGE)
    with pytest.raises(FetchError, match="certificate") as caught:
        fetch_url(
            f"https://wrong.test:{tls_server.port}/secure",
            verify=tls_files.client_context(),
            resolve=fixed_resolver("127.0.0.1"),
        )
    assert "Hostname mismatch" in caught.value.reason or "doesn't match" in caught.value.reason
    assert tls_server.server_names == ["wrong.test"]
    assert tls_server.requests == []


def test_https_to_an_ip_literal_checks_the_ip(tls_server: LoopbackServer, tls_files: TlsFiles) -> None:
    tls_server.page("/secure", PAGE)
    with pytest.raises(FetchError, match="certificate"):
        fetch_url(tls_server.url("/secure"), verify=tls_files.client_context())
    assert tls_server.requests == []


def test_https_with_the_default_trust_store_refuses_a_private_ca(tls_server: LoopbackServer) -> None:
    tls_server.page("/secure", PAGE)
    with pytest.raises(FetchError, match="certificate"):
        fetch_url(f"https://localhost:{tls_server.port}/secure")


def test_the_loopback_guard_of_these_tests_works(connections: list[Any]) -> None:
    """The ``connections`` fixture refuses a non-loopback address before any packet is sent."""
    with socket.socket() as sock, pytest.raises(AssertionError, match="tried to connect"):
        sock.connect(("10.255.255.1", 9))
    assert connections == [("10.255.255.1", 9)]


def test_the_request_goes_to_the_checked_address_without_a_second_lookup(
    server: LoopbackServer, connections: list[Any]
) -> None:
    """DNS rebinding: the host is resolved once, by the guard; the connection uses that answer.
    ("rebind.test" exists only in this resolver, so any other lookup would fail.)"""
    lookups: list[str] = []

    def resolve_once(host: str, port: int) -> list[IPAddress]:
        lookups.append(host)
        return [ip_address("127.0.0.1")] if len(lookups) == 1 else [ip_address("10.0.0.1")]

    server.page("/story", PAGE)
    url = f"http://rebind.test:{server.port}/story"
    assert fetch_url(url, resolve=resolve_once).content == PAGE
    assert lookups == ["rebind.test"]
    assert connections == [("127.0.0.1", server.port)]
    assert server.requests[0].headers["Host"] == f"rebind.test:{server.port}"
