"""Plain-text articles: header fields, page furniture and the headline.

Text copied from a web page carries the page's furniture with it: accessibility and
navigation links, "Breaking News" banners, share/print/comment prompts, copyright lines.
The body begins at the first paragraph that reads as prose; the short lines before it are
the header, whose last title-like line is the headline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Header fields a text file may start with ("URL: https://...", "Title: ...").
_HEADER_FIELD = re.compile(
    r"^(url|link|source|outlet|title|headline|date|published|author|authors|by)\s*:\s*(.+)$", re.I
)
_FIELD_NAMES = {
    "url": "url",
    "link": "url",
    "source": "outlet",
    "outlet": "outlet",
    "title": "title",
    "headline": "title",
    "date": "published",
    "published": "published",
    "author": "authors",
    "authors": "authors",
    "by": "authors",
}

# Whole lines that are page furniture wherever they stand (matched case-insensitively).
_FURNITURE_LINES = (
    r"accessibility links",
    r"skip to( (main|the))? (content|navigation|main content)",
    r"jump to .{0,30}",
    r"breaking( news)?",
    r"(main )?menu",
    r"navigation",
    r"home( ?page)?",
    r"search",
    r"sign (in|up)( .{0,30})?",
    r"log ?in",
    r"subscribe( now| today)?( .{0,40})?",
    r"advertisement",
    r"ad",
    r"sponsored( content)?",
    r"most (read|popular|viewed)",
    r"share( this)?( article| story| on .{0,20})?",
    r"print( this)?( article| story)?",
    r"e-?mail( this)?( article| story)?",
    r"tweet",
    r"facebook",
    r"twitter",
    r"x",
    r"whatsapp",
    r"linkedin",
    r"reddit",
    r"pinterest",
    r"copy link",
    r"\d* ?comments?",
    r"(leave|post|add) a comment",
    r"(show|view) comments",
    r"related( articles| stories| content| coverage)?",
    r"(read|see) (more|also)(:.{0,80})?",
    r"more (from|on) .{0,60}",
    r"follow us( on .{0,40})?",
    r"newsletter( sign[- ]up)?",
    r"sign up for .{0,60}",
    r"click here .{0,80}",
    r"(image|photo|video)( caption| credit)?(:.{0,80})?",
    r"listen( to this article)?( \d+:\d+)?",
    r"close",
    r"back to top",
    r"(©|\(c\)|copyright\b).{0,160}",
    r".{0,120}all rights reserved\.?",
    r"terms of (use|service)",
    r"privacy policy",
    r"cookies?( policy| settings)?",
)
_FURNITURE = re.compile(rf"^({'|'.join(_FURNITURE_LINES)})[\s.:!|»›>-]*$", re.IGNORECASE)
# A menu line: short items separated by bars, bullets or slashes ("Home | World | Business").
_MENU = re.compile(r"^\s*[^|•·/]{1,30}(\s*[|•·]\s*[^|•·]{1,30}){2,}\s*$")
# A paragraph of prose: at least this many words, ending like a sentence or a quotation.
_BODY_MIN_WORDS = 12
_SENTENCE_END = re.compile(r"""[.!?…]["'”’)\]]*$""")
_TITLE_MIN_WORDS = 3
_TITLE_MAX_WORDS = 30


@dataclass
class TextArticle:
    """A plain-text article split into its header fields, headline and body paragraphs."""

    paragraphs: list[str]
    title: str | None = None
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def is_furniture(line: str) -> bool:
    """True for a line that is page furniture (navigation, banners, prompts, copyright)."""
    stripped = line.strip()
    return bool(_FURNITURE.match(stripped) or _MENU.match(stripped))


def is_prose(line: str) -> bool:
    """True for a line that reads as a paragraph of the article body."""
    stripped = line.strip()
    return len(stripped.split()) >= _BODY_MIN_WORDS and bool(_SENTENCE_END.search(stripped))


def split_text_article(text: str) -> TextArticle:
    """Split a plain-text page into header fields, headline and body paragraphs."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    fields, lines = _take_header_fields(lines)
    lines = [line for line in lines if line and not is_furniture(line)]
    start = next((i for i, line in enumerate(lines) if is_prose(line)), 0)
    header, body = lines[:start], lines[start:]
    title = fields.pop("title", None) or _headline(header)
    return TextArticle(paragraphs=body, title=title, fields=fields)


def _take_header_fields(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Leading ``Name: value`` lines (URL, Title, Date, Author, Outlet) become fields."""
    fields: dict[str, str] = {}
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _HEADER_FIELD.match(line)
        if not line:
            index += 1
            continue
        if not match or (match.group(1).lower() == "by" and not fields):
            break
        fields.setdefault(_FIELD_NAMES[match.group(1).lower()], match.group(2).strip())
        index += 1
    return fields, lines[index:] if fields else lines


def _headline(header: list[str]) -> str | None:
    """The last header line shaped like a headline (a few words, no sentence-ending full stop)."""
    for line in reversed(header):
        words = len(line.split())
        if _TITLE_MIN_WORDS <= words <= _TITLE_MAX_WORDS and not line.endswith("."):
            return line
    return None
