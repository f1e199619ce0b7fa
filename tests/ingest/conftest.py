"""Ingest fixtures: real HTTP(S) servers on loopback, and a guard that refuses any other traffic."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

LOOPBACK = ("127.0.0.1", "::1")

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass(frozen=True)
class Seen:
    """One request a test server received."""

    path: str
    headers: dict[str, str]


@dataclass
class LoopbackServer:
    """A threaded HTTP server on a loopback address and a free port; the test sets its routes."""

    host: str = "127.0.0.1"
    tls: ssl.SSLContext | None = None
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    server_names: list[str | None] = field(default_factory=list)  # TLS SNI of each handshake

    def __post_init__(self) -> None:
        self._server = _make_server(self)
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def url(self, path: str = "/") -> str:
        scheme = "https" if self.tls else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{self.port}{path}"

    def page(
        self,
        path: str,
        body: bytes,
        content_type: str = "text/html; charset=utf-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> str:
        """Serve ``body`` at ``path``; returns the full URL."""
        self.routes[path] = lambda request: reply(
            request, status, body, {"Content-Type": content_type, **(headers or {})}
        )
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.routes[path] = lambda request: reply(request, status, b"", {"Location": location})
        return self.url(path)

    def paths(self) -> list[str]:
        return [seen.path for seen in self.requests]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def reply(request: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]) -> None:
    """Send a whole response with a Content-Length."""
    request.send_response(status)
    for name, value in headers.items():
        request.send_header(name, value)
    request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    request.wfile.write(body)


def _make_server(owner: LoopbackServer) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            owner.requests.append(Seen(self.path, dict(self.headers.items())))
            route = owner.routes.get(self.path.split("?")[0])
            if route is None:
                reply(self, 404, b"<html><body>nothing here</body></html>", {"Content-Type": "text/html"})
            else:
                route(self)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    class Server(ThreadingHTTPServer):
        address_family = socket.AF_INET6 if ":" in owner.host else socket.AF_INET
        daemon_threads = True

        def handle_error(self, request: Any, client_address: Any) -> None:
            pass  # clients that give up early (timeouts, size caps) break the pipe on purpose

    server = Server((owner.host, 0), Handler)
    if owner.tls is not None:
        owner.tls.sni_callback = lambda _socket, name, _context: owner.server_names.append(name)
        server.socket = owner.tls.wrap_socket(server.socket, server_side=True)
    return server


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    """An HTTP server on 127.0.0.1."""
    running = LoopbackServer()
    yield running
    running.close()


@pytest.fixture(autouse=True)
def connections(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every address the test's code connects to; anything but loopback fails the test *before* connecting."""
    attempts: list[Any] = []
    original = socket.socket.connect

    def connect(sock: socket.socket, address: Any) -> None:
        attempts.append(address)
        if isinstance(address, tuple) and address[0] not in LOOPBACK:
            raise AssertionError(f"a test tried to connect to {address}")
        original(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempts


@dataclass(frozen=True)
class TlsFiles:
    """A private CA and a server certificate (signed by it) valid for the DNS name ``localhost`` only."""

    ca: Path
    cert: Path
    key: Path

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca))

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(self.cert), str(self.key))
        return context


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("needs the openssl command to make test certificates")
    root = tmp_path_factory.mktemp("tls")
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    (root / "leaf.ext").write_text(
        "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n"
        "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
    )
    commands = [
        ["req", "-x509", *key, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Synoptic test CA",
         "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"],
        ["req", "-new", *key, "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=localhost"],
        ["x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
         "-out", "leaf.pem", "-extfile", "leaf.ext"],
    ]  # fmt: skip
    for command in commands:
        subprocess.run([openssl, *command], cwd=root, check=True, capture_output=True)
    return TlsFiles(root / "ca.pem", root / "leaf.pem", root / "leaf.key")


@pytest.fixture
def tls_server(tls_files: TlsFiles) -> Iterator[LoopbackServer]:
    """An HTTPS server on 127.0.0.1 whose certificate names ``localhost`` (not the IP)."""
    running = LoopbackServer(tls=tls_files.server_context())
    yield running
    running.close()
