"""Fetching one URL, safely: timeouts, a size cap, checked redirects and an SSRF guard.

``Fetcher.get`` follows redirects itself, one hop at a time. Before each hop ``check_url``
accepts only http(s) URLs and resolves the host; unless ``Settings.allow_private`` is set,
the hop is refused (``BlockedAddress``) when *any* address of the host is loopback, private,
link-local, multicast, reserved, unspecified or otherwise not global. The request then goes
to an address that was checked (the URL with its host replaced by that IP, the real host in
the ``Host`` header and as the TLS server name), so a second DNS answer cannot send it
elsewhere (DNS rebinding). TLS certificates are still verified against the real host name.
"""

from __future__ import annotations

import socket
import ssl
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from ipaddress import IPv4Address, IPv6Address, ip_address
from types import TracebackType
from typing import Any, Self
from urllib.parse import urljoin, urlsplit

import httpx

from synoptic.errors import BlockedAddress, FetchError, InputTooLarge
from synoptic.settings import Settings

IPAddress = IPv4Address | IPv6Address
# host, port -> every address the host resolves to (injectable for tests and custom DNS).
Resolver = Callable[[str, int], list[IPAddress]]

ALLOWED_SCHEMES = frozenset({"http", "https"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DEFAULT_PORTS = {"http": 80, "https": 443}
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)
# Legacy numeric IPv4 forms that resolvers accept: "2130706433", "0x7f.1", "017700000001", "127.1".
_NUMERIC_HOST_CHARS = frozenset("0123456789abcdefxABCDEFX.")


@dataclass(frozen=True)
class Fetched:
    """A successfully fetched document."""

    url: str  # final URL after redirects
    content: bytes
    content_type: str | None  # the Content-Type header as sent, e.g. "text/html; charset=utf-8"
    fetched_at: datetime


@dataclass(frozen=True)
class Target:
    """A URL that passed ``check_url``, with the checked addresses its host resolved to."""

    url: httpx.URL
    addresses: tuple[IPAddress, ...]

    def pinned(self, address: IPAddress) -> httpx.URL:
        """The URL with its host replaced by ``address``: the request goes where we checked."""
        return self.url.copy_with(host=str(address))

    @property
    def host_header(self) -> str:
        return self.url.netloc.decode("ascii")

    @property
    def server_name(self) -> str | None:
        """The TLS server name (SNI, certificate check): the real host, unless it is an IP."""
        host = self.url.raw_host.decode("ascii")
        return None if literal_address(host) is not None else host


def resolve_host(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (getaddrinfo), in the resolver's order, without repeats."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"cannot resolve host {host!r}: {_os_reason(error)}") from error
    addresses: list[IPAddress] = []
    for info in infos:
        address = ip_address(info[4][0])
        if address not in addresses:
            addresses.append(address)
    return addresses


def literal_address(host: str) -> IPAddress | None:
    """The address a host written as an IP means, including legacy forms ("0x7f.1", "2130706433")."""
    try:
        return ip_address(host)
    except ValueError:
        pass
    if host and set(host) <= _NUMERIC_HOST_CHARS and any(c.isdigit() for c in host):
        try:
            return IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def address_kind(address: IPAddress) -> str | None:
    """Why ``address`` must not be fetched ("loopback", "private", ...), or None when it is global."""
    if isinstance(address, IPv6Address):
        if address.ipv4_mapped is not None:
            return address_kind(address.ipv4_mapped)
        inner = address_kind(address.sixtofour) if address.sixtofour is not None else None
        if inner is not None:
            return f"{inner} (inside a 6to4 address)"
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("non-global", not address.is_global),
    )
    return next((kind for kind, hit in checks if hit), None)


def is_public_address(address: IPAddress) -> bool:
    """True when ``address`` is a global unicast address that may be fetched."""
    return address_kind(address) is None


def check_url(url: str, allow_private: bool = False, resolve: Resolver = resolve_host) -> Target:
    """Check one URL (or redirect hop) before any connection is made.

    Raises FetchError when the URL is not absolute http(s) or its host does not resolve, and
    BlockedAddress when any address of the host is not global (unless ``allow_private``).
    """
    parsed = _parse(url)
    host = parsed.raw_host.decode("ascii")
    literal = literal_address(host)
    port = parsed.port or DEFAULT_PORTS[parsed.scheme]
    try:
        addresses = [literal] if literal is not None else resolve(host, port)
    except FetchError as error:
        raise FetchError(error.reason, url) from error
    if not addresses:
        raise FetchError(f"host {host!r} has no address", url)
    if not allow_private:
        _refuse_internal(host, addresses, url)
    return Target(parsed, tuple(addresses))


def _parse(url: str) -> httpx.URL:
    try:
        scheme = urlsplit(url).scheme.lower()
        if scheme in ALLOWED_SCHEMES:
            parsed = httpx.URL(url)
    except (ValueError, TypeError, httpx.InvalidURL) as error:
        raise FetchError(f"invalid URL: {error}", url) from error
    if not scheme:
        raise FetchError("not an absolute http(s) URL", url)
    if scheme not in ALLOWED_SCHEMES:
        raise FetchError(f"scheme {scheme!r} is not allowed (only http and https)", url)
    if not parsed.raw_host:
        raise FetchError("URL has no host", url)
    return parsed


def _refuse_internal(host: str, addresses: list[IPAddress], url: str) -> None:
    for address in addresses:
        kind = address_kind(address)
        if kind is not None:
            via = "" if str(address) == host else f"{host} resolves to "
            raise BlockedAddress(f"refused: {via}{address}, a {kind} address (set allow_private to fetch it)", url)


class Fetcher:
    """Fetches URLs one at a time with the limits of ``Settings``; use as a context manager.

    ``resolve`` and ``verify`` exist for tests and unusual networks: a custom resolver, and an
    SSL context with a private CA. Proxies from the environment are not used: a proxy would
    connect to addresses the guard never saw.
    """

    def __init__(
        self, settings: Settings, *, resolve: Resolver = resolve_host, verify: ssl.SSLContext | bool = True
    ) -> None:
        self.settings = settings
        self._resolve = resolve
        # The bare transport: no redirect, cookie or proxy logic of httpx.Client; each hop is ours.
        self._transport = httpx.HTTPTransport(
            verify=verify,
            trust_env=False,
            # Connections are pooled by the IP we connect to, not by host name: a kept-alive TLS
            # connection verified for one host must not be reused for another host at that IP.
            limits=httpx.Limits(max_keepalive_connections=0),
        )
        self._timeout = httpx.Timeout(settings.fetch_timeout).as_dict()
        self._headers = {"User-Agent": settings.user_agent, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"}

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the network connections."""
        self._transport.close()

    def get(self, url: str) -> Fetched:
        """Fetch ``url``, following up to ``max_redirects`` redirects, each hop checked.

        Raises FetchError (timeout, HTTP status >= 300 that is not a redirect, network error,
        too many redirects, bad scheme), BlockedAddress and InputTooLarge; ``subject`` is ``url``.
        """
        current = url
        for hop in range(self.settings.max_redirects + 1):
            target = self._check(current, url, hop)
            with self._open(target, url) as response:
                location = _redirect_location(response, target.url, url)
                if location is None:
                    content = self._read_body(response, url)
                    return Fetched(str(target.url), content, response.headers.get("content-type"), datetime.now(UTC))
            current = location
        raise FetchError(f"too many redirects (more than {self.settings.max_redirects})", url)

    def _check(self, url: str, original: str, hop: int) -> Target:
        try:
            return check_url(url, self.settings.allow_private, self._resolve)
        except FetchError as error:
            if hop == 0:
                raise
            raise type(error)(f"redirected to {url}: {error.reason}", original) from error

    @contextmanager
    def _open(self, target: Target, subject: str) -> Iterator[httpx.Response]:
        """The response (headers read, body not yet), with httpx errors turned into FetchError."""
        try:
            with ExitStack() as stack:
                yield self._connect(target, stack)
        except httpx.TimeoutException as error:
            raise FetchError(f"timed out after {self.settings.fetch_timeout:g} s", subject) from error
        except httpx.ConnectError as error:
            raise FetchError(f"cannot connect to {target.url.host}: {error}", subject) from error
        except httpx.HTTPError as error:
            raise FetchError(f"network error: {error or type(error).__name__}", subject) from error
        except httpx.InvalidURL as error:
            raise FetchError(f"invalid URL: {error}", subject) from error

    def _connect(self, target: Target, stack: ExitStack) -> httpx.Response:
        """Send the request to the first checked address that accepts a connection."""
        headers = {**self._headers, "Host": target.host_header}
        extensions: dict[str, Any] = {"timeout": self._timeout}
        if target.server_name:
            extensions["sni_hostname"] = target.server_name
        for index, address in enumerate(target.addresses):
            request = httpx.Request("GET", target.pinned(address), headers=headers, extensions=extensions)
            try:
                response = self._transport.handle_request(request)
            except httpx.ConnectError:
                if index == len(target.addresses) - 1:
                    raise
                continue
            stack.callback(response.close)
            return response
        raise AssertionError("check_url never returns a target without addresses")

    def _read_body(self, response: httpx.Response, subject: str) -> bytes:
        """The decoded body, refused as soon as it exceeds the cap or the time budget."""
        cap = self.settings.max_document_bytes
        declared = _content_length(response)
        if declared is not None and declared > cap:
            raise InputTooLarge(f"response of {declared} bytes exceeds the limit of {cap} bytes", subject)
        # Per-operation timeouts do not bound a server that trickles bytes; this bounds the whole read.
        deadline = time.monotonic() + self.settings.fetch_timeout
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > cap:
                raise InputTooLarge(f"response exceeds the limit of {cap} bytes", subject)
            if time.monotonic() > deadline:
                raise FetchError(f"timed out after {self.settings.fetch_timeout:g} s", subject)
            chunks.append(chunk)
        return b"".join(chunks)


def _redirect_location(response: httpx.Response, url: httpx.URL, subject: str) -> str | None:
    """The absolute URL a redirect points to; None for a success; FetchError for other statuses."""
    status = response.status_code
    if status < 300:
        return None
    location = response.headers.get("location")
    if status in REDIRECT_STATUSES and location:
        return urljoin(str(url), str(location).strip())
    phrase = response.reason_phrase or httpx.codes.get_reason_phrase(status)
    suffix = " without a Location" if status < 400 else ""
    raise FetchError(f"HTTP {status} {phrase}".rstrip() + suffix, subject)


def _content_length(response: httpx.Response) -> int | None:
    try:
        return int(response.headers["content-length"])
    except (KeyError, ValueError):
        return None


def _os_reason(error: OSError | UnicodeError) -> str:
    return getattr(error, "strerror", None) or str(error)
