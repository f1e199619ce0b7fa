"""Name variants on names we made up, and on the seeds."""

from __future__ import annotations

from synoptic.compare.names import bare_name, close_spellings, name_mentions, name_variants, same_person


def test_close_spellings_are_one_name_but_derivations_and_short_names_are_not() -> None:
    assert close_spellings("Karlovac", "Karlovak")
    assert close_spellings("Ostrawa", "Ostrava")
    assert not close_spellings("Norland", "Norlandic")  # a derivation
    assert not close_spellings("Norlandic", "Norlands")  # two endings of one stem
    assert not close_spellings("President", "Presidency")  # a noun and its office
    assert not close_spellings("Democrats", "Democracy")
    assert not close_spellings("Lind", "Lund")  # short names: one letter makes another person
    assert not close_spellings("Ostrava", "ostrava")  # case only: the same form
    assert not close_spellings("Koreas", "Koreans")  # two endings, not at the first letter that differs
    assert not close_spellings("Honduras", "Honduran")  # a country and its people
    assert close_spellings("Trans-Norland Pact", "Trans Norland Pact")  # a hyphen


def test_close_spellings_of_two_common_words_or_names_are_two_of_them() -> None:
    assert not close_spellings("Medicare", "Medicaid")
    assert not close_spellings("Donald", "Ronald")
    assert not close_spellings("Majority Leader", "Minority Leader")
    assert close_spellings("Wednesday", "Wednedsay")  # a common word and a slip
    assert close_spellings("Gaddafi", "Qaddafi")  # a transliteration may change the first letter
    assert close_spellings("Mohammed", "Muhammad")  # two common spellings of one sound
    assert close_spellings("Castro", "Castri")  # a slip of the last letter, not an English ending


def test_titles_and_roles_before_a_name_are_taken_off() -> None:
    assert bare_name("Mr Brandt") == "Brandt"
    assert bare_name("Norland Deputy Minister Ana Lind") == "Ana Lind"
    assert bare_name("President Brandt") == "President Brandt"  # no full name follows
    assert bare_name("General Motors") == "General Motors"
    assert bare_name("House Speaker") == ""  # a role, not a name
    assert bare_name("Norland Sen") == ""  # "Sen." of "Norland Sen. Ana Lind"
    assert bare_name("Port Brelova Tuesday") == "Port Brelova"
    assert bare_name("Ana O’Lind") == "Ana O'Lind"  # one apostrophe


def test_name_mentions_are_whole_names_in_any_script() -> None:
    text = "Talks resumed, said Ana Lind, with Sen. Otto Brandt and José Peña-Ruiz (Liam McBrandt) on Tuesday."
    (mentions,) = name_mentions({"a": text}).values()
    assert mentions == ["Ana Lind", "Sen", "Otto Brandt", "José Peña-Ruiz", "Liam McBrandt", "Tuesday"]
    assert bare_name(mentions[1]) == ""  # the title before "Otto Brandt"


def test_spellings_that_differ_in_accents_or_hyphens_are_a_style_not_a_misspelling() -> None:
    mentions = {"a": ["José Brelova"], "b": ["José Brelova"], "c": ["Jose Brelova"]}
    (variant,) = name_variants(mentions, {"a": "A", "b": "B", "c": "C"})
    assert [f.form for f in variant.forms] == ["José Brelova", "Jose Brelova"]
    assert variant.likely_misspelling is None


def test_given_names_of_two_people_are_not_one_name() -> None:
    mentions = {"a": ["Nicola Brandt", "Nicola Brandt"], "b": ["Nicolo Lindqvist"]}
    assert name_variants(mentions, {"a": "A", "b": "B"}) == []


def test_a_form_in_one_outlet_outnumbered_by_another_is_a_likely_misspelling() -> None:
    mentions = {"a1": ["Karlovac", "Karlovac", "Mr Brandt"], "a2": ["Karlovac", "Brandt"], "b1": ["Karlovak"]}
    outlets = {"a1": "Outlet A", "a2": "Outlet A", "b1": "Outlet B"}
    (variant,) = name_variants(mentions, outlets)
    assert variant.canonical == "Karlovac"
    assert [(f.form, f.articles) for f in variant.forms] == [("Karlovac", ("a1", "a2")), ("Karlovak", ("b1",))]
    assert variant.likely_misspelling == "Karlovak"


def test_two_outlets_each_with_their_own_spelling_and_no_dominance_mark_no_misspelling() -> None:
    (variant,) = name_variants({"a": ["Brelova"], "b": ["Brelowa"]}, {"a": "A", "b": "B"})
    assert variant.likely_misspelling is None


def test_a_slip_copied_by_two_outlets_is_not_the_canonical_form() -> None:
    mentions = {"a": ["Wednedsay"], "b": ["Wednedsay"], "c": ["Wednesday"]}
    (variant,) = name_variants(mentions, {"a": "A", "b": "B", "c": "C"})
    assert variant.canonical == "Wednesday"
    assert variant.likely_misspelling is None  # two outlets wrote it: not one outlet's slip


def test_a_slip_of_one_outlet_among_as_many_outlets_is_a_likely_misspelling() -> None:
    (variant,) = name_variants({"a": ["Wednesday"], "b": ["Wednedsay"]}, {"a": "A", "b": "B"})
    assert (variant.canonical, variant.likely_misspelling) == ("Wednesday", "Wednedsay")


def test_spellings_of_one_speaker_are_one_person() -> None:
    assert same_person("Kim Jong-un", "Kim Jong - un")
    assert same_person("Kim Jong Un", "Kim Jong-un")
    assert same_person("Lind", "Ana Lind")
    assert not same_person("Ana Lind", "Otto Lind")
    assert not same_person("Ana Lind", "Otto Brandt")
    assert same_person("Kim Jongun", "Kim Jong-un")
    assert same_person("Brandt Jr.", "Otto Brandt, Jr.")
    assert not same_person("Otto Brandt Jr.", "Otto Brandt Sr.")
    assert not same_person("Brandt", "Otto Brandt Jr.")  # perhaps the father
