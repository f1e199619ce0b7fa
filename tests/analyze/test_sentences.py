"""Rule-based sentence splitting with exact spans."""

from __future__ import annotations

from synoptic.analyze.sentences import split_sentences


def test_sentences_keep_exact_spans_and_respect_titles_and_initials() -> None:
    text = (
        "Mr. Brandt met U.S. officials on Monday. The talks ended early.\n"
        '"We will return," said Anna K. Lind. She left at 6 p.m. on Tuesday.'
    )
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Mr. Brandt met U.S. officials on Monday.",
        "The talks ended early.",
        '"We will return," said Anna K. Lind.',
        "She left at 6 p.m. on Tuesday.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_every_seed_sentence_indexes_the_text(seeds) -> None:
    for seed in seeds:
        text = seed.read_text(encoding="utf-8")
        sentences = split_sentences(text)
        assert len(sentences) > 10
        assert all(text[s.start : s.end] == s.text for s in sentences)
