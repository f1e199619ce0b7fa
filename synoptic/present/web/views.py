"""What each page shows, as JSON-ready dicts: the API returns them, the pages render them.

Every function here reads the Store through its public methods and turns domain objects into
dicts with the helpers of ``synoptic.present.serialize``, the same the CLI prints with ``--json``,
so a page, its API endpoint and the command line cannot disagree.
"""

from __future__ import annotations

import json
import time
import zlib
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from synoptic import pipeline
from synoptic.analyze.sentences import split_sentences
from synoptic.errors import InvalidQuery, NotFound
from synoptic.present import serialize
from synoptic.present.web.cache import Recent
from synoptic.present.web.profiles import outlet_profile, speaker_profile, speakers_index
from synoptic.settings import Settings
from synoptic.store import Store
from synoptic.store.filters import ListingFilter
from synoptic.store.search import SearchFilter

# The largest raw input shown on the article page (characters); the API gives the same cut.
RAW_SHOWN_CHARS = 300_000
# Stories whose kept synopses feed the speaker index and an outlet's profile: a bound on the work
# of one request (the most recently active stories first).
PROFILE_STORIES = 200
# Articles found by full text when looking for a speaker's stories.
SPEAKER_SEARCH_HITS = 200
# What depends on all the articles (search hits, the home page's filters and totals) is made again when an
# article is added, and at least this often: re-extracting articles changes it without adding one.
ARCHIVE_SECONDS = 60


@dataclass(frozen=True)
class Page:
    """A slice of a listing: ``limit`` items from ``offset``."""

    limit: int = 50
    offset: int = 0


def paginated(items: list[Any], page: Page) -> dict[str, Any]:
    """A listing with its position and the offset of the next page (None on the last one)."""
    more = len(items) == page.limit
    return {"items": items, "limit": page.limit, "offset": page.offset,
            "next_offset": page.offset + page.limit if more else None}  # fmt: skip


def stories(store: Store, where: ListingFilter) -> dict[str, Any]:
    """Recent stories matching ``where``, each with the outlets covering it."""
    found = store.find_stories(where)
    coverage = store.story_coverage(s.id for s in found)
    items = [serialize.story_with_coverage_to_dict(s, coverage.get(s.id, [])) for s in found]
    return paginated(items, Page(where.limit, where.offset))


def story(store: Store, story_id: int) -> dict[str, Any]:
    """One story: its summary, its articles by time (with how each was placed) and its copy groups."""
    summary = store.story(story_id)
    return {
        **serialize.story_to_dict(summary),
        "members": [serialize.member_to_dict(m) for m in store.story_members(story_id)],
        "copy_groups": [serialize.copy_group_to_dict(g) for g in store.copy_groups(story_id)],
    }


def synopsis(store: Store, settings: Settings, story_id: int) -> dict[str, Any]:
    """The synopsis of a stored story (``synoptic.synopsis/1``): kept, or made now and kept."""
    return pipeline.story_synopsis(store, story_id, settings)


def story_version(store: Store, story_id: int) -> str:
    """A digest that changes whenever a story's page or synopsis may; raises NotFound."""
    version = store.story_version(story_id)
    if version is None:
        raise NotFound("no such story", f"story {story_id}")
    return version


def articles(store: Store, where: ListingFilter) -> dict[str, Any]:
    """Articles matching ``where``, newest first."""
    items = [serialize.article_to_dict(a) for a in store.articles(where)]
    return paginated(items, Page(where.limit, where.offset))


def article(store: Store, article_id: int) -> dict[str, Any]:
    """One article with its text, its story, its sentences (with spans) and, when its story's synopsis
    is kept, the facts and quotes it takes part in."""
    found = store.article(article_id)
    story_id = _story_of(store, article_id)
    marks = _article_marks(store, story_id, str(article_id), found.text)
    return {
        **serialize.article_to_dict(found, with_text=True),
        "story": story_id,
        "sentences": [{"index": i, "start": s.start, "end": s.end} for i, s in enumerate(split_sentences(found.text))],
        **marks,
    }


def raw(store: Store, article_id: int) -> dict[str, Any]:
    """The raw input an article was extracted from, decoded for reading (cut at ``RAW_SHOWN_CHARS``)."""
    return serialize.raw_to_dict(store.raw_document(article_id), RAW_SHOWN_CHARS)


def outlets(store: Store) -> dict[str, Any]:
    """Every outlet with its number of articles."""
    items = [serialize.outlet_to_dict(outlet, n) for outlet, n in store.outlets()]
    return {"items": items}


def outlet(store: Store, name: str) -> dict[str, Any]:
    """One outlet: stories covered and missed, share of copied wire text, exclusives and quotes by
    speaker (these two from the kept synopses of its stories)."""
    known = {o.name: (o, n) for o, n in store.outlets()}
    if name not in known:
        raise NotFound("no such outlet", f"outlet {name}")
    found, count = known[name]
    covered = store.outlet_stories(name, PROFILE_STORIES)
    synopses = _kept_synopses(store, [s.id for s in covered])
    return {
        **serialize.outlet_to_dict(found, count),
        "stories": [serialize.story_to_dict(s) for s in covered],
        "blindspots": [
            {**serialize.story_to_dict(s), "peers": peers}
            for s, peers in store.outlet_blindspots(name, PROFILE_STORIES)
        ],
        "copies": serialize.copy_share_to_dict(store.outlet_copy_share(name)),
        **outlet_profile(name, synopses),
    }


