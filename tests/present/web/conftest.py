"""A real database for the web tests: the seeds, one NewsWCL50 event, the BASIL 2016 triplets and two
hostile articles of our own, really ingested and clustered; a real server on loopback for the browser."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from synoptic import pipeline
from synoptic.present.web import create_app
from synoptic.settings import Settings
from synoptic.store import Store

# Each payload tries to run script; none may. They set window.__pwned or open a dialog if they ever do.
SCRIPT = "<script>window.__pwned = 1; alert('title')</script>"
IMG = '<img src=x onerror="window.__pwned = 2; alert(2)">'
SVG = '<svg onload="window.__pwned = 3"><script>window.__pwned = 3</script></svg>'
BREAKOUT = '"><script>window.__pwned = 4</script><a x="'
HOSTILE_OUTLET = f"Evil{SVG} News"
HOSTILE_OUTLET_2 = f"Other{IMG} Wire"

# Two reports of an invented event, written for these tests (no third-party text), with a payload
# in every field a page shows: title, outlet, URL, body and the quoted words.
HOSTILE_RECORDS = [
    {
        "url": "javascript:window.__pwned=5",
        "outlet": HOSTILE_OUTLET,
        "title": f"Harbour council {SCRIPT} approves the ferry budget {IMG}",
        "published": "2031-03-04T09:00:00Z",
        "text": (
            f"The harbour council of Port Ellery approved the ferry budget on Tuesday {SVG}.\n"
            f'"We will fund {IMG} the night ferry for two more years," said mayor Alma Rusk.\n'
            f"The budget adds 12 million pounds for new boats {BREAKOUT} and a second pier.\n"
            "Residents welcomed the decision at a packed meeting in the town hall."
        ),
    },
    {
        "url": f'https://example.org/ferry?a="{BREAKOUT}',
        "outlet": HOSTILE_OUTLET_2,
        "title": f"Port Ellery backs ferry plan {SVG}",
        "published": "2031-03-04T11:00:00Z",
        "text": (
            f"The harbour council of Port Ellery approved the ferry budget on Tuesday {SCRIPT}.\n"
            f'"We will fund the night ferry for two more years {SCRIPT}," said mayor Alma Rusk.\n'
            "The budget adds 15 million pounds for new boats and a second pier.\n"
            f"Residents criticised the decision at a packed meeting in the town hall {IMG}."
        ),
    },
]


def write_hostile(folder: Path) -> Path:
    """The hostile records as a JSONL file in ``folder``."""
    path = folder / "hostile.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in HOSTILE_RECORDS) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory, seeds: list[Path], shared_path: Callable[..., Path]) -> str:
    """An SQLite database with real articles and the hostile ones, clustered into stories."""
    folder = tmp_path_factory.mktemp("web")
    db = str(folder / "web.db")
    settings = Settings(db=db, analysis_workers=1)
    inputs = [str(p) for p in seeds]
    inputs.append(str(shared_path("newswcl50", "1-raw-articles", "event_1")))
    inputs += [str(p) for p in sorted(shared_path("basil", "articles", "2016").glob("*.json"))]
    inputs.append(str(write_hostile(folder)))
    with Store.open(db) as store:
        summary = pipeline.ingest(inputs, store, settings)
        assert summary.failed == 0, summary.failures
        pipeline.cluster(store, settings)
    return db


@pytest.fixture(scope="session")
def web_settings(web_db: str) -> Settings:
    return Settings(db=web_db, analysis_workers=1)


@pytest.fixture(scope="session")
def client(web_settings: Settings) -> Iterator[TestClient]:
    """The real app in-process, read-only (no API token)."""
    with TestClient(create_app(web_settings)) as test_client:
        yield test_client


def story_of(db: str, title_part: str) -> int:
    """The id of the story holding an article whose title contains ``title_part``."""
    with Store.open(db) as store:
        for story in store.stories(limit=500):
            if any(title_part in m.article.title for m in store.story_members(story.id)):
                return story.id
    raise AssertionError(f"no story with an article titled like {title_part!r}")


@pytest.fixture(scope="session")
def compared(web_db: str, web_settings: Settings) -> dict[str, int]:
    """The seed story and the hostile story, compared (their synopses made and kept): loads the models."""
    ids = {"seeds": story_of(web_db, "China, Russia Offer"), "hostile": story_of(web_db, "Harbour council")}
    with Store.open(web_db) as store:
        for story_id in ids.values():
            pipeline.story_synopsis(store, story_id, web_settings)
    return ids


@pytest.fixture(scope="session")
def server(web_settings: Settings, compared: dict[str, int]) -> Iterator[str]:
    """The app under uvicorn on a free loopback port; yields its base URL."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(web_settings), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, driven by Playwright (never a browser Playwright downloads)."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed: run scripts/ensure-chromium.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=["--headless=new", "--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()
