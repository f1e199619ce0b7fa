"""Article body and metadata from an HTML page, with trafilatura.

How the body is chosen (each step measured on the Zyte article-extraction benchmark, see
``synoptic evaluate extraction``):

1. trafilatura in precision mode, which drops more boilerplate than its balanced default;
2. if that output is short and holds only a small part of what the balanced mode finds, the
   precision filters removed the article itself: the balanced output is used instead;
3. blocks made (almost) entirely of link text are dropped (related-story teasers, "read more",
   tag and share lists), and so is a first line that merely repeats the page's headline;
4. when the page spreads one article over several sibling containers (a body cut into chunks
   between ads), trafilatura keeps the first chunk only; paragraphs left out that sit in the
   same HTML template as the extracted ones are put back when they amount to a large share.
"""

from __future__ import annotations

import re
from collections import Counter
from configparser import ConfigParser
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

import trafilatura
from lxml.etree import _Element, strip_tags
from lxml.html import HtmlElement
from trafilatura.settings import use_config
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt

from synoptic.extract.dates import parse_date

# Step 2: a precision output under this many characters is checked against the balanced mode
# (4x trafilatura's MIN_EXTRACTED_SIZE of 250: beyond it a precision output is a real body).
_SHORT_BODY_CHARS = 1000
# ... and replaced when it holds less than this share of the balanced output. On the Zyte
# benchmark the precision mode failed at 0.08 and was right (the balanced mode added
# boilerplate) at 0.28 and above; 0.15 is the geometric middle.
_PRECISION_FAILED_SHARE = 0.15
# Step 3: a block is link boilerplate when links make up this share of its words (0.6-0.9
# score within 0.001 of each other on the benchmark)...
_LINK_SHARE = 0.8
# ... and it has at most this many words (a list or table: ten times as many).
_LINK_BLOCK_MAX_WORDS = 30
_LINK_BLOCKS = ("p", "head", "item", "quote", "list", "table", "row", "cell")
_CONTAINER_BLOCKS = ("list", "table")
# A first line is the headline again when its words and the title's contain one another and
# their lengths differ by less than this ratio (a subtitle or dateline makes it longer).
_HEADLINE_LENGTH_RATIO = 0.6
# Step 4: paragraphs shorter than this are not used to recognise or restore body paragraphs.
_MIN_PARAGRAPH_WORDS = 8
# A template (chain of ancestor tags and classes) is the body's when it holds this many
# extracted paragraphs.
_MIN_TEMPLATE_PARAGRAPHS = 2
# A paragraph is already extracted when this share of its word trigrams is in the output.
_EXTRACTED_SHARE = 0.5
# Left-out paragraphs are restored only when they add this share of the extracted words: on the
# benchmark, split bodies added 1.2x and more, while the same-template paragraphs trafilatura
# rightly dropped (bylines, newsletter and copyright notes) added at most 0.25x.
_SPLIT_BODY_SHARE = 0.5

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Page:
    """What an HTML page says about itself: body text and metadata, all optional but the text."""

    text: str
    title: str | None = None
    published: datetime | None = None
    authors: tuple[str, ...] = ()
    site_name: str | None = None
    url: str | None = None


def _config() -> ConfigParser:
    config = use_config()
    # Signals (SIGALRM) cannot be used outside the main thread; timeouts are ours to enforce.
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


_CONFIG = _config()


def extract_page(html: str, url: str | None = None) -> Page:
    """Extract the main text and metadata of ``html``; text is "" when no body is found."""
    tree = load_html(html)
    if tree is None:
        return Page(text="")
    document, body = _choose_body(tree, url)
    if document is None or body is None:
        return Page(text="")
    text = _complete_split_body(_body_text(body, document.title), tree)
    return Page(
        text=text,
        title=document.title or None,
        published=parse_date(document.date),
        authors=_split_authors(document.author),
        site_name=document.sitename or None,
        url=document.url or url,
    )


def _choose_body(tree: HtmlElement, url: str | None) -> tuple[Any, _Element | None]:
    """trafilatura's Document (for the metadata) and the body: precision mode unless it failed (steps 1-2)."""
    document = _trafilatura(tree, url, precision=True, metadata=True)
    body = document.body if document is not None else None
    length = _text_length(body)
    if length >= _SHORT_BODY_CHARS:
        return document, body
    balanced = _trafilatura(tree, url, precision=False, metadata=document is None)
    if balanced is not None and length < _PRECISION_FAILED_SHARE * _text_length(balanced.body):
        return document or balanced, balanced.body
    return document, body


def _trafilatura(tree: HtmlElement, url: str | None, precision: bool, metadata: bool) -> Any:
    """trafilatura's Document for ``tree`` (which it copies), with links kept in the body, or None."""
    return trafilatura.bare_extraction(
        tree,
        url=url,
        favor_precision=precision,
        with_metadata=metadata,
        include_comments=False,
        include_tables=True,
        include_links=True,
        deduplicate=False,
        config=_CONFIG,
    )


def _text_length(body: _Element | None) -> int:
    return len(" ".join(body.itertext()).strip()) if body is not None else 0


