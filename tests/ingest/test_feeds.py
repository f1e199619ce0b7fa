"""Feeds: RSS and Atom documents written here, served with their articles from a loopback server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from synoptic.errors import BlockedAddress, FetchError, IngestError
from synoptic.ingest.feeds import iter_feed, looks_like_feed
from synoptic.ingest.fetch import Fetcher
from synoptic.model import InputKind, RawDocument
from synoptic.settings import Settings

from .conftest import LoopbackServer

RECEIVED = datetime(2024, 5, 2, 6, 0, tzinfo=UTC)
LOCAL = Settings(allow_private=True, fetch_timeout=2.0)

FERRY_PAGE = (
    b"<html><head><title>Ferry timetable changes</title></head><body><p>The winter timetable starts.</p></body></html>"
)
BRIDGE_PAGE = (
    b"<html><head><title>Bridge repairs finish</title></head><body><p>The east bridge reopened.</p></body></html>"
)

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Harbour Gazette</title><link>{base}/</link><description>Test feed</description>
  <item>
    <title>Ferry timetable changes</title>
    <link>{base}/news/ferry</link>
    <pubDate>Tue, 05 Mar 2024 09:30:00 +0100</pubDate>
    <dc:creator>Ana Ruiz</dc:creator>
  </item>
  <item>
    <title>A page that is gone</title>
    <link>{base}/news/gone</link>
  </item>
  <item>
    <title>Market hall opens on Sundays</title>
    <guid isPermaLink="false">market-1</guid>
    <content:encoded><![CDATA[<p>The market hall will open on Sundays from June,
      the town council decided.</p>]]></content:encoded>
  </item>
  <item>
    <title>Headline only</title>
    <guid isPermaLink="false">headline-only</guid>
  </item>
  <item>
    <title>Relative link</title>
    <link>/news/bridge</link>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Valley Courier</title><id>urn:test:valley-courier</id><updated>2024-05-01T12:00:00Z</updated>
  <entry>
    <title>Bridge repairs finish early</title>
    <link rel="alternate" type="text/html" href="{base}/news/bridge"/>
    <id>urn:test:1</id>
    <published>2024-05-01T08:15:00+02:00</published>
    <updated>2024-05-01T09:00:00Z</updated>
    <author><name>Chris Doe</name></author>
    <author><name>Dee Fox</name></author>
  </entry>
  <entry>
    <title>Inline report</title>
    <id>urn:test:2</id>
    <updated>2024-05-01T10:00:00Z</updated>
    <content type="html">&lt;p&gt;The council approved the new cycle lanes on Tuesday.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Missing page</title>
    <link href="{base}/news/missing"/>
    <id>urn:test:3</id>
    <updated>2024-05-01T11:00:00Z</updated>
  </entry>
  <entry>
    <title>Nothing at all</title>
    <id>urn:test:4</id>
    <updated>2024-05-01T11:30:00Z</updated>
  </entry>
</feed>
"""


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(LOCAL) as running:
        yield running


def serve_articles(server: LoopbackServer) -> None:
    server.page("/news/ferry", FERRY_PAGE)
    server.page("/news/bridge", BRIDGE_PAGE)


def read_feed(server: LoopbackServer, fetcher: Fetcher, path: str, body: str, content_type: str) -> list[Any]:
    """Fetch the feed from the server as the ingest loop would, then iterate it."""
    server.page(path, body.format(base=server.url("")).encode(), content_type=content_type)
    fetched = fetcher.get(server.url(path))
    assert looks_like_feed(fetched.content, fetched.content_type)
    return list(iter_feed(fetched.content, fetched.url, fetcher, RECEIVED))


