"""From raw documents to articles: every kind of input, the checks, the metadata rules."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from synoptic.errors import ExtractionError
from synoptic.extract import extract, fallback_title
from synoptic.model import InputKind, RawDocument

NOW = datetime(2026, 11, 24, tzinfo=UTC)


def test_a_text_seed_becomes_an_english_article_titled_by_its_headline(seeds) -> None:
    article = extract(RawDocument(str(seeds[0]), InputKind.TEXT, seeds[0].read_bytes(), NOW))
    assert article.language == "en"
    assert article.title
    assert article.title not in article.text
    assert article.outlet is None
    assert article.url is None


def test_a_text_without_headline_is_titled_by_its_first_sentence(seeds) -> None:
    article = extract(RawDocument(str(seeds[1]), InputKind.TEXT, seeds[1].read_bytes(), NOW))
    assert article.text.startswith(article.title.rstrip("…"))


def test_a_basil_record_keeps_its_outlet_title_date_and_paragraphs(shared_path) -> None:
    path = next(shared_path("basil", "articles", "2016").glob("*.json"))
    record = json.loads(path.read_text(encoding="utf-8"))
    article = extract(RawDocument(str(path), InputKind.RECORD, path.read_bytes(), NOW))
    assert article.title == record["title"]
    assert article.outlet is not None
    assert article.outlet.name == record["source"]
    assert article.published == datetime.fromisoformat(record["date"]).replace(tzinfo=UTC)
    assert article.text.count("\n") == len(record["body-paragraphs"]) - 1


def test_an_ecbplus_record_with_only_text_is_accepted(shared_path) -> None:
    path = shared_path("ecbplus", "ecbplus_docs.jsonl")
    line = path.open(encoding="utf-8").readline()
    article = extract(RawDocument(f"{path}:1", InputKind.RECORD, line.encode(), NOW))
    assert article.text == json.loads(line)["text"].strip()


def test_a_record_with_html_is_extracted_from_the_html(real_article_text: str) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in real_article_text.splitlines() if p.strip())
    html = f"<html><body><nav><a href='/'>Home</a></nav><article>{paragraphs}</article></body></html>"
    record = json.dumps({"html": html, "url": "https://www.example.org/story", "outlet": "Example"}).encode()
    article = extract(RawDocument("r.json", InputKind.RECORD, record, NOW))
    assert article.outlet is not None
    assert (article.outlet.name, article.outlet.domain) == ("Example", "example.org")
    assert "Home" not in article.text.split("\n")[0]


def test_too_short_and_empty_texts_are_not_articles() -> None:
    with pytest.raises(ExtractionError, match="only 3 words"):
        extract(RawDocument("short.txt", InputKind.TEXT, b"Three words only", NOW), min_words=20)
    with pytest.raises(ExtractionError, match="no article text"):
        extract(
            RawDocument("nav.html", InputKind.HTML, b"<html><head><title>Empty</title></head><body></body></html>", NOW)
        )


def test_a_record_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(ExtractionError, match="must be an object"):
        extract(RawDocument("x.jsonl:3", InputKind.RECORD, b"[1, 2]", NOW))
    with pytest.raises(ExtractionError, match="invalid JSON"):
        extract(RawDocument("x.jsonl:4", InputKind.RECORD, b'{"text": ', NOW))


def test_fallback_title_cuts_long_sentences_at_a_word() -> None:
    title = fallback_title("word " * 60 + ".")
    assert len(title) <= 141
    assert title.endswith("…")
    assert not title.endswith(" …")
