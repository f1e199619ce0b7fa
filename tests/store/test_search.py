"""Full-text search on SQLite (FTS5) and PostgreSQL (GIN tsvector): ranked hits, safe snippets, filters."""

from __future__ import annotations

from pathlib import Path

from synoptic import pipeline
from synoptic.settings import Settings
from synoptic.store import Store
from synoptic.store.filters import ListingFilter
from synoptic.store.search import SearchFilter, fts5_query, split_snippet


def test_search_finds_ranks_and_snippets_the_seeds(db_url: str, seeds: list[Path]) -> None:
    settings = Settings(db=db_url)
    with Store.open(db_url) as store:
        pipeline.ingest([str(p) for p in seeds], store, settings, outlet="Seed Wire")
        pipeline.cluster(store, settings)
        hits = store.search(SearchFilter(query="Oshima Pyongyang"))
        assert [h.article.title for h in hits] == ["China, Russia Offer New Security Council Resolution on North Korea"]
        assert hits[0].story_id is not None
        matched = {text.lower() for text, match in hits[0].snippet if match}
        assert matched & {"oshima", "pyongyang"}
        assert len(store.search(SearchFilter(query="ambassador"))) == 2
        assert store.search(SearchFilter(query="ambassador", outlet="Nobody")) == []
        assert store.search(SearchFilter(query='"( NEAR AND')) == []  # any text is a query, never a syntax error
        assert store.search(SearchFilter(query="")) == []
        assert len(store.find_stories(ListingFilter(outlet="Seed Wire"))) == 1
        assert store.find_stories(ListingFilter(outlet="Nobody")) == []


def test_snippet_markers_never_reach_the_page_as_markup() -> None:
    assert split_snippet("a \x02b\x03 c") == (("a ", False), ("b", True), (" c", False))
    assert split_snippet("<b>\x02x\x03</b>") == (("<b>", False), ("x", True), ("</b>", False))
    assert split_snippet("stray \x03 marker \x02") == (("stray  marker ", False),)
    assert fts5_query('say "NEAR(a b) OR') == '"say" "NEAR" "a" "b" "OR"'
