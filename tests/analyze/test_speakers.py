"""Speaker names: each naming rule on short texts written here, and the rules held over real stories
of NewsWCL50 and BASIL read from ../shared/data at run time (no third-party text in the repository)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from synoptic.analyze.attribution import extract_quotes
from synoptic.analyze.names import CALENDAR, OFFICES, TITLES
from synoptic.analyze.quotes import Quote
from synoptic.evaluate.quotes import basil_text

pytestmark = pytest.mark.usefixtures("spacy_model")  # every test here runs the real spaCy model


def _speakers(text: str) -> list[str | None]:
    return [q.speaker for q in extract_quotes(text)]


def _mention(text: str, quote: Quote) -> str:
    assert quote.speaker_start is not None
    assert quote.speaker_end is not None
    return text[quote.speaker_start : quote.speaker_end]


# --- names as written -----------------------------------------------------------------------------


def test_a_hyphenated_name_split_by_the_tokenizer_is_joined_again() -> None:
    text = "Lee Sung-ho, the trade minister, said exports would rise this year.\n\n“We are ready,” Mr. Lee said."
    assert _speakers(text) == ["Lee Sung-ho", "Lee Sung-ho"]


def test_a_hyphenated_ending_the_recogniser_left_out_belongs_to_the_name() -> None:
    text = "Moon Jae-in met the delegation on Sunday.\n\n“The door is open,” Mr. Moon said."
    assert _speakers(text) == ["Moon Jae-in"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Managing Director Lena Voss said profits rose in the third quarter.", "Lena Voss"),
        ("Border Patrol Agent Rick Soto said several hundred people were waiting at the gate.", "Rick Soto"),
        ("Irish Ambassador to France Sir Liam Byrne said he was “delighted” with the result.", "Liam Byrne"),
    ],
)
def test_titles_and_roles_are_not_part_of_a_name(text: str, name: str) -> None:
    assert _speakers(text) == [name]


def test_a_date_is_never_a_speaker() -> None:
    text = "Senator Ruth Okafor called the minister on April 11 to ask “whether the plan is dead.”"
    assert _speakers(text) == ["Ruth Okafor"]


# --- surnames -------------------------------------------------------------------------------------


def test_a_surname_names_the_full_name_the_recogniser_missed() -> None:
    text = "The mayor of Leeds, Sadia Karim, opened the bridge.\n\n“It took ten years,” Karim said."
    assert _speakers(text) == ["Sadia Karim"]


def test_a_full_name_with_more_first_names_is_the_same_person() -> None:
    text = "President Andrés López Vidal spoke first.\n\n“We will not pay,” López Vidal said."
    assert _speakers(text) == ["Andrés López Vidal"]


def test_mr_and_a_surname_never_name_a_woman_of_that_surname() -> None:
    text = (
        "President Kowalski arrived in Lisbon on Monday with his wife, Anna Kowalski.\n\n"
        "“We came to listen,” Mr. Kowalski said."
    )
    (quote,) = extract_quotes(text)
    assert quote.speaker == "Kowalski"
    assert _mention(text, quote) == "Mr. Kowalski"


def test_a_surname_in_use_before_a_namesake_is_named_stays_its_own_person() -> None:
    text = (
        "President Kowalski said on Monday that the talks would resume. Kowalski spoke after a long meeting.\n\n"
        "First lady Anna Kowalski visited a school in the afternoon.\n\n"
        "“It was a good day,” Kowalski said."
    )
    assert set(_speakers(text)) == {"Kowalski"}


def test_a_surname_names_the_person_first_and_most_named_not_a_namesake_named_later() -> None:
    text = (
        "French President Jean Dupont welcomed the prime minister on Tuesday.\n\n"
        "His wife, Claire Dupont, toured a museum.\n\n"
        "“We agree on almost everything,” Dupont said."
    )
    assert _speakers(text) == ["Jean Dupont"]


def test_a_surname_used_before_the_full_name_takes_the_full_name() -> None:
    text = (
        "Novak warns of delays at the port.\n\n"
        "Novak said on Monday that the cranes were too old. Novak added that the road floods every winter.\n\n"
        "The finance minister, Petr Novak, has asked for new funds.\n\n"
        "“We cannot wait another year,” Novak said."
    )
    assert set(_speakers(text)) == {"Petr Novak"}


# --- pronouns -------------------------------------------------------------------------------------


def test_he_is_never_a_name_his_own_sentence_is_about() -> None:
    text = "Tom Reyes met reporters after the vote.\n\nOf Paul Brandt, he said, “He was right all along.”"
    assert _speakers(text) == ["Tom Reyes"]


def test_a_long_quotation_does_not_push_the_speaker_out_of_reach() -> None:
    text = (
        "Mark Olsen spoke to reporters on Friday about the harbour.\n\n"
        "“The harbour is old. The cranes are older. The road floods every winter. The ships are bigger now. "
        "The town has no money. Nobody in the capital listens,” he said."
    )
    assert _speakers(text) == ["Mark Olsen"]


def test_she_follows_the_woman_named_by_her_surname() -> None:
    text = (
        "Carla Mendes, the union leader, and her deputy, Rui Costa, met the board.\n\n"
        "“The offer is an insult,” Mendes said. “We will strike on Monday,” she added."
    )
    assert _speakers(text) == ["Carla Mendes", "Carla Mendes"]


# --- real stories ---------------------------------------------------------------------------------

# NewsWCL50 events whose reports hold datelines, hyphenated Korean names, namesakes (a president and
# his wife) and surnames the recogniser labels as organisations.
WCL_EVENTS = ("event_1", "event_2", "event_4", "event_6")


def _wcl_speakers(shared_path: Callable[..., Path], event: str) -> dict[str, set[str]]:
    folder = shared_path("newswcl50", "1-raw-articles", event)
    return {
        path.name: {q.speaker for q in extract_quotes(path.read_text(encoding="utf-8")) if q.speaker}
        for path in sorted(folder.glob("*.txt"))
    }


@pytest.mark.parametrize("event", WCL_EVENTS)
def test_speaker_names_of_real_reports_are_names(shared_path: Callable[..., Path], event: str) -> None:
    for file, names in _wcl_speakers(shared_path, event).items():
        for name in names:
            words = name.split()
            assert " - " not in name, (file, name)  # "Kim Jong - un"
            assert not re.fullmatch(r"[A-Z .,]+", name) or len(name) <= 4, (file, name)  # "SEOUL", not "AP"
            assert not (len(words) == 1 and words[0].lower() in CALENDAR), (file, name)
            assert words[0].lower().rstrip(".") not in TITLES | OFFICES, (file, name)
            assert words[-1].lower() not in OFFICES, (file, name)


def test_a_president_is_not_his_wife(shared_path: Callable[..., Path]) -> None:
    """Two reports of a state visit name the first ladies in full and the presidents mostly by surname."""
    speakers = _wcl_speakers(shared_path, "event_4")
    wives = {name for names in speakers.values() for name in names if name in ("Melania Trump", "Brigitte Macron")}
    assert wives == set()
    assert "Emmanuel Macron" in set().union(*speakers.values())


def test_a_surname_labelled_as_an_organisation_names_the_person(shared_path: Callable[..., Path]) -> None:
    """A BASIL report names its main speaker in full once, then by a surname the recogniser takes for an
    organisation: every quote of that surname is the person's."""
    (path,) = shared_path("basil", "articles").glob("2013/*-454c0876880d_1.json")
    text, _ = basil_text(json.loads(path.read_text(encoding="utf-8"))["body-paragraphs"], path)
    quotes = [q for q in extract_quotes(text) if q.speaker_start is not None and _mention(text, q) == "Hutchinson"]
    assert len(quotes) >= 3
    assert {q.speaker for q in quotes} == {"Asa Hutchinson"}
