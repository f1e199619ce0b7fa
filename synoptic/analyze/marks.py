"""Quotation marks: pairing them into quoted spans over raw characters, before any parsing, and
reading the words inside the marks of a quote found.

Cheap and exact: offsets index the text as given. ``quoted_spans`` is the entry point;
``quoted_text`` gives what a quote says, as the synopsis prints it.
"""

from __future__ import annotations

import re

from synoptic.analyze.nlp import Span

# --- quotation marks -------------------------------------------------------------------------------

# Opening marks and the marks that may close them: English “…” and "…" (mixed, and the “…“ typo,
# occur in PolNeAR), German „…“, French «…», and single ‘…’ / '…' (accepted only where a closing
# mark follows in the paragraph; see _single_opens). Two apostrophes ('') serve as a double mark.
CLOSERS = {"“": '”"“', '"': '"”', "„": "“”", "«": "»", "‘": "’", "'": "'"}
SINGLE = frozenset("‘'")
CLOSING = frozenset("”\"’'»“")
MARKS = frozenset("“”\"„«»‘’'")
# Characters after which a quotation mark opens rather than closes (besides white space).
_OPEN_BEFORE = frozenset("([{—–-/:")
# Characters after which a mark closes (besides white space).
_CLOSE_AFTER = frozenset(")]}.,;:!?—–-…/")
_DOUBLED_APOSTROPHES = re.compile(r"''")


def paragraphs(text: str) -> list[Span]:
    """The non-blank lines of ``text``, without their surrounding white space."""
    return [Span(m.start(), m.end()) for m in re.finditer(r"[^\s](?:[^\n]*[^\s])?", text)]


def _can_open(text: str, i: int) -> bool:
    before = text[i - 1] if i else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    return (before.isspace() or before in _OPEN_BEFORE or before in MARKS) and not after.isspace()


def _can_close(text: str, i: int) -> bool:
    before = text[i - 1] if i else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    return not before.isspace() and (after.isspace() or after in _CLOSE_AFTER or after in MARKS)


def _single_opens(text: str, i: int, end: int) -> bool:
    """A single mark opens a quote when it can and a closing single mark follows in the paragraph."""
    if not _can_open(text, i) or re.match(r".\d\ds?\b|.(?:em|n|cause|til)\b", text[i : i + 7]):
        return False  # ‘90s, 'em, rock 'n' roll
    closer = CLOSERS[text[i]]
    return any(text[j] in closer and _can_close(text, j) for j in range(i + 2, end))