def speakers(store: Store) -> dict[str, Any]:
    """The speakers quoted in the kept synopses of the most recently active stories."""
    ids = store.synopsis_story_ids(PROFILE_STORIES)
    return {"items": speakers_index(_kept_synopses(store, ids)), "stories_read": len(ids)}


def speaker(store: Store, name: str) -> dict[str, Any]:
    """Every quote of one speaker in the kept synopses of the stories whose articles mention the name."""
    hits = store.search(SearchFilter(query=name, limit=SPEAKER_SEARCH_HITS))
    story_ids = sorted({h.story_id for h in hits if h.story_id is not None})
    profile = speaker_profile(name, _kept_synopses(store, story_ids))
    if not profile["quotes"]:
        raise NotFound("no quote of this speaker in the kept synopses", f"speaker {name}")
    titles = {s.id: s.title for s in (store.story(i) for i in profile["stories"])}
    return {**profile, "story_titles": {str(k): v for k, v in titles.items()}}


def search(store: Store, where: SearchFilter) -> dict[str, Any]:
    """Articles matching a full-text query, best first, with snippets."""
    items = [serialize.search_hit_to_dict(hit) for hit in store.search(where)]
    return {"query": where.query, **paginated(items, Page(where.limit, where.offset))}


def kept_search(store: Store, where: SearchFilter, cache: Recent, version: Hashable | None = None) -> dict[str, Any]:
    """``search``, kept in ``cache`` while the archive is unchanged (``version``, by default
    ``archive_version``); the story of each hit of a kept answer is read anew, since clustering and
    corrections move articles between stories without adding any."""
    made: list[dict[str, Any]] = []

    def make() -> dict[str, Any]:
        made.append(search(store, where))
        return made[0]

    found = cache.get(("search", where, archive_version(store) if version is None else version), make)
    if made:  # answered now: its stories were read with its hits
        return made[0]
    story_of = store.story_ids_of(item["article"]["id"] for item in found["items"])
    return {**found, "items": [{**item, "story": story_of.get(item["article"]["id"])} for item in found["items"]]}


def archive_version(store: Store) -> tuple[int, int]:
    """A key for what depends on all the articles (search hits, the filters' values, totals): it changes
    when an article is added, and every ``ARCHIVE_SECONDS``."""
    return store.last_article_id(), int(time.time() // ARCHIVE_SECONDS)


def facets(store: Store) -> dict[str, Any]:
    """The values the home page's filters offer: outlets and languages."""
    return {"outlets": [o.name for o, _ in store.outlets()], "languages": [code for code, _ in store.languages()]}


def totals(store: Store) -> dict[str, Any]:
    """How many articles and outlets the archive holds, and the span of their publication times."""
    found = store.totals()
    first, last = found.first_published, found.last_published
    return {"articles": found.articles, "outlets": found.outlets,
            "first_published": first.isoformat() if first else None,
            "last_published": last.isoformat() if last else None}  # fmt: skip


def _story_of(store: Store, article_id: int) -> int | None:
    hits = store.story_ids_of([article_id])
    return hits.get(article_id)


def _kept_synopses(store: Store, story_ids: list[int]) -> dict[int, dict[str, Any]]:
    return {story_id: json.loads(zlib.decompress(data)) for story_id, data in store.stored_synopses(story_ids).items()}


def _article_marks(store: Store, story_id: int | None, article_id: str, text: str) -> dict[str, Any]:
    """The quotes and facts of one article in its story's kept synopsis, checked against the text (a
    synopsis made before the article changed is ignored)."""
    kept = _kept_synopses(store, [story_id]) if story_id is not None else {}
    synopsis_json = kept.get(story_id) if story_id is not None else None
    if synopsis_json is None:
        return {"quotes": [], "facts": [], "marked": False}
    sentences = split_sentences(text)
    facts = []
    for fact in synopsis_json["facts"]:
        for statement in fact["statements"]:
            index = statement["sentence"]
            same = index < len(sentences) and sentences[index].text == statement["text"]
            if statement["article"] == article_id and same:
                facts.append({"fact": fact["id"], "sentence": index, "sources": fact["sources"],
                              "support": fact["support"], "exclusive": fact["exclusive"]})  # fmt: skip
    quotes = []
    for group in synopsis_json["quotes"]:
        for variant in group["variants"]:
            if variant["article"] == article_id and text[variant["start"] : variant["end"]] == variant["printed"]:
                quotes.append(
                    {
                        "group": group["id"],
                        "speaker": group["speaker"]["name"],
                        "kind": variant["kind"],
                        "start": variant["start"],
                        "end": variant["end"],
                        "verdict": group["verdict"],
                    }
                )
    return {"quotes": quotes, "facts": facts, "marked": True}


def parse_day(value: str | date | None) -> datetime | None:
    """A filter's date (a date, or YYYY-MM-DD) as the datetime of its start in UTC, None when empty;
    raises InvalidQuery."""
    if not value:
        return None
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError as error:
        raise InvalidQuery(f"not a date ({error}); give a day that exists, as YYYY-MM-DD", value) from error