def test_rss_entries_become_documents_or_errors(server: LoopbackServer, fetcher: Fetcher) -> None:
    serve_articles(server)
    feed_url = server.url("/feeds/main.rss")
    ferry, gone, market, headline_only, relative = read_feed(
        server, fetcher, "/feeds/main.rss", RSS, "application/rss+xml"
    )

    assert isinstance(ferry, RawDocument)
    assert ferry.kind is InputKind.HTML
    assert ferry.url == server.url("/news/ferry")
    assert ferry.source == f"{feed_url}#entry1: {server.url('/news/ferry')}"
    assert ferry.content == FERRY_PAGE
    assert ferry.fields == {
        "title": "Ferry timetable changes",
        "published": "2024-03-05T08:30:00+00:00",
        "authors": ["Ana Ruiz"],
    }

    assert isinstance(gone, FetchError)
    assert gone.reason == "HTTP 404 Not Found"
    assert gone.subject == f"{feed_url}#entry2: {server.url('/news/gone')}"

    assert isinstance(market, RawDocument)
    assert market.url is None
    assert market.source == f"{feed_url}#entry3"
    assert b"<p>The market hall will open on Sundays from June,\n      the town council decided.</p>" in market.content
    assert b"<title>Market hall opens on Sundays</title>" in market.content
    assert market.received_at == RECEIVED
    assert market.fields == {"title": "Market hall opens on Sundays"}

    assert type(headline_only) is IngestError
    assert headline_only.reason == "entry 4 has no link and no content"
    assert headline_only.subject == feed_url

    assert isinstance(relative, RawDocument)  # "/news/bridge" resolved against the feed's URL
    assert relative.url == server.url("/news/bridge")
    assert relative.content == BRIDGE_PAGE


def test_atom_entries_become_documents_or_errors(server: LoopbackServer, fetcher: Fetcher) -> None:
    serve_articles(server)
    feed_url = server.url("/feeds/valley.atom")
    bridge, inline, missing, empty = read_feed(server, fetcher, "/feeds/valley.atom", ATOM, "application/atom+xml")

    assert isinstance(bridge, RawDocument)
    assert bridge.url == server.url("/news/bridge")
    assert bridge.content == BRIDGE_PAGE
    assert bridge.fields == {
        "title": "Bridge repairs finish early",
        "published": "2024-05-01T06:15:00+00:00",
        "authors": ["Chris Doe", "Dee Fox"],
    }

    assert isinstance(inline, RawDocument)
    assert b"<p>The council approved the new cycle lanes on Tuesday.</p>" in inline.content
    assert inline.fields == {"title": "Inline report", "published": "2024-05-01T10:00:00+00:00"}

    assert isinstance(missing, FetchError)
    assert missing.subject == f"{feed_url}#entry3: {server.url('/news/missing')}"
    assert "404" in missing.reason

    assert type(empty) is IngestError
    assert str(empty) == f"{feed_url}: entry 4 has no link and no content"


def test_an_entry_link_to_an_internal_address_is_refused(connections: list[Any]) -> None:
    feed = RSS.format(base="http://10.0.0.1").encode()
    with Fetcher(Settings(allow_private=False)) as guarded:
        items = list(iter_feed(feed, "feeds/main.rss", guarded, RECEIVED))
    assert isinstance(items[0], BlockedAddress)
    assert items[0].subject == "feeds/main.rss#entry1: http://10.0.0.1/news/ferry"
    assert isinstance(items[2], RawDocument)  # the inline entry does not need the network
    assert connections == []


def test_a_relative_link_in_a_feed_file_needs_a_base(server: LoopbackServer, fetcher: Fetcher) -> None:
    serve_articles(server)
    feed = RSS.format(base=server.url("")).encode()
    from_file = list(iter_feed(feed, "feeds/main.rss", fetcher, RECEIVED))
    assert isinstance(from_file[4], FetchError)
    assert from_file[4].reason == "not an absolute http(s) URL"
    assert from_file[4].subject == "feeds/main.rss#entry5: /news/bridge"

    with_base = list(iter_feed(feed, "feeds/main.rss", fetcher, RECEIVED, base_url=server.url("/feeds/main.rss")))
    assert isinstance(with_base[4], RawDocument)
    assert with_base[4].url == server.url("/news/bridge")


