"""The HTML pages: each renders the dict of the same view its API endpoint returns.

Pages are server-rendered and work without JavaScript; they run none (see the CSP in ``app``).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from synoptic.present.synopsis_view import OUTLET_COLOURS, synopsis_view
from synoptic.present.web import views
from synoptic.present.web.cache import digest
from synoptic.present.web.marks import marked_paragraphs
from synoptic.present.web.render import render
from synoptic.store.filters import ListingFilter
from synoptic.store.search import SearchFilter

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

# Stories per page of the home page, hits per page of the search page.
HOME_PAGE_SIZE = 30
SEARCH_PAGE_SIZE = 20
Text = Annotated[str | None, Query(max_length=200)]
Day = Annotated[str | None, Query(pattern=r"^(\d{4}-\d{2}-\d{2})?$")]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _config(request: Request) -> Any:
    return request.app.state.config


def _page(template: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(render(template, **context))


def _kept_page(request: Request, key: Hashable, template: str, **context: Any) -> HTMLResponse:
    """A page rendered once per ``key``, which must change whenever ``context`` does."""
    return HTMLResponse(_config(request).cache.get(key, lambda: render(template, **context)))


@router.get("/")
def home(request: Request, outlet: Text = None, language: Text = None, since: Day = None, until: Day = None,
         offset: Offset = 0) -> HTMLResponse:  # fmt: skip
    """Recent stories with their coverage, a search box and filters. Kept rendered until one of its
    stories changes or the archive does (``views.archive_version``)."""
    config = _config(request)
    where = ListingFilter(outlet or None, language or None, views.parse_day(since), views.parse_day(until),
                          HOME_PAGE_SIZE, offset)  # fmt: skip
    params = {"outlet": outlet, "language": language, "since": since, "until": until}
    archive_key = ("archive", views.archive_version(config.store))
    archive = config.cache.get(archive_key, lambda: _archive(config.store))
    key = ("home", archive_key, config.store.stories_version(where), digest(params))
    return HTMLResponse(config.cache.get(key, lambda: render("home.html", data=views.stories(config.store, where),
                                                             params=params, **archive)))  # fmt: skip


def _archive(store: Any) -> dict[str, Any]:
    """The archive-wide context of the home page: the filters' values, outlet colours and totals."""
    facets = views.facets(store)
    colour = {name: f"o{i % OUTLET_COLOURS}" for i, name in enumerate(facets["outlets"])}
    return {"facets": facets, "colour": colour, "stats": views.totals(store)}


@router.get("/stories/{story_id}")
def story(request: Request, story_id: Id) -> HTMLResponse:
    """A story's synopsis: facts × outlets, quote variants by speaker, conflicts, names, copies, timeline.
    Kept rendered until anything stored about the story changes."""
    config = _config(request)
    version = views.story_version(config.store, story_id)
    return HTMLResponse(config.cache.get(("story", story_id, version), lambda: _story_page(config, story_id)))


def _story_page(config: Any, story_id: int) -> str:
    data = views.story(config.store, story_id)
    synopsis = views.synopsis(config.store, config.settings, story_id)
    return render("story.html", story=data, s=synopsis, v=synopsis_view(synopsis))


@router.get("/articles/{article_id}")
def article(request: Request, article_id: Id, raw: bool = False) -> HTMLResponse:
    """An article: metadata, its text with sentences, quotes and facts marked; its raw input on request."""
    store = _config(request).store
    data = views.article(store, article_id)
    paragraphs = marked_paragraphs(data["text"], data["quotes"], data["facts"])
    return _page("article.html", a=data, paragraphs=paragraphs, raw=views.raw(store, article_id) if raw else None)


@router.get("/outlets")
def outlets(request: Request) -> HTMLResponse:
    """Every outlet with its number of articles."""
    return _page("outlets.html", data=views.outlets(_config(request).store))


@router.get("/outlets/{name:path}")
def outlet(request: Request, name: str) -> HTMLResponse:
    """One outlet: stories covered and missed, copied wire text, exclusives, whom it quotes."""
    return _page("outlet.html", o=views.outlet(_config(request).store, name))


@router.get("/speakers")
def speakers(request: Request) -> HTMLResponse:
    """Speakers quoted in the kept synopses."""
    return _page("speakers.html", data=views.speakers(_config(request).store))


@router.get("/speakers/{name:path}")
def speaker(request: Request, name: str) -> HTMLResponse:
    """Every quoted statement of one speaker, with each outlet's wording."""
    data = views.speaker(_config(request).store, name)
    outlets = dict.fromkeys(o for q in data["quotes"] for o in q["outlets"].values())
    colour = {o: f"o{i % OUTLET_COLOURS}" for i, o in enumerate(outlets)}
    return _page("speaker.html", sp=data, colour=colour)


@router.get("/search", response_model=None)
def search(request: Request, q: Annotated[str, Query(max_length=200)] = "", outlet: Text = None,
           language: Text = None, offset: Offset = 0) -> HTMLResponse | RedirectResponse:  # fmt: skip
    """Full-text search over articles, best first, with snippets."""
    if not q.strip():
        return RedirectResponse("/", status_code=303)
    where = SearchFilter(
        query=q, outlet=outlet or None, language=language or None, limit=SEARCH_PAGE_SIZE, offset=offset
    )
    params = {"q": q, "outlet": outlet, "language": language}
    config = _config(request)
    version = views.archive_version(config.store)
    data = views.kept_search(config.store, where, config.cache, version)
    # What the page shows: the answer kept under (where, version), and each hit's story, read anew.
    key = ("search page", where, version, tuple(item["story"] for item in data["items"]), tuple(params.items()))
    return _kept_page(request, key, "search.html", data=data, params=params)
