"""Bytes to text: the encoding of a document is a claim to check, not a fact."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from synoptic.errors import ExtractionError

# A <meta charset> or http-equiv declaration within the first few KB of an HTML page.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# Share of NUL and other C0 control bytes above which content is treated as binary.
_BINARY_CONTROL_SHARE = 0.05
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def looks_binary(content: bytes) -> bool:
    """True when ``content`` is not text in any encoding (images, archives, executables)."""
    sample = content[:8192]
    if not sample or sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\0" in sample:
        return True
    controls = sum(1 for b in sample if b in _CONTROL)
    return controls / len(sample) > _BINARY_CONTROL_SHARE


def declared_charset(content: bytes) -> str | None:
    """The charset an HTML page declares about itself, if it is a codec Python knows."""
    match = _META_CHARSET.search(content[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(content: bytes, source: str, declared: str | None = None) -> str:
    """Decode ``content`` to text.

    Order: a byte-order mark; strict UTF-8 (valid UTF-8 is almost never anything else, even
    when a page declares another charset); the declared charset; detection; cp1252, which
    maps nearly every byte. Raises ExtractionError for binary content.
    """
    if looks_binary(content):
        raise ExtractionError("binary content, not text or HTML", source)
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if content.startswith(bom):
            return content.decode(codec, errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared and declared not in ("utf-8", "ascii"):
        try:
            return content.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    best = from_bytes(content[:65536]).best()
    if best is not None and best.encoding not in ("utf_8", "ascii"):
        try:
            return content.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    return content.decode("cp1252", errors="replace")
