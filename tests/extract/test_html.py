"""Article body from HTML pages written for these tests: what is kept and what is left out."""

from __future__ import annotations

import pytest

import synoptic.extract.html as html_module
from synoptic.extract.html import extract_page

# Twelve paragraphs of one made-up local news report.
PARAGRAPHS = [
    "The river council met on Tuesday evening to discuss the new footbridge planned for the northern bank of the town.",
    "Engineers told the members that the foundations would need another six weeks because the ground was softer.",
    "Several residents asked whether the old ferry landing could be kept as a small park once the bridge is finished.",
    "The mayor said a public consultation on the landing would open in March and run for four weeks before a decision.",
    "Funding for the project comes mostly from a regional transport grant, the rest paid from the town's reserves.",
    "Work on the approach ramps is expected to start as soon as the foundations have been inspected and approved.",
    "A spokesperson for the contractor said the delay would not change the total cost agreed with the town last year.",
    "Local shops near the northern bank hope the bridge will bring more visitors from the villages across the river.",
    "The council will publish a revised timetable for the works on its website after the inspection in late February.",
    "Members also approved a small budget for temporary lighting along the towpath while the building site is open.",
    "Cyclists have asked for a separate lane on the bridge, and the engineers said the current design could allow one.",
    "The next meeting of the river council is planned for the first Tuesday of the following month at the library.",
]
HEADLINE = "Council delays footbridge work"
NAV_LINKS = ("Home", "News", "Sport", "Weather and travel updates")
FOOTER = "Copyright Riverside Gazette. All rights reserved."


def _page(main: str) -> str:
    """A whole page: a navigation bar, ``main``, and a footer."""
    nav = "".join(f'<li><a href="/{name.lower()}">{name}</a></li>' for name in NAV_LINKS)
    return f"""<!DOCTYPE html><html><head><title>{HEADLINE} | Riverside Gazette</title>
<meta property="og:title" content="{HEADLINE}"></head><body>
<header><nav><ul>{nav}</ul></nav></header>
<main>{main}</main>
<footer><p>{FOOTER}</p><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li></ul></footer>
</body></html>"""


def _paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


RELATED = ("Town hall roof repairs finished ahead of schedule", "New bus timetable starts on Monday morning")
READ_MORE = "Ferry landing history in pictures from the archive"
ARTICLE = _page(
    f"<article><h1>{HEADLINE}</h1>{_paragraphs(PARAGRAPHS[:6])}"
    '<div class="related"><h3>Related</h3><ul>'
    + "".join(f'<li><a href="/r{i}">{title}</a></li>' for i, title in enumerate(RELATED))
    + f'</ul></div><p>Read more: <a href="/archive">{READ_MORE}</a></p></article>'
)


def test_the_body_is_the_article_paragraphs_without_navigation_or_footer() -> None:
    page = extract_page(ARTICLE, "https://gazette.example/news/footbridge")
    assert page.text.split("\n") == PARAGRAPHS[:6]
    assert not any(name in page.text for name in NAV_LINKS)
    assert FOOTER not in page.text


def test_the_headline_is_the_title_not_the_first_line_of_the_body() -> None:
    page = extract_page(ARTICLE)
    assert page.title == HEADLINE
    assert not page.text.startswith(HEADLINE)


def test_link_lists_and_read_more_lines_inside_the_article_are_left_out() -> None:
    text = extract_page(ARTICLE).text
    assert not any(title in text for title in RELATED)
    assert READ_MORE not in text


def test_a_body_split_into_sibling_chunks_between_ads_is_extracted_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    chunks = "".join(
        f'<div class="grid"><div class="article-body">{_paragraphs(PARAGRAPHS[i : i + 4])}</div></div>'
        '<aside class="ad">Advertisement</aside>'
        for i in (0, 4, 8)
    )
    html = _page(chunks)
    assert extract_page(html).text.split("\n") == PARAGRAPHS
    # trafilatura alone stops after the first chunk: this is what the completion step is for
    monkeypatch.setattr(html_module, "_complete_split_body", lambda text, _tree: text)
    assert extract_page(html).text.split("\n") == PARAGRAPHS[:4]


def test_a_page_without_text_gives_an_empty_body() -> None:
    assert extract_page("").text == ""
    assert extract_page("<!DOCTYPE html><html><head><title>Empty</title></head><body></body></html>").text == ""
