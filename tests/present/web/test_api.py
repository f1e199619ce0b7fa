"""The JSON API in-process on a real database: listings, pagination, filters, search, errors, ingest refusal."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from fastapi.testclient import TestClient

from synoptic.present.web import create_app
from synoptic.settings import Settings
from synoptic.store import Store
from tests.present.web.conftest import HOSTILE_OUTLET, HOSTILE_OUTLET_2, story_of

SCHEMA = Path(__file__).resolve().parents[3] / "docs" / "synopsis.schema.json"


def test_stories_are_listed_newest_first_with_their_coverage(client: TestClient, web_db: str) -> None:
    body = client.get("/api/v1/stories", params={"limit": 100}).json()
    items = body["items"]
    assert len(items) >= 12
    assert [s["last_seen"] for s in items] == sorted((s["last_seen"] for s in items), reverse=True)
    basil = next(s for s in items if s["outlets"] == 3)
    assert sorted(c["outlet"] for c in basil["coverage"]) == ["fox", "hpo", "nyt"]
    assert sum(c["articles"] for c in basil["coverage"]) == basil["articles"]
    with Store.open(web_db) as store:
        assert [s["id"] for s in items] == [s.id for s in store.stories(limit=100)]


def test_pages_of_a_listing_follow_each_other(client: TestClient) -> None:
    everything = client.get("/api/v1/stories", params={"limit": 200}).json()["items"]
    first = client.get("/api/v1/stories", params={"limit": 5}).json()
    second = client.get("/api/v1/stories", params={"limit": 5, "offset": first["next_offset"]}).json()
    assert first["next_offset"] == 5
    assert [s["id"] for s in first["items"] + second["items"]] == [s["id"] for s in everything[:10]]


def test_stories_filter_by_outlet_language_and_dates(client: TestClient) -> None:
    nyt = client.get("/api/v1/stories", params={"outlet": "nytimes.com", "limit": 200}).json()["items"]
    assert nyt
    assert all(any(c["outlet"] == "nyt" for c in s["coverage"]) for s in nyt)
    summer = client.get("/api/v1/stories", params={"since": "2016-06-01", "until": "2016-09-01"}).json()["items"]
    assert summer
    assert all(s["last_seen"][:10] >= "2016-06-01" and s["first_seen"][:10] < "2016-09-01" for s in summer)
    assert client.get("/api/v1/stories", params={"language": "xx"}).json()["items"] == []


def test_a_story_lists_its_articles_in_time_order(client: TestClient, web_db: str) -> None:
    story_id = story_of(web_db, "Harbour council")
    body = client.get(f"/api/v1/stories/{story_id}").json()
    assert [m["outlet"] for m in body["members"]] == [HOSTILE_OUTLET, HOSTILE_OUTLET_2]  # by publication time
    assert body["articles"] == 2
    assert body["outlets"] == 2


def test_an_article_comes_with_its_text_story_and_sentence_spans(client: TestClient, web_db: str) -> None:
    with Store.open(web_db) as store:
        article = next(a for a in store.articles() if a.title.startswith("Harbour council"))
    body = client.get(f"/api/v1/articles/{article.id}").json()
    assert body["text"] == article.text
    assert body["story"] == story_of(web_db, "Harbour council")
    assert all(article.text[s["start"] : s["end"]].strip() for s in body["sentences"])
    raw = client.get(f"/api/v1/articles/{article.id}/raw").json()
    assert raw["kind"] == "record"
    assert json.loads(raw["content"])["title"] == article.title


def test_search_ranks_matching_articles_and_returns_snippets_as_segments(client: TestClient) -> None:
    body = client.get("/api/v1/search", params={"q": "Oshima ambassador"}).json()
    assert len(body["items"]) == 2  # both seeds, nothing else mentions him
    for hit in body["items"]:
        matched = [s["text"].lower() for s in hit["snippet"] if s["match"]]
        assert "oshima" in matched or "ambassador" in matched
        assert hit["story"] is not None
    ranks = [h["rank"] for h in body["items"]]
    assert ranks == sorted(ranks, reverse=True)


def test_search_accepts_any_text_without_a_syntax_error(client: TestClient) -> None:
    for query in ['"unbalanced', "AND OR NOT", "NEAR(a b", "*", "ferry)(*", "<script>"]:
        response = client.get("/api/v1/search", params={"q": query})
        assert response.status_code == 200, query
    assert client.get("/api/v1/search", params={"q": "script"}).json()["items"]  # payload words are searchable text


def test_outlets_and_an_outlet_profile(client: TestClient) -> None:
    names = {o["name"]: o["articles"] for o in client.get("/api/v1/outlets").json()["items"]}
    assert names["fox"] == 10
    profile = client.get("/api/v1/outlets/fox").json()
    assert len(profile["stories"]) == 10
    assert profile["copies"]["articles"] == 10
    assert 0.0 <= profile["copies"]["copied_share"] <= 1.0


def test_errors_are_json_with_status_and_message(client: TestClient) -> None:
    for path, status in [("/api/v1/stories/987654", 404), ("/api/v1/articles/987654", 404),
                         ("/api/v1/outlets/no-such-outlet", 404), ("/api/v1/nowhere", 404),
                         ("/api/v1/stories?limit=0", 422), ("/api/v1/stories?since=yesterday", 422)]:  # fmt: skip
        response = client.get(path)
        assert response.status_code == status, path
        body = response.json()
        assert body["status"] == status, path
        assert isinstance(body["message"], str), path
        assert body["message"], path


def test_ingest_is_refused_without_a_configured_token(client: TestClient) -> None:
    record = {"title": "A test", "text": "A short test article about nothing in particular.", "outlet": "Test"}
    response = client.post("/api/v1/articles", json=record, headers={"Authorization": "Bearer guess"})
    assert response.status_code == 403
    assert response.json()["status"] == 403


def test_ingest_with_the_token_stores_and_places_the_article(tmp_path, seeds) -> None:
    settings = Settings(db=str(tmp_path / "ingest.db"), analysis_workers=1, api_token="s3cret")
    record = {"title": "Ferry timetable changes", "outlet": "Test Gazette", "url": "https://gazette.example/1",
              "text": "The ferry company changed its winter timetable on Monday after complaints."}  # fmt: skip
    with TestClient(create_app(settings)) as app:
        wrong = app.post("/api/v1/articles", json=record, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 403
        made = app.post("/api/v1/articles", json=record, headers={"Authorization": "Bearer s3cret"})
        assert made.status_code == 201, made.text
        body = made.json()
        assert body["status"] == "stored"
        assert body["story"] is not None
        again = app.post("/api/v1/articles", json=record, headers={"Authorization": "Bearer s3cret"})
        assert again.status_code == 200
        assert again.json()["status"] == "duplicate"
        local = app.post("/api/v1/articles", json={"url": "/etc/passwd"}, headers={"Authorization": "Bearer s3cret"})
        assert local.status_code == 422
        assert app.get(f"/api/v1/articles/{body['article']}").json()["title"] == "Ferry timetable changes"


def test_the_openapi_description_lists_every_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/v1/stories", "/api/v1/stories/{story_id}", "/api/v1/stories/{story_id}/synopsis",
            "/api/v1/articles", "/api/v1/articles/{article_id}", "/api/v1/outlets", "/api/v1/outlets/{name}",
            "/api/v1/speakers", "/api/v1/speakers/{name}", "/api/v1/search"} <= set(spec["paths"])  # fmt: skip
    assert not any(path.startswith(("/stories", "/articles", "/outlets")) for path in spec["paths"])  # pages: HTML
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/static/swagger/swagger-ui-bundle.js" in docs.text
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200


@pytest.mark.slow
def test_the_synopsis_endpoint_answers_in_the_documented_schema(client: TestClient, compared: dict[str, int]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    body = client.get(f"/api/v1/stories/{compared['seeds']}/synopsis").json()
    jsonschema.validate(body, schema)
    assert body["conflicts"][0]["kind"] == "characterisation"
