"""The web app: FastAPI over one Store, with HTML pages and the JSON API of the same functions.

``create_app(settings)`` is the first function to read. Errors become responses here and nowhere
else: JSON ``{"status", "message"}`` under ``/api/``, an HTML page elsewhere. Every response carries
the security headers (a Content-Security-Policy without any script on the pages).
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from synoptic import __version__
from synoptic.errors import AnalysisError, ExtractionError, IngestError, InvalidQuery, NotFound, SynopticError
from synoptic.present.web import api, pages
from synoptic.present.web.cache import Recent
from synoptic.present.web.render import render
from synoptic.settings import Settings
from synoptic.store import Store

_STATIC = Path(__file__).parent / "static"
_CSS = Path(__file__).parent.parent / "templates" / "synoptic.css"
_log = logging.getLogger("synoptic.web")

# Pages run no script at all; styles come from our stylesheet only; forms post back to us only.
PAGE_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
            "base-uri 'none'; frame-ancestors 'none'")  # fmt: skip
# The interactive API docs (Swagger UI) run our copy of its script and the init file we serve.
DOCS_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'")  # fmt: skip
# Sync routes running at once, on the server's event loop (anyio's default: 40). Python runs one thread at
# a time: past a few, threads mostly wait for the GIL and hand it over more often. At 20 concurrent clients
# on 2 cores (benchmarks/web.py), 4 rather than 40 cut a new search's p95 from ~300 to ~160-190 ms and the
# home page's from ~170 to ~80-100 ms. A long request (a synopsis made on its first view) holds one of them.
SYNC_THREADS = 4
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


@dataclass(frozen=True)
class WebConfig:
    """What the app serves: the store and the settings (whose ``api_token``, when set, enables ingest),
    and what it keeps rendered."""

    store: Store
    settings: Settings
    # Rendered pages and synopses, each under a key that changes with what it shows.
    cache: Recent = field(default_factory=Recent)

    def allows_ingest(self, authorization: str | None) -> bool:
        """True when a token is configured and ``authorization`` is ``Bearer <that token>``."""
        token = self.settings.api_token
        if not token or not authorization or not authorization.startswith("Bearer "):
            return False
        return hmac.compare_digest(authorization[7:].encode(), token.encode())


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The web app over the database named by ``settings`` (or over ``store``). Read-only unless
    ``settings.api_token`` is set, which enables ``POST /api/v1/articles`` for requests bearing it."""
    config = WebConfig(store or Store.open(settings.db), settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = SYNC_THREADS  # of this event loop
        yield
        if store is None:
            config.store.close()

    app = FastAPI(
        title="Synoptic",
        version=__version__,
        description="Stories, synopses, articles, outlets, speakers and full-text search of one Synoptic "
        'database. Lists are paginated with `limit` and `offset`; errors are `{"status", "message"}`.',
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.config = config
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static/swagger", StaticFiles(directory=_swagger_assets()), name="swagger")
    app.mount("/static/web", StaticFiles(directory=_STATIC), name="web")
    app.add_api_route("/static/synoptic.css", _stylesheet, include_in_schema=False)
    app.add_api_route("/docs", _docs, include_in_schema=False, response_class=HTMLResponse)
    app.add_api_route("/favicon.ico", _no_icon, include_in_schema=False)
    app.add_middleware(SecurityHeaders)
    _add_error_handlers(app)
    return app


def _swagger_assets() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


def _stylesheet() -> FileResponse:
    return FileResponse(_CSS, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


def _no_icon() -> Response:
    return Response(status_code=204)


def _docs() -> HTMLResponse:
    return HTMLResponse(render("docs.html"))


class SecurityHeaders:
    """ASGI middleware setting the security headers on every HTTP response. Plain ASGI rather than
    ``app.middleware("http")``, whose request and response wrapping costs more than many pages do."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers to the start of its response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = DOCS_CSP if scope["path"] == "/docs" else PAGE_CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.update(SECURITY_HEADERS)
                headers["Content-Security-Policy"] = policy
            await send(message)

        await self.app(scope, receive, send_with_headers)


def error_status(error: SynopticError) -> int:
    """The HTTP status of an error raised by Synoptic."""
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, IngestError | ExtractionError | InvalidQuery):
        return 422
    if isinstance(error, AnalysisError):
        return 503
    return 500


def error_response(request: Request, status: int, message: str) -> Response:
    """The one place errors are shown: JSON under /api/, an HTML page elsewhere."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"status": status, "message": message}, status_code=status)
    return HTMLResponse(render("error.html", status=status, message=message), status_code=status)


def _add_error_handlers(app: FastAPI) -> None:
    async def synoptic_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, SynopticError)
        status = error_status(error)
        if status >= 500:
            _log.error("%s %s: %s", request.method, request.url.path, error)
        return error_response(request, status, str(error))

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        return error_response(request, error.status_code, str(error.detail))

    async def invalid_request(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
        return error_response(request, 422, f"invalid request: {problems}")

    async def unexpected(request: Request, error: Exception) -> Response:
        _log.exception("%s %s failed", request.method, request.url.path)
        return error_response(request, 500, "internal error")

    app.add_exception_handler(SynopticError, synoptic_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(Exception, unexpected)
