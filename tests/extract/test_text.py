"""Plain-text articles: furniture stripped, headline found, header fields read."""

from __future__ import annotations

from synoptic.extract.text import is_furniture, is_prose, split_text_article


def test_the_first_seed_loses_its_page_furniture_and_keeps_its_headline(seeds) -> None:
    raw = seeds[0].read_text(encoding="utf-8")
    article = split_text_article(raw)
    first_body_line = next(line for line in raw.splitlines() if is_prose(line))
    assert article.paragraphs[0] == first_body_line.strip()
    assert "Accessibility links" not in article.text
    assert "Breaking News" not in article.text
    # The headline is the last title-shaped line above the body, and it is not repeated in the body.
    assert article.title is not None
    assert article.title in raw.split(first_body_line)[0]
    assert article.title not in article.text


def test_a_clean_text_is_kept_whole_and_has_no_headline(seeds) -> None:
    raw = seeds[1].read_text(encoding="utf-8")
    article = split_text_article(raw)
    assert article.paragraphs == [line.strip() for line in raw.splitlines() if line.strip()]
    assert article.title is None


def test_header_fields_are_read_and_removed() -> None:
    text = (
        "URL: https://news.example.org/2026/11/24/council-vote\n"
        "Title: Council Approves Harbour Budget\n"
        "Date: 2026-11-24\n\n"
        "The city council approved the harbour budget on Tuesday after a debate that lasted most of the evening.\n"
    )
    article = split_text_article(text)
    assert article.fields == {"url": "https://news.example.org/2026/11/24/council-vote", "published": "2026-11-24"}
    assert article.title == "Council Approves Harbour Budget"
    assert article.paragraphs[0].startswith("The city council")


def test_furniture_lines_are_recognised_but_prose_is_not() -> None:
    for line in (
        "Skip to main content",
        "Share this article",
        "Print",
        "12 Comments",
        "Home | World | Sport | Weather",
        "© 2026 Example Media Ltd. All rights reserved.",
        "Advertisement",
        "Follow us on Twitter",
    ):
        assert is_furniture(line), line
    for line in ("The council will vote again next week, its chair said.", "Share prices fell on Tuesday."):
        assert not is_furniture(line), line


def test_furniture_inside_the_body_is_dropped_too() -> None:
    text = (
        "The harbour budget passed by nine votes to four after a long evening of debate in the chamber.\n"
        "Advertisement\n"
        "Opponents said the dredging plan would cost more than the council had admitted in its papers.\n"
        "Share this article\n"
    )
    assert split_text_article(text).paragraphs == [text.splitlines()[0], text.splitlines()[2]]
