"""The HTML pages in-process: what they show, security headers, escaping of hostile text, one rendering."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from synoptic.errors import InvalidQuery
from synoptic.present.reports import render_html
from synoptic.present.synopsis_view import safe_url
from synoptic.present.web.views import parse_day
from synoptic.store import Store
from synoptic.store.filters import ListingFilter
from tests.present.web.conftest import HOSTILE_OUTLET, story_of


class _Tags(HTMLParser):
    """Every element and attribute of a page, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def assert_no_injection(html: str) -> None:
    """No element or attribute that only an unescaped payload could have made: a script, an img, an
    event handler, a javascript: link, an svg other than our timeline and coverage bars."""
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        names = {name for name, _ in attrs}
        assert tag not in ("script", "img", "iframe", "object", "embed"), (tag, attrs)
        assert not any(name.startswith("on") for name in names), (tag, attrs)
        assert not any(name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:")
                       for name, value in attrs), (tag, attrs)  # fmt: skip
        if tag == "svg":
            assert dict(attrs).get("class") in ("timeline", "coverage"), attrs


def test_home_lists_stories_with_filters_and_a_search_box(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert 'action="/search"' in page.text
    assert 'name="outlet"' in page.text
    assert 'type="date"' in page.text
    assert "Pelosi wins another term" in page.text
    assert page.text.count('class="bar ') >= 12  # one coverage bar segment per outlet of each story
    filtered = client.get("/", params={"outlet": "fox"}).text
    assert "China, Russia Offer" not in filtered
    assert "Pelosi wins another term" in filtered


def test_every_response_carries_the_security_headers(client: TestClient, web_db: str) -> None:
    for path in ["/", "/outlets", "/search?q=ferry", "/api/v1/stories", "/stories/987654", "/static/synoptic.css"]:
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp, path
        assert "unsafe-inline" not in csp, path
        assert "script-src" not in csp, path
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"
    docs = client.get("/docs").headers  # the interactive API docs run our copy of Swagger UI, and only it
    assert "script-src 'self';" in docs["content-security-policy"]
    assert docs["x-frame-options"] == "DENY"
    assert len(client.get("/").headers.get_list("content-security-policy")) == 1


def test_pages_run_no_script_at_all(client: TestClient, web_db: str) -> None:
    with Store.open(web_db) as store:
        ids = [a.id for a in store.articles()][:5]
    for path in ["/", "/outlets", "/speakers", "/search?q=ferry", *(f"/articles/{i}" for i in ids)]:
        assert "<script" not in client.get(path).text.lower(), path


def test_hostile_text_is_escaped_on_every_page_that_shows_it(client: TestClient, web_db: str) -> None:
    with Store.open(web_db) as store:
        hostile = [a for a in store.articles(ListingFilter(limit=500)) if "ferry" in a.text]
    assert len(hostile) == 2
    story_id = story_of(web_db, "Harbour council")
    paths = ["/", "/outlets", f"/outlets/{HOSTILE_OUTLET}", "/search?q=ferry+script", "/search?q=pwned",
             *(f"/articles/{a.id}" for a in hostile), *(f"/articles/{a.id}?raw=1" for a in hostile),
             f"/?outlet={HOSTILE_OUTLET}"]  # fmt: skip
    for path in paths:
        page = client.get(path)
        assert page.status_code == 200, path
        assert_no_injection(page.text)
    assert "&lt;script&gt;" in client.get(f"/articles/{hostile[0].id}").text
    assert story_id


def test_only_http_and_https_urls_become_links(client: TestClient, web_db: str) -> None:
    assert safe_url("https://a.example/x") == "https://a.example/x"
    for url in ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "//evil.example",
                "https://a.example/\x00", None, ""]:  # fmt: skip
        assert safe_url(url) is None, url
    with Store.open(web_db) as store:
        article = next(a for a in store.articles(ListingFilter(limit=500)) if a.url and a.url.startswith("javascript:"))
    page = client.get(f"/articles/{article.id}").text
    assert 'href="javascript:' not in page
    assert "not a web link" in page
    links = re.findall(r'<a href="(https?:[^"]*)" rel="([^"]*)"', client.get(f"/articles/{article.id + 1}").text)
    assert all(rel == "noopener noreferrer nofollow" for _, rel in links)


def test_errors_are_pages_outside_the_api(client: TestClient) -> None:
    page = client.get("/stories/987654")
    assert page.status_code == 404
    assert "text/html" in page.headers["content-type"]
    assert "no such story" in page.text
    assert client.get("/articles/not-a-number").status_code == 422


def test_a_date_that_does_not_exist_is_an_invalid_query_naming_it(client: TestClient) -> None:
    with pytest.raises(InvalidQuery, match="YYYY-MM-DD"):
        parse_day("2026-02-30")
    page = client.get("/", params={"since": "2026-02-30"})
    assert page.status_code == 422
    assert "2026-02-30: not a date" in page.text


def test_the_search_page_marks_matches_and_escapes_the_rest(client: TestClient) -> None:
    page = client.get("/search", params={"q": "Oshima"}).text
    assert "<mark>Oshima</mark>" in page
    assert client.get("/search", params={"q": "  "}, follow_redirects=False).status_code == 303


@pytest.mark.slow
def test_the_story_page_and_the_report_share_one_rendering(client: TestClient, compared: dict[str, int]) -> None:
    synopsis = client.get(f"/api/v1/stories/{compared['seeds']}/synopsis").json()
    page = client.get(f"/stories/{compared['seeds']}").text
    report = render_html(synopsis)
    for section in ['id="conflicts"', 'id="quotes"', 'id="facts"', 'id="names"', 'id="copies"', "reacted coolly"]:
        assert section in page
        assert section in report
    assert "<style>" in report
    assert "<link" not in report
    assert 'href="/static/synoptic.css"' in page
    assert "<style" not in page


@pytest.mark.slow
def test_hostile_story_page_escapes_titles_quotes_and_outlets(client: TestClient, compared: dict[str, int]) -> None:
    page = client.get(f"/stories/{compared['hostile']}")
    assert page.status_code == 200
    assert_no_injection(page.text)
    assert "&lt;svg onload=" in page.text  # the outlet's name is shown, as text
    assert_no_injection(render_html(client.get(f"/api/v1/stories/{compared['hostile']}/synopsis").json()))
    speakers = client.get("/speakers").text
    assert_no_injection(speakers)


def test_templates_look_up_a_dicts_attributes_before_its_keys_as_jinja_does() -> None:
    from jinja2 import Environment, StrictUndefined

    from synoptic.present.web.render import _ENVIRONMENT

    source = "{{ d.title }} {{ d.items is callable }} {{ d.get is callable }} {{ d.missing is defined }} {{ n.real }}"
    context = {"d": {"title": "<b>", "items": [1], "get": 2}, "n": 5}
    plain = Environment(autoescape=True, undefined=StrictUndefined).from_string(source).render(context)
    assert _ENVIRONMENT.from_string(source).render(context) == plain == "&lt;b&gt; True True False 5"


def test_the_app_runs_at_most_sync_threads_routes_at_once_on_its_event_loop(client: TestClient) -> None:
    import anyio.to_thread

    from synoptic.present.web.app import SYNC_THREADS

    def tokens() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    assert client.portal is not None
    assert client.portal.call(tokens) == SYNC_THREADS
    assert client.get("/").status_code == 200
