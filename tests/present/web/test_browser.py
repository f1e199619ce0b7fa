"""In the real browser (Debian's Chromium via Playwright), over a real server on loopback: a person's
journey through the app, hostile payloads that must never run, and the pages at phone width.

Screenshots are kept in test-artifacts/web/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from synoptic.store import Store
from synoptic.store.filters import ListingFilter
from tests.present.web.conftest import HOSTILE_OUTLET, HOSTILE_OUTLET_2

pytestmark = pytest.mark.slow
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "web"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    opened = context.new_page()
    opened.dialogs = []  # type: ignore[attr-defined]
    opened.csp_errors = []  # type: ignore[attr-defined]
    opened.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    opened.on("console", lambda m: "Content Security Policy" in m.text and opened.csp_errors.append(m.text))
    yield opened
    context.close()


def shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def hostile_paths(web_db: str, story_id: int, client: object) -> list[str]:
    with Store.open(web_db) as store:
        ids = [a.id for a in store.articles(ListingFilter(limit=500)) if "ferry" in a.text]
    speakers = client.get("/api/v1/speakers").json()["items"]  # type: ignore[attr-defined]
    rusk = [f"/speakers/{quote(s['name'], safe='')}" for s in speakers if "Rusk" in s["name"]]
    return ["/", f"/stories/{story_id}", *(f"/articles/{i}" for i in ids), *(f"/articles/{i}?raw=1" for i in ids),
            f"/outlets/{quote(HOSTILE_OUTLET, safe='')}", f"/outlets/{quote(HOSTILE_OUTLET_2, safe='')}",
            "/search?q=ferry+pwned", "/speakers", f"/?outlet={quote(HOSTILE_OUTLET, safe='')}", *rusk]  # fmt: skip


def test_hostile_payloads_never_run(page: object, server: str, web_db: str, compared: dict[str, int],
                                    client: object) -> None:  # fmt: skip
    paths = hostile_paths(web_db, compared["hostile"], client)
    for path in paths:
        response = page.goto(server + path)  # type: ignore[attr-defined]
        assert response.status == 200, path
        assert page.evaluate("typeof window.__pwned") == "undefined", path  # type: ignore[attr-defined]
        assert page.evaluate("document.scripts.length") == 0, path  # type: ignore[attr-defined]
    assert page.dialogs == []  # type: ignore[attr-defined]
    assert page.csp_errors == []  # nothing even tried to run and was blocked  # type: ignore[attr-defined]
    page.goto(server + f"/stories/{compared['hostile']}")  # type: ignore[attr-defined]
    assert "<script>" in page.inner_text("h1")  # the payload is shown as text  # type: ignore[attr-defined]
    shot(page, "hostile-story")


def test_a_readers_journey_home_story_speaker_outlet_search(page: object, server: str,
                                                            compared: dict[str, int]) -> None:  # fmt: skip
    page.goto(server + "/")  # type: ignore[attr-defined]
    shot(page, "home")
    page.click("text=China, Russia Offer New Security Council Resolution")  # type: ignore[attr-defined]
    assert page.url.endswith(f"/stories/{compared['seeds']}")  # type: ignore[attr-defined]
    shot(page, "story-seeds")

    oshima = page.locator(".speaker", has=page.locator("h3", has_text="Kenzo Oshima"))  # type: ignore[attr-defined]
    added, removed = oshima.locator("ins"), oshima.locator("del")
    assert added.count() >= 1
    assert removed.count() >= 1
    assert "that there are" in " ".join(added.all_inner_texts())
    assert "doubt very much whether" in " ".join(removed.all_inner_texts())
    colour = "el => getComputedStyle(el).backgroundColor"
    assert added.first.evaluate(colour) != removed.first.evaluate(colour) != "rgba(0, 0, 0, 0)"

    conflict = page.locator("#conflicts .conflict").first  # type: ignore[attr-defined]
    sides = conflict.locator(".side .value").all_inner_texts()
    assert sides == ["reacted coolly", "welcomed"]
    assert page.locator("#facts .badge.exclusive").count() >= 20  # type: ignore[attr-defined]
    assert page.locator("#facts .badge.exclusive").first.is_visible()  # type: ignore[attr-defined]
    assert "Pyongang" in page.inner_text("#names")  # type: ignore[attr-defined]

    page.click("#facts a.yes >> nth=0")  # a statement leads to its sentence in its article  # type: ignore[attr-defined]
    assert "/articles/" in page.url
    assert "#s" in page.url
    anchor = page.url.split("#")[1]  # type: ignore[attr-defined]
    assert page.locator(f"#{anchor}").is_visible()  # type: ignore[attr-defined]
    assert page.locator("mark.quote").count() >= 1  # quotes are marked in the text  # type: ignore[attr-defined]
    shot(page, "article")
    page.go_back()  # type: ignore[attr-defined]

    page.click("#quotes h3 a:has-text('Kenzo Oshima')")  # type: ignore[attr-defined]
    assert "/speakers/Kenzo%20Oshima" in page.url  # type: ignore[attr-defined]
    assert page.locator(".qgroup").count() >= 2
    assert page.locator("ins").count() >= 1
    shot(page, "speaker")

    page.click("nav >> text=Outlets")  # type: ignore[attr-defined]
    page.click("td >> text=nyt")  # type: ignore[attr-defined]
    assert page.inner_text("h1") == "nyt"  # type: ignore[attr-defined]
    assert "Stories covered" in page.inner_text("main")  # type: ignore[attr-defined]
    shot(page, "outlet")

    page.fill("input[name=q]", "Security Council resolution")  # type: ignore[attr-defined]
    page.press("input[name=q]", "Enter")  # type: ignore[attr-defined]
    assert "/search?q=Security+Council+resolution" in page.url  # type: ignore[attr-defined]
    marks = page.locator(".hits mark").all_inner_texts()  # type: ignore[attr-defined]
    assert {"Security", "Council"} <= set(marks)
    shot(page, "search")


def test_pages_fit_a_phone_without_sideways_scrolling(browser: object, server: str, compared: dict[str, int]) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2)  # type: ignore[attr-defined]
    phone = context.new_page()
    for name, path in [("home", "/"), ("story", f"/stories/{compared['seeds']}"), ("outlets", "/outlets"),
                       ("outlet", "/outlets/fox"), ("speaker", "/speakers/Kenzo%20Oshima"),
                       ("search", "/search?q=ambassador"), ("hostile", f"/stories/{compared['hostile']}")]:  # fmt: skip
        phone.goto(server + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width}px wide at a phone's {PHONE['width']}px"
        shot(phone, f"phone-{name}")
    context.close()


def test_the_api_docs_run_under_their_csp(page: object, server: str) -> None:
    page.goto(server + "/docs")  # type: ignore[attr-defined]
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)  # type: ignore[attr-defined]
    assert page.csp_errors == []  # type: ignore[attr-defined]