def _body_text(body: _Element, title: str | None) -> str:
    """Plain text of a trafilatura body, one trimmed line per block, without link boilerplate or repeated headline."""
    _drop_link_blocks(body)
    if title and len(body) and _repeats_headline(_words(" ".join(body[0].itertext())), _words(title)):
        body.remove(body[0])  # with its tail: the text right after a headline is a dateline or byline
    strip_tags(body, "ref")
    lines = (line.strip() for line in xmltotxt(body, include_formatting=False).split("\n"))
    return "\n".join(line for line in lines if line)


def _drop_link_blocks(body: _Element) -> None:
    """Remove blocks whose words are mostly link text (teasers, tag lists, share bars)."""
    for block in list(body.iter(*_LINK_BLOCKS)):
        if not any(ancestor is body for ancestor in block.iterancestors()):
            continue  # already removed with an ancestor
        total = len(_words(" ".join(block.itertext())))
        linked = sum(len(_words(" ".join(ref.itertext()))) for ref in block.iter("ref"))
        limit = _LINK_BLOCK_MAX_WORDS * (10 if block.tag in _CONTAINER_BLOCKS else 1)
        if total and linked >= _LINK_SHARE * total and total <= limit:
            _remove_keeping_tail(block)


def _remove_keeping_tail(element: _Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _repeats_headline(first: list[str], title: list[str]) -> bool:
    """True when the first block's words are the title's, give or take a site name or a kicker."""
    if not first or not title:
        return False
    first_text, title_text = " ".join(first).lower(), " ".join(title).lower()
    if first_text == title_text:
        return True
    contained = first_text in title_text or title_text in first_text
    ratio = len(first) / len(title)
    return contained and _HEADLINE_LENGTH_RATIO <= ratio <= 1 / _HEADLINE_LENGTH_RATIO


class _Paragraph(NamedTuple):
    """A ``<p>`` of the page: its text, word count, and the output line it went to (None: left out)."""

    element: HtmlElement
    text: str
    words: int
    line: int | None


def _complete_split_body(text: str, tree: HtmlElement) -> str:
    """Put back left-out paragraphs of the body's own HTML template when they are many (step 4)."""
    if not text:
        return text
    lines = text.split("\n")
    paragraphs = _locate_paragraphs(tree, lines)
    missing = _left_out_body_paragraphs(paragraphs)
    added = sum(paragraph.words for paragraphs_after in missing.values() for paragraph in paragraphs_after)
    if added < _SPLIT_BODY_SHARE * len(_words(text)):
        return text
    merged = [paragraph.text for paragraph in missing.get(-1, [])]
    for index, line in enumerate(lines):
        merged += [line, *(paragraph.text for paragraph in missing.get(index, []))]
    return "\n".join(merged)


def _locate_paragraphs(tree: HtmlElement, lines: list[str]) -> list[_Paragraph]:
    """Each ``<p>`` of the page, and the output line it was extracted to, if any."""
    line_of: dict[tuple[str, ...], int] = {}
    for index, line in enumerate(lines):
        for trigram in _trigrams(line):
            line_of.setdefault(trigram, index)
    located = []
    for element in tree.iter("p"):
        text = _SPACE.sub(" ", element.text_content()).strip()
        trigrams = _trigrams(text)
        if not trigrams:
            continue
        hits = [line_of[trigram] for trigram in trigrams if trigram in line_of]
        extracted = len(hits) >= _EXTRACTED_SHARE * len(trigrams)
        located.append(_Paragraph(element, text, len(_words(text)), max(hits) if extracted else None))
    return located


def _left_out_body_paragraphs(paragraphs: list[_Paragraph]) -> dict[int, list[_Paragraph]]:
    """Paragraphs left out of the output but in a template of extracted ones, by the output line they follow."""
    templates = Counter(
        _template(paragraph.element)
        for paragraph in paragraphs
        if paragraph.line is not None and paragraph.words >= _MIN_PARAGRAPH_WORDS
    )
    body_templates = {template for template, count in templates.items() if count >= _MIN_TEMPLATE_PARAGRAPHS}
    missing: dict[int, list[_Paragraph]] = {}
    after = -1  # the output line of the last extracted paragraph met, in page order
    for paragraph in paragraphs:
        if paragraph.line is not None:
            after = max(after, paragraph.line)
        elif _restorable(paragraph, body_templates):
            missing.setdefault(after, []).append(paragraph)
    return missing


def _restorable(paragraph: _Paragraph, body_templates: set[tuple[tuple[str, str], ...]]) -> bool:
    return (
        paragraph.words >= _MIN_PARAGRAPH_WORDS
        and _template(paragraph.element) in body_templates
        and not _mostly_links(paragraph.element)
    )


def _mostly_links(paragraph: HtmlElement) -> bool:
    linked = sum(len(_words(link.text_content())) for link in paragraph.iter("a"))
    return linked >= _LINK_SHARE * len(_words(paragraph.text_content()))


def _template(element: HtmlElement) -> tuple[tuple[str, str], ...]:
    """The chain of ancestor tags and classes of ``element``: its place in the page's template."""
    return tuple((str(ancestor.tag), ancestor.get("class", "").strip()) for ancestor in element.iterancestors())


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _trigrams(text: str) -> list[tuple[str, ...]]:
    words = [word.lower() for word in _words(text)]
    return [tuple(words[i : i + 3]) for i in range(len(words) - 2)]


def _split_authors(author: str | None) -> tuple[str, ...]:
    if not author:
        return ()
    return tuple(name.strip() for name in author.split(";") if name.strip())