class _Scanner:
    """Pairs quotation marks paragraph by paragraph into top-level quoted spans.

    ``text`` is the scanning view (see ``_scanning_view``). A paragraph that ends with a quote
    still open either continues it (the next paragraph opens with a double mark) or is scanned
    again without that opening mark, which was then a stray (an unclosed block quote, a typo).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.stack: list[int] = []  # positions of the open marks, outermost first
        self.spans: list[Span] = []
        self.ignored: set[int] = set()

    def scan(self, paragraph: Span, following: Span | None) -> None:
        stack, found = list(self.stack), len(self.spans)
        for i in range(paragraph.start, paragraph.end):
            if self.text[i] in MARKS and i not in self.ignored:
                self._mark(i, paragraph.end)
        if not self.stack or self._continues(following):
            del self.stack[1:]
        elif stack and self.stack[0] == stack[0]:  # a continued quote that neither closes nor continues
            self.spans.append(Span(self.stack[0], paragraph.end))
            self.stack.clear()
        else:
            self.ignored.add(self.stack[0])
            self.stack, self.spans[found:] = stack, []
            self.scan(paragraph, following)

    def _mark(self, i: int, end: int) -> None:
        char = self.text[i]
        if self.stack and char in CLOSERS[self.text[self.stack[-1]]] and self._closes(i):
            opened = self.stack.pop()
            if not self.stack:
                self.spans.append(Span(opened, i + 1))
        elif char in CLOSERS and self._opens(i, end) and not self._reopens(i):
            self.stack.append(i)

    def _opens(self, i: int, end: int) -> bool:
        return _single_opens(self.text, i, end) if self.text[i] in SINGLE else _can_open(self.text, i)

    def _closes(self, i: int) -> bool:
        """A mark that could open (space before it) does not close a quote it could nest in."""
        return _can_close(self.text, i) or not _can_open(self.text, i)

    def _reopens(self, i: int) -> bool:
        """The opening mark of a continued paragraph (the quote is already open): skipped."""
        return len(self.stack) == 1 and self._paragraph_start(i)

    def _paragraph_start(self, i: int) -> bool:
        return not self.text[self.text.rfind("\n", 0, i) + 1 : i].strip()

    def _continues(self, following: Span | None) -> bool:
        if following is None or len(self.stack) < 1:
            return False
        first = self.text[following.start]
        return first in CLOSERS and first not in SINGLE


def _scanning_view(text: str) -> str:
    """``text`` with each doubled apostrophe ('') made one double mark beside a space, same length."""
    return _DOUBLED_APOSTROPHES.sub(lambda m: _doubled(text, m.start()), text)


def _doubled(text: str, i: int) -> str:
    opening = i + 2 < len(text) and not text[i + 2].isspace() and (i == 0 or not text[i - 1].isalnum())
    return ' "' if opening else '" '


def _widen(text: str, span: Span) -> Span:
    """A span found in the scanning view, widened over the doubled apostrophes it begins or ends with."""
    start = span.start - 1 if text[span.start - 1 : span.start + 1] == "''" else span.start
    end = span.end + 1 if text[span.end - 1 : span.end + 1] == "''" else span.end
    return Span(start, end)


def quoted_spans(text: str) -> list[Span]:
    """The top-level quoted spans of ``text``, each from its opening to its closing mark inclusive."""
    scanner = _Scanner(_scanning_view(text))
    blocks = paragraphs(text)
    for index, block in enumerate(blocks):
        scanner.scan(block, blocks[index + 1] if index + 1 < len(blocks) else None)
    return [_widen(text, span) for span in scanner.spans]


# --- the words inside a quote's marks ----------------------------------------------------------------

# A run between two double marks (single ones are too often apostrophes to cut a quote's words).
_DOUBLE = re.escape("".join(sorted(MARKS - {"‘", "’", "'"})))
_QUOTED = re.compile(rf"[{_DOUBLE}]([^{_DOUBLE}]+)[{_DOUBLE}]")


def quoted_parts(text: str) -> list[str]:
    """The runs of ``text`` inside quotation marks (a quote interrupted by its cue has two), or
    the whole text when it has no marks (an indirect quote)."""
    parts = [m.group(1).strip(" ,") for m in _QUOTED.finditer(text)]
    return [p for p in parts if p] or [text.strip(" \"'“”‘’«»„")]


def quoted_text(text: str) -> str:
    """What a quote says, as one text: its quoted pieces without the marks or an interrupting cue.
    Where the outlet ended the cue with a full stop (“We agree,” she said. “It is late.”), the piece
    before it ended a sentence, its comma standing for the full stop; else the pieces are one
    sentence (“The plan,” she said, “is dead.”). A quote without marks (indirect) is the text."""
    said, previous_end = "", 0
    for match in _QUOTED.finditer(text):
        piece = match.group(1).strip(" ,")
        if not piece:
            continue
        if said and text[previous_end : match.start()].rstrip().endswith((".", "!", "?")):
            said = _sentence_ended(said)
        said = f"{said} {piece}" if said else piece
        previous_end = match.end()
    return said or text.strip(" \"'“”‘’«»„")


def _sentence_ended(piece: str) -> str:
    """``piece`` ending with a full stop: its own punctuation kept, a comma turned into the stop,
    inside a closing single quote of its own (… of 'no deal,' → … of 'no deal.')."""
    inner_quote = re.search(r"(?:^|\s)['‘]", piece) is not None
    body = piece.rstrip("'’") if inner_quote else piece
    if body.endswith((".", "!", "?", "…", ":", ";", "—", "–", "-")):
        return piece
    return body.rstrip(",") + "." + piece[len(body) :]
