"""Decoding bytes of unknown or misdeclared encoding, on real article text."""

from __future__ import annotations

import pytest

from synoptic.errors import ExtractionError
from synoptic.extract.decode import declared_charset, decode, looks_binary


def test_utf8_wins_over_a_wrong_declared_charset(real_article_text: str) -> None:
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>{real_article_text}</p></body></html>'
    content = page.encode("utf-8")
    assert declared_charset(content) == "iso8859-1"
    assert real_article_text in decode(content, "page.html", declared_charset(content))


def test_cp1252_text_is_decoded_without_mojibake(real_article_text: str) -> None:
    text = real_article_text.encode("cp1252", errors="replace").decode("cp1252")
    assert decode(text.encode("cp1252"), "a.txt") == text


def test_latin1_declared_page_is_decoded(real_article_text: str) -> None:
    text = real_article_text.encode("latin-1", errors="replace").decode("latin-1") + " café"
    page = f'<meta http-equiv="Content-Type" content="text/html; charset=latin-1"><p>{text}</p>'
    content = page.encode("latin-1")
    assert text in decode(content, "page.html", declared_charset(content))


def test_utf16_with_a_byte_order_mark(real_article_text: str) -> None:
    assert decode(real_article_text.encode("utf-16"), "a.txt") == real_article_text


def test_binary_content_is_refused_with_a_reason() -> None:
    png_header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    assert looks_binary(png_header)
    with pytest.raises(ExtractionError, match="binary content"):
        decode(png_header, "image.html")
