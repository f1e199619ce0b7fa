"""Name variants on names we made up, and on the seeds."""

from __future__ import annotations

from synoptic.compare.names import close_spellings, name_variants


def test_close_spellings_are_one_name_but_derivations_and_short_names_are_not() -> None:
    assert close_spellings("Karlovac", "Karlovak")
    assert close_spellings("Ostrawa", "Ostrava")
    assert not close_spellings("Norland", "Norlandic")  # a derivation
    assert not close_spellings("Norlandic", "Norlands")  # two endings of one stem
    assert not close_spellings("President", "Presidency")  # a noun and its office
    assert not close_spellings("Democrats", "Democracy")
    assert not close_spellings("Lind", "Lund")  # short names: one letter makes another person
    assert not close_spellings("Ostrava", "ostrava")  # case only: the same form


def test_a_form_in_one_outlet_outnumbered_by_another_is_a_likely_misspelling() -> None:
    mentions = {"a1": ["Karlovac", "Karlovac", "Mr Brandt"], "a2": ["Karlovac", "Brandt"], "b1": ["Karlovak"]}
    outlets = {"a1": "Outlet A", "a2": "Outlet A", "b1": "Outlet B"}
    (variant,) = name_variants(mentions, outlets)
    assert variant.canonical == "Karlovac"
    assert [(f.form, f.articles) for f in variant.forms] == [("Karlovac", ("a1", "a2")), ("Karlovak", ("b1",))]
    assert variant.likely_misspelling == "Karlovak"


def test_two_outlets_each_with_their_own_spelling_and_no_dominance_mark_no_misspelling() -> None:
    (variant,) = name_variants({"a": ["Ostrava"], "b": ["Ostrawa"]}, {"a": "A", "b": "B"})
    assert variant.likely_misspelling is None
