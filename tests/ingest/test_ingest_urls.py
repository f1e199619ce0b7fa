"""Ingest of URLs and feeds end to end: real loopback server, real store, one outcome per input."""

from __future__ import annotations

import gzip
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from synoptic.model import Status
from synoptic.pipeline import ingest
from synoptic.settings import Settings
from synoptic.store import Store


def real_pages(shared_path: Any, count: int) -> list[bytes]:
    pages = sorted(shared_path("zyte-extraction", "html").glob("*.html.gz"))[:count]
    return [gzip.decompress(page.read_bytes()) for page in pages]


def test_urls_and_a_feed_with_broken_entries_store_the_good_and_name_the_bad(
    server: Any, shared_path: Any, tmp_path: Path
) -> None:
    first, second, third = real_pages(shared_path, 3)
    good = server.page("/good", first)
    entry_ok = server.page("/entry-ok", second)
    server.page("/server-error", b"oops", status=500)

    def slow(request: Any) -> None:
        time.sleep(2)

    server.routes["/slow"] = slow
    today = datetime.now(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Test feed</title>
      <item><title>One</title><link>{entry_ok}</link><pubDate>{today}</pubDate></item>
      <item><title>Two</title><link>{server.url("/entry-missing")}</link></item>
      <item><title>Three</title></item>
    </channel></rss>""".encode()
    feed_url = server.page("/feed.xml", feed, content_type="application/rss+xml")
    server.page("/third", third)
    urls = [
        good,
        server.url("/missing"),
        server.url("/server-error"),
        server.url("/slow"),
        feed_url,
        server.url("/third"),
    ]
    settings = Settings(db=str(tmp_path / "s.db"), allow_private=True, fetch_timeout=0.5)
    outcomes = []
    with Store.open(settings.db) as store:
        summary = ingest(urls, store, settings, outcomes.append)
        assert store.stats()["articles"] == 3
    failed = {outcome.source: outcome.reason for outcome in outcomes if outcome.status is Status.FAILED}
    assert summary.stored == 3
    assert any("/missing" in source and "404" in reason for source, reason in failed.items())
    assert any("/server-error" in source and "500" in reason for source, reason in failed.items())
    assert any("/slow" in source and "timed out" in reason for source, reason in failed.items())
    assert any("entry-missing" in source and "404" in reason for source, reason in failed.items())
    assert any("no link and no content" in reason for reason in failed.values())
    assert len(failed) == 5

    with Store.open(settings.db) as store:
        again = ingest([good, feed_url], store, settings)
        assert (again.stored, again.duplicates) == (0, 2)