def test_entries_are_not_fetched_by_feedparser_and_external_entities_are_not_read(
    server: LoopbackServer, fetcher: Fetcher, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("PRIVATE-MARKER")
    feed = f"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY local SYSTEM "file://{secret}">
  <!ENTITY remote SYSTEM "{server.url("/entity")}">
]>
<rss version="2.0"><channel><title>t</title>
<item><title>Leak &local; &remote;</title>
<description>&local; &remote; and more words</description></item>
</channel></rss>""".encode()
    items = list(iter_feed(feed, "evil.rss", fetcher, RECEIVED))
    assert len(items) == 1
    assert isinstance(items[0], RawDocument)  # the entry's own text, with the entities left unexpanded
    assert all(b"PRIVATE-MARKER" not in item.content for item in items if isinstance(item, RawDocument))
    assert all("PRIVATE-MARKER" not in str(item.fields) for item in items if isinstance(item, RawDocument))
    assert server.requests == []


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the document is empty"),
        (b"<html><body><p>Just a web page.</p></body></html>", "cannot parse feed"),
        (b"\x00\x01\x02binary", "cannot parse feed"),
        (b'<?xml version="1.0"?><catalog><book>Not a feed</book></catalog>', "not an RSS, Atom or RDF feed"),
    ],
)
def test_an_unreadable_feed_is_one_error(fetcher: Fetcher, content: bytes, reason: str) -> None:
    items = list(iter_feed(content, "broken.xml", fetcher, RECEIVED))
    assert len(items) == 1
    assert type(items[0]) is IngestError
    assert reason in items[0].reason
    assert items[0].subject == "broken.xml"


def test_a_feed_without_entries_yields_nothing(fetcher: Fetcher) -> None:
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    assert list(iter_feed(empty, "quiet.rss", fetcher, RECEIVED)) == []


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"<html><body>anything</body></html>", "application/rss+xml"),
        (b"<html><body>anything</body></html>", "application/atom+xml; charset=utf-8"),
        (b'<?xml version="1.0"?>\n<!-- made by hand -->\n<rss version="2.0"><channel/></rss>', "text/xml"),
        (b'\xef\xbb\xbf<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>', None),
        (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "application/xml"),
        (b'<!DOCTYPE rss [<!ENTITY a "b">]>\n<rss version="0.91"><channel/></rss>', "text/html"),
        ('<?xml version="1.0" encoding="utf-16"?><rss version="2.0"/>'.encode("utf-16"), None),
    ],
)
def test_looks_like_feed(content: bytes, content_type: str | None) -> None:
    assert looks_like_feed(content, content_type)


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"<!DOCTYPE html><html><body><p>About our <rss> feed</p></body></html>", "text/html"),
        (b'<?xml version="1.0"?><catalog/>', "application/xml"),
        (b"plain words", "text/plain"),
        (b"", None),
    ],
)
def test_does_not_look_like_feed(content: bytes, content_type: str | None) -> None:
    assert not looks_like_feed(content, content_type)


def test_a_permalink_guid_is_a_link_but_other_ids_are_not(server: LoopbackServer, fetcher: Fetcher) -> None:
    serve_articles(server)
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Permalink</title><guid>{server.url("/news/ferry")}</guid></item>
<item><title>Not a permalink</title><guid isPermaLink="false">{server.url("/news/bridge")}</guid></item>
</channel></rss>""".encode()
    permalink, not_permalink = iter_feed(feed, "guids.rss", fetcher, RECEIVED)
    assert isinstance(permalink, RawDocument)
    assert permalink.content == FERRY_PAGE
    assert type(not_permalink) is IngestError
    assert not_permalink.reason == "entry 2 has no link and no content"
    assert server.paths() == ["/news/ferry"]
