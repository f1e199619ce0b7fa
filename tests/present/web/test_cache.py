"""Pages kept rendered: never served stale, because their keys digest what they show."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from synoptic import pipeline
from synoptic.extract import EXTRACTOR_VERSION
from synoptic.present.web import create_app
from synoptic.present.web.cache import Recent, digest
from synoptic.settings import Settings
from synoptic.store import Store
from synoptic.store.filters import ListingFilter

# Reports of two invented events, written for these tests.
RECORDS = [
    {"url": "https://gazette.example/ferry", "outlet": "Harbour Gazette", "published": "2031-05-02T08:00:00Z",
     "title": "Night ferry saved by council vote",
     "text": "The council of Port Ellery voted on Tuesday to keep the night ferry running for two more years. "
             "The ferry carries 400 passengers a night between the island and the mainland."},
    {"url": "https://courier.example/ferry", "outlet": "Island Courier", "published": "2031-05-02T10:00:00Z",
     "title": "Council keeps the night ferry",
     "text": "Port Ellery's council voted on Tuesday to keep the night ferry running for two more years. "
             "About 400 passengers a night use the ferry between the island and the mainland."},
    {"url": "https://gazette.example/library", "outlet": "Harbour Gazette", "published": "2031-05-09T09:00:00Z",
     "title": "Library reopens after flood repairs",
     "text": "The town library of Port Ellery reopened on Monday after three months of repairs to its flooded "
             "basement. Its archive of old ship logs was saved and moved to the first floor."},
]  # fmt: skip
NEW_RECORD = {
    "url": "https://courier.example/pier",
    "outlet": "Island Courier",
    "published": "2031-05-20T07:00:00Z",
    "title": "Second pier opens to fishing boats",
    "text": "A second pier opened in Port Ellery on Saturday, giving the fishing fleet twenty new berths.",
}


def ingest_records(db: str, folder: Path) -> Settings:
    """The records ingested into ``db`` and clustered; the settings used (with an API token)."""
    path = folder / "records.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    settings = Settings(db=db, analysis_workers=1, api_token="s3cret")
    with Store.open(db) as store:
        assert pipeline.ingest([str(path)], store, settings).stored == len(RECORDS)
        pipeline.cluster(store, settings)
    return settings


def test_recent_makes_each_value_once_and_drops_the_least_recently_used() -> None:
    made: list[str] = []
    recent = Recent(size=2)

    def make(key: str) -> str:
        made.append(key)
        return key.upper()

    assert recent.get("a", lambda: make("a")) == "A"
    assert recent.get("b", lambda: make("b")) == "B"
    assert recent.get("a", lambda: make("a")) == "A"  # kept: "b" is now the least recently used
    assert recent.get("c", lambda: make("c")) == "C"
    assert recent.get("a", lambda: make("a")) == "A"
    assert recent.get("b", lambda: make("b")) == "B"
    assert made == ["a", "b", "c", "b"]
    assert len(recent) == 2
    assert digest({"x": 1, "y": [2]}) == digest({"y": [2], "x": 1}) != digest({"x": 1, "y": [3]})


def test_a_story_version_changes_with_anything_its_page_shows(db_url: str, tmp_path: Path) -> None:
    ingest_records(db_url, tmp_path)
    with Store.open(db_url) as store:
        by_title = {a.title: a for a in store.articles()}
        ferry = store.story_ids_of([by_title["Night ferry saved by council vote"].id or 0])
        story_id = next(iter(ferry.values()))
        first = store.story_version(story_id)
        listing = store.stories_version(ListingFilter())
        assert first is not None
        assert store.story_version(story_id) == first
        assert store.story_version(987654) is None

        library = by_title["Library reopens after flood repairs"]
        store.move_article(library.id or 0, story_id)
        moved = store.story_version(story_id)
        assert moved != first
        assert store.stories_version(ListingFilter()) != listing

        member = by_title["Council keeps the night ferry"]
        store.replace_extraction(member.id or 0, replace(member, text=member.text + " It sails at 23:40."),
                                 EXTRACTOR_VERSION)  # fmt: skip
        assert store.story_version(story_id) not in (first, moved)
        totals = store.totals()
        assert (totals.articles, totals.outlets) == (3, 2)
        assert totals.first_published is not None
        assert totals.first_published.isoformat().startswith("2031-05-02")


def test_home_and_search_show_a_new_article_at_once(tmp_path: Path) -> None:
    settings = ingest_records(str(tmp_path / "home.db"), tmp_path)
    with TestClient(create_app(settings)) as client:
        before = client.get("/").text
        assert "3 articles from 2 outlets" in before
        assert before == client.get("/").text
        assert client.get("/api/v1/search", params={"q": "pier"}).json()["items"] == []
        posted = client.post("/api/v1/articles", json=NEW_RECORD, headers={"Authorization": "Bearer s3cret"})
        assert posted.status_code == 201, posted.text
        after = client.get("/").text
        assert "Second pier opens to fishing boats" in after
        assert "4 articles from 2 outlets" in after
        hits = client.get("/api/v1/search", params={"q": "pier"}).json()["items"]
        assert [hit["story"] for hit in hits] == [posted.json()["story"]]
        assert "<mark>pier</mark>" in client.get("/search", params={"q": "pier"}).text


def test_search_hits_link_to_the_story_their_article_is_in_now(tmp_path: Path) -> None:
    settings = ingest_records(str(tmp_path / "moves.db"), tmp_path)
    with TestClient(create_app(settings)) as client:
        (hit,) = client.get("/api/v1/search", params={"q": "library"}).json()["items"]
        (ferry,) = {h["story"] for h in client.get("/api/v1/search", params={"q": "ferry"}).json()["items"]}
        assert hit["story"] != ferry
        with Store.open(settings.db) as store:
            store.move_article(hit["article"]["id"], ferry)
        (moved,) = client.get("/api/v1/search", params={"q": "library"}).json()["items"]
        assert moved["story"] == ferry
        assert f'href="/stories/{ferry}"' in client.get("/search", params={"q": "library"}).text


def test_search_pages_follow_one_ranking_with_and_without_filters(client: TestClient) -> None:
    first = client.get("/api/v1/search", params={"q": "said", "limit": 5}).json()
    second = client.get("/api/v1/search", params={"q": "said", "limit": 5, "offset": 5}).json()
    both = client.get("/api/v1/search", params={"q": "said", "limit": 10}).json()
    ids = [hit["article"]["id"] for hit in first["items"] + second["items"]]
    assert ids == [hit["article"]["id"] for hit in both["items"]]
    assert len(set(ids)) == 10
    ranks = [hit["rank"] for hit in both["items"]]
    assert ranks == sorted(ranks, reverse=True)
    assert all(any(seg["match"] for seg in hit["snippet"]) for hit in both["items"])
    outlet = next(hit["article"]["outlet"] for hit in both["items"] if hit["article"]["outlet"])
    filtered = client.get("/api/v1/search", params={"q": "said", "outlet": outlet, "limit": 50}).json()
    assert filtered["items"]
    assert {hit["article"]["outlet"] for hit in filtered["items"]} == {outlet}


@pytest.mark.slow
def test_the_story_page_is_made_again_when_its_story_changes(tmp_path: Path) -> None:
    settings = ingest_records(str(tmp_path / "story.db"), tmp_path)
    with Store.open(settings.db) as store:
        by_title = {a.title: a for a in store.articles()}
        story_id = store.story_ids_of([by_title["Council keeps the night ferry"].id or 0])[
            by_title["Council keeps the night ferry"].id or 0
        ]
    with TestClient(create_app(settings)) as client:
        page = client.get(f"/stories/{story_id}").text
        assert page == client.get(f"/stories/{story_id}").text
        assert "Library reopens" not in page
        with Store.open(settings.db) as store:
            store.move_article(by_title["Library reopens after flood repairs"].id or 0, story_id)
        assert "Library reopens" in client.get(f"/stories/{story_id}").text
        synopsis = client.get(f"/api/v1/stories/{story_id}/synopsis").json()
        assert "Library reopens after flood repairs" in {a["title"] for a in synopsis["articles"]}


def test_the_story_and_stories_api_are_kept_until_their_stories_change(tmp_path: Path, monkeypatch) -> None:
    from synoptic.present.web import views

    settings = ingest_records(str(tmp_path / "api.db"), tmp_path)
    with Store.open(settings.db) as store:
        by_title = {a.title: a.id or 0 for a in store.articles()}
        story_id = store.story_ids_of([by_title["Council keeps the night ferry"]])[
            by_title["Council keeps the night ferry"]
        ]
    made: list[str] = []
    for name in ("story", "stories"):
        view = getattr(views, name)
        monkeypatch.setattr(views, name, lambda *args, view=view, name=name: made.append(name) or view(*args))
    with TestClient(create_app(settings)) as client:
        assert "Night ferry saved by council vote" in client.get("/").text  # the home page's key is not the list's
        story = client.get(f"/api/v1/stories/{story_id}").json()
        listing = client.get("/api/v1/stories").json()
        assert client.get(f"/api/v1/stories/{story_id}").json() == story
        assert client.get("/api/v1/stories").json() == listing
        assert made == ["stories", "story", "stories"]  # the home page's listing, then each endpoint's once
        assert "Library reopens after flood repairs" not in {m["title"] for m in story["members"]}
        with Store.open(settings.db) as store:
            store.move_article(by_title["Library reopens after flood repairs"], story_id)
        moved = client.get(f"/api/v1/stories/{story_id}").json()
        assert "Library reopens after flood repairs" in {m["title"] for m in moved["members"]}
        relisted = client.get("/api/v1/stories").json()
        assert relisted != listing
        assert {s["id"]: s["articles"] for s in relisted["items"]}[story_id] == 3
        assert client.get(f"/api/v1/stories/{story_id + 1000}").status_code == 404
