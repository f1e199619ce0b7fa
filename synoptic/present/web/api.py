"""The JSON API under /api/v1/: the same functions as the pages (``views``), as JSON.

Routes are thin: read the query, call a view, return its dict. ``POST /api/v1/articles`` ingests
one article and places it in a story; it is refused unless the server has an API token and the
request bears it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Hashable
from datetime import UTC, date, datetime
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from synoptic import pipeline
from synoptic.errors import IngestError
from synoptic.ingest import is_url
from synoptic.model import InputKind, Outcome, RawDocument, Status
from synoptic.present import serialize
from synoptic.present.web import views
from synoptic.store.filters import ListingFilter
from synoptic.store.search import SearchFilter

router = APIRouter(prefix="/api/v1", tags=["api"])

_SCHEMA = FilePath(__file__).parents[3] / "docs" / "synopsis.schema.json"
_ERROR = {
    "description": "An error",
    "content": {"application/json": {"schema": {
        "type": "object", "required": ["status", "message"],
        "properties": {"status": {"type": "integer"}, "message": {"type": "string"}},
    }}},
}  # fmt: skip
_ERRORS: dict[int | str, dict[str, Any]] = {404: _ERROR, 422: _ERROR}
_WRITING = threading.Lock()
# Largest page of any listing.
MAX_LIMIT = 200

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items skipped.")]
Day = Annotated[date | None, Query(description="A date, YYYY-MM-DD (UTC).")]
Text = Annotated[str | None, Query(max_length=200)]
# Ids are 32-bit integers in the database (PostgreSQL INTEGER).
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _store(request: Request) -> Any:
    return request.app.state.config.store


def _synopsis_schema() -> dict[str, Any]:
    try:
        schema = json.loads(_SCHEMA.read_text(encoding="utf-8"))
    except OSError:  # an installed package without the docs folder: the schema is not described
        return {"type": "object"}
    return {k: v for k, v in schema.items() if k not in ("$schema", "$id")}


def _kept_json(request: Request, key: Hashable, make: Callable[[], dict[str, Any]]) -> Response:
    """The JSON of ``make()``, made once per ``key``, which must change whenever it does (as the pages')."""
    body = request.app.state.config.cache.get(key, lambda: bytes(JSONResponse(make()).body))
    return Response(body, media_type="application/json")


@router.get("/stories", responses=_ERRORS, response_model=dict[str, Any],
            summary="Stories, most recently active first")  # fmt: skip
def list_stories(request: Request, limit: Limit = 50, offset: Offset = 0, outlet: Text = None, language: Text = None,
                 since: Day = None, until: Day = None) -> Response:  # fmt: skip
    """Stories with their span, counts and the outlets covering them; filtered by outlet (name or
    domain), language and activity in [since, until)."""
    where = ListingFilter(outlet, language, views.parse_day(since), views.parse_day(until), limit, offset)
    store = _store(request)
    # Kept as the home page is: until one of its stories changes, or the archive does (re-extraction).
    key = ("stories json", where, views.archive_version(store), store.stories_version(where))
    return _kept_json(request, key, lambda: views.stories(store, where))


@router.get("/stories/{story_id}", responses=_ERRORS, response_model=dict[str, Any],
            summary="One story and its articles")  # fmt: skip
def get_story(request: Request, story_id: Id) -> Response:
    """The story's summary, its articles in time order (how each was placed, what it copies) and its copy groups."""
    store = _store(request)
    key = ("story json", story_id, views.story_version(store, story_id))  # kept as the story page is
    return _kept_json(request, key, lambda: views.story(store, story_id))


@router.get(
    "/stories/{story_id}/synopsis",
    responses={200: {"content": {"application/json": {"schema": _synopsis_schema()}}}, **_ERRORS},
    summary="The synopsis of a story (synoptic.synopsis/1)",
)
def get_synopsis(request: Request, story_id: Id) -> Response:
    """Facts, quote variants with word diffs, conflicts, name variants and wire copies
    (docs/synopsis.schema.json). Made on first request (seconds), then kept until the story changes."""
    config = request.app.state.config
    key = ("synopsis", story_id, views.story_version(config.store, story_id))
    return _kept_json(request, key, lambda: views.synopsis(config.store, config.settings, story_id))


@router.get("/articles", responses=_ERRORS, summary="Articles, newest first")
def list_articles(request: Request, limit: Limit = 50, offset: Offset = 0, outlet: Text = None, language: Text = None,
                  since: Day = None, until: Day = None) -> dict[str, Any]:  # fmt: skip
    """Article metadata (no text), filtered by outlet, language and publication date in [since, until)."""
    where = ListingFilter(outlet, language, views.parse_day(since), views.parse_day(until), limit, offset)
    return views.articles(_store(request), where)


@router.get("/articles/{article_id}", responses=_ERRORS, summary="One article with its text")
def get_article(request: Request, article_id: Id) -> dict[str, Any]:
    """The article with its text, story, sentence spans and (when its story's synopsis is kept) its facts and quotes."""
    return views.article(_store(request), article_id)


@router.get("/articles/{article_id}/raw", responses=_ERRORS, summary="The raw input of an article")
def get_raw(request: Request, article_id: Id) -> dict[str, Any]:
    """The input the article was extracted from, as received, decoded as UTF-8 for reading."""
    return views.raw(_store(request), article_id)


@router.get("/outlets", summary="Outlets with their number of articles")
def list_outlets(request: Request) -> dict[str, Any]:
    """Every outlet, most articles first."""
    return views.outlets(_store(request))


@router.get("/outlets/{name}", responses=_ERRORS, summary="One outlet's coverage")
def get_outlet(request: Request, name: str) -> dict[str, Any]:
    """Stories covered and missed (blindspots), copied wire text, exclusives and quotes by speaker."""
    return views.outlet(_store(request), name)


@router.get("/speakers", summary="Speakers quoted in the kept synopses")
def list_speakers(request: Request) -> dict[str, Any]:
    """Named speakers of the most recently active stories whose synopsis has been made."""
    return views.speakers(_store(request))


@router.get("/speakers/{name}", responses=_ERRORS, summary="Every quote of one speaker")
def get_speaker(request: Request, name: str) -> dict[str, Any]:
    """The speaker's quoted statements across stories, each with every outlet's wording and diff."""
    return views.speaker(_store(request), name)


@router.get("/search", responses=_ERRORS, summary="Full-text search over articles")
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=200, description="Words to find.")],
           limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20, offset: Offset = 0, outlet: Text = None,
           language: Text = None, since: Day = None, until: Day = None) -> dict[str, Any]:  # fmt: skip
    """Articles containing every word of ``q`` (title or text), best first, with snippets as segments."""
    where = SearchFilter(query=q, outlet=outlet, language=language, since=views.parse_day(since),
                         until=views.parse_day(until), limit=limit, offset=offset)  # fmt: skip
    config = request.app.state.config
    return views.kept_search(config.store, where, config.cache)


