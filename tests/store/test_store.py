"""The store on both databases: migrations, uniqueness, round trips, listings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy
from alembic import command
from alembic.config import Config

from synoptic.errors import NotFound, StoreError
from synoptic.extract import EXTRACTOR_VERSION, extract
from synoptic.model import Article, InputKind, Outlet, RawDocument, Status, content_hash
from synoptic.store import Store
from synoptic.store.database import _MIGRATIONS
from synoptic.store.filters import ListingFilter

NOW = datetime(2026, 11, 24, tzinfo=UTC)


def raw_text(seed_path, outlet: str | None = None) -> RawDocument:
    return RawDocument(str(seed_path), InputKind.TEXT, seed_path.read_bytes(), NOW, outlet=outlet)


def test_a_fresh_database_is_migrated_and_reopening_is_a_no_op(db_url: str) -> None:
    with Store.open(db_url) as store:
        assert store.stats()["articles"] == 0
    with Store.open(db_url) as store:
        tables = sqlalchemy.inspect(store.engine).get_table_names()
    assert {"articles", "outlets", "raw_documents", "alembic_version"} <= set(tables)


def test_migrations_downgrade_to_empty_and_upgrade_again(db_url: str) -> None:
    with Store.open(db_url) as store, store.engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
        assert "articles" not in sqlalchemy.inspect(connection).get_table_names()
        command.upgrade(config, "head")
        assert "articles" in sqlalchemy.inspect(connection).get_table_names()


def test_article_round_trip_keeps_every_field_and_the_raw_input(db_url: str, seeds) -> None:
    raw = raw_text(seeds[0], outlet="Voice of America")
    article = extract(raw)
    with Store.open(db_url) as store:
        outcome = store.add(raw, article, EXTRACTOR_VERSION)
        assert outcome.status is Status.STORED
        stored = store.article(outcome.article_id)
        assert stored.text == article.text
        assert stored.title == article.title
        assert stored.outlet == Outlet("Voice of America", None)
        assert stored.language == "en"
        assert stored.content_hash == article.content_hash
        assert store.raw_document(outcome.article_id).content == raw.content


def test_a_stored_article_carries_its_stored_hash_and_word_count_and_a_new_text_its_own(db_url: str, seeds) -> None:
    from dataclasses import replace

    raw = raw_text(seeds[0])
    article = extract(raw)
    with Store.open(db_url) as store:
        article_id = store.add(raw, article, EXTRACTOR_VERSION).article_id
        stored = store.article(article_id)
        assert (stored.content_hash, stored.word_count) == (article.content_hash, article.word_count)
        assert stored == replace(stored)
        assert "_known" not in repr(stored)
        with store.engine.begin() as connection:  # the columns are what is read: the text is not hashed again
            connection.execute(sqlalchemy.text("UPDATE articles SET content_hash = 'kept', word_count = 7"))
        kept = store.article(article_id)
        assert (kept.content_hash, kept.word_count) == ("kept", 7)
        assert [a.content_hash for a in store.articles()] == ["kept"]
    changed = replace(kept, text=kept.text + " One more sentence.")
    assert (changed.content_hash, changed.word_count) == (content_hash(changed.text), len(changed.text.split()))


def test_the_same_input_twice_is_a_duplicate_and_stores_nothing(db_url: str, seeds) -> None:
    raw = raw_text(seeds[0])
    with Store.open(db_url) as store:
        first = store.add(raw, extract(raw), EXTRACTOR_VERSION)
        second = store.add(raw, extract(raw), EXTRACTOR_VERSION)
        assert second.status is Status.DUPLICATE
        assert second.article_id == first.article_id
        assert "same input" in (second.reason or "")
        assert store.stats()["articles"] == 1


def test_the_same_text_from_another_input_is_a_duplicate(db_url: str, seeds) -> None:
    raw = raw_text(seeds[1])
    # The same words with other line breaks and spacing: another raw input, the same article.
    respaced = RawDocument("copy.txt", InputKind.TEXT, raw.content.replace(b"\n", b"\n\n"), NOW)
    with Store.open(db_url) as store:
        store.add(raw, extract(raw), EXTRACTOR_VERSION)
        outcome = store.add(respaced, extract(respaced), EXTRACTOR_VERSION)
        assert outcome.status is Status.DUPLICATE
        assert "same text" in (outcome.reason or "")


def test_the_same_url_is_a_duplicate_even_with_tracking_parameters(db_url: str, seeds) -> None:
    first = raw_text(seeds[0])
    second = raw_text(seeds[1])
    with Store.open(db_url) as store:
        store.add(first, _with_url(extract(first), "https://news.example.org/a?id=7"), EXTRACTOR_VERSION)
        outcome = store.add(
            second, _with_url(extract(second), "https://NEWS.example.org/a?id=7&utm_source=x#top"), EXTRACTOR_VERSION
        )
        assert outcome.status is Status.DUPLICATE
        assert "same URL" in (outcome.reason or "")


def test_outlets_are_found_by_domain_and_counted(db_url: str, seeds) -> None:
    first, second = raw_text(seeds[0]), raw_text(seeds[1])
    with Store.open(db_url) as store:
        store.add(
            first,
            _with_url(extract(first), "https://www.example.org/1", Outlet("Example News", "example.org")),
            EXTRACTOR_VERSION,
        )
        store.add(
            second,
            _with_url(extract(second), "https://example.org/2", Outlet("example.org", "example.org")),
            EXTRACTOR_VERSION,
        )
        assert store.outlets() == [(Outlet("Example News", "example.org"), 2)]


def test_listing_filters_by_outlet_language_and_date(db_url: str, seeds) -> None:
    first, second = raw_text(seeds[0], outlet="A"), raw_text(seeds[1], outlet="B")
    with Store.open(db_url) as store:
        store.add(first, _dated(extract(first), datetime(2006, 7, 12, 18, tzinfo=UTC)), EXTRACTOR_VERSION)
        store.add(second, _dated(extract(second), datetime(2006, 7, 13, 9, tzinfo=UTC)), EXTRACTOR_VERSION)
        assert [a.outlet.name for a in store.articles()] == ["B", "A"]  # newest first
        assert [a.outlet.name for a in store.articles(ListingFilter(outlet="A"))] == ["A"]
        assert store.articles(ListingFilter(language="de")) == []
        since = store.articles(ListingFilter(since=datetime(2006, 7, 13, tzinfo=UTC)))
        assert [a.published for a in since] == [datetime(2006, 7, 13, 9, tzinfo=UTC)]
        assert len(store.articles(ListingFilter(limit=1))) == 1


def test_a_missing_article_raises_not_found(db_url: str) -> None:
    with Store.open(db_url) as store, pytest.raises(NotFound, match="no such article"):
        store.article(12345)


def test_an_unreachable_database_is_a_store_error_without_the_password() -> None:
    with pytest.raises(StoreError) as caught:
        Store.open("postgresql+psycopg://user:secret@127.0.0.1:1/nothing")
    assert "secret" not in str(caught.value)
    assert "cannot open database" in str(caught.value)


def _with_url(article: Article, url: str, outlet: Outlet | None = None) -> Article:
    from dataclasses import replace

    return replace(article, url=url, outlet=outlet or article.outlet)


def _dated(article: Article, published: datetime) -> Article:
    from dataclasses import replace

    return replace(article, published=published)
