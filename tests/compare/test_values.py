"""Values: quantities read from written numbers (no model)."""

from __future__ import annotations

from synoptic.compare.values import number_value


def test_numbers_are_read_with_their_grain() -> None:
    assert number_value("seven") == (7, 1, 7)
    assert number_value("twenty-five") == (25, 1, 25)
    assert number_value("$5.2 million") == (5_200_000, 100_000, 5.2)
    assert number_value("1,200") == (1200, 100, 1200)


def test_vague_quantities_and_a_spelled_one_have_no_value() -> None:
    assert number_value("dozens") is None
    assert number_value("several hundred") is None
    assert number_value("one") is None