_RECORD_EXAMPLE = {
    "url": "https://news.example.org/a/1",
    "outlet": "Example News",
    "title": "Council approves the budget",
    "published": "2026-11-24T18:30:00Z",
    "text": "The council approved the budget on Tuesday.",
}


@router.post(
    "/articles",
    status_code=201,
    responses={403: _ERROR, 422: _ERROR},
    summary="Ingest one article (needs the server's API token)",
)
def post_article(
    request: Request,
    record: Annotated[dict[str, Any], Body(examples=[_RECORD_EXAMPLE])],
    authorization: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    """One article as a JSON record (the fields of docs/formats.md: text or html, title, url, outlet,
    published…), or ``{"url": …}`` alone to fetch that page. Stored, then placed in a story.
    Refused (403) unless the server has an API token (setting ``api_token``, environment
    SYNOPTIC_API_TOKEN) and the request sends ``Authorization: Bearer <token>``."""
    config = request.app.state.config
    if not config.allows_ingest(authorization):
        return JSONResponse({"status": 403, "message": "ingest is disabled, or the API token is missing or wrong"},
                            status_code=403)  # fmt: skip
    with _WRITING:  # one ingest and clustering at a time: placement reads the stories it then writes
        outcome = _ingest(config, record)
        if outcome.status is Status.FAILED:
            raise IngestError(outcome.reason or "cannot ingest", outcome.source)
        summary = pipeline.cluster(config.store, config.settings)
    story_id = config.store.story_ids_of([outcome.article_id]).get(outcome.article_id) if outcome.article_id else None
    body = {**serialize.outcome_to_dict(outcome), "story": story_id,
            "cluster": serialize.cluster_summary_to_dict(summary)}  # fmt: skip
    return JSONResponse(body, status_code=201 if outcome.status is Status.STORED else 200)


def _ingest(config: Any, record: dict[str, Any]) -> Outcome:
    outcomes: list[Outcome] = []
    if set(record) == {"url"}:
        url = record["url"]
        if not isinstance(url, str) or not is_url(url):  # never a path on this machine
            raise IngestError("an http or https URL is needed", "url")
        pipeline.ingest([url], config.store, config.settings, on_outcome=outcomes.append)
    else:
        raw = RawDocument(source="POST /api/v1/articles", kind=InputKind.RECORD, received_at=datetime.now(UTC),
                          content=json.dumps(record, ensure_ascii=False).encode("utf-8"))  # fmt: skip
        outcomes.extend(pipeline.ingest_items([raw], config.store, config.settings))
    if not outcomes:
        raise IngestError("no article found", "url")
    return outcomes[0]
