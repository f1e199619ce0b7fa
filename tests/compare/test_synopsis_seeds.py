"""Acceptance on the seeds: `synoptic compare ../shared/seeds/*.txt --format json`, point by point.

The assertions name people and a few words of what they said; the seed texts are read from
../shared at run time and never copied here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from synoptic.present.cli import app

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "synopsis.schema.json"
pytestmark = pytest.mark.slow  # loads spaCy and MiniLM


@pytest.fixture(scope="module")
def synopsis(seeds: list[Path]) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["compare", *map(str, seeds), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def first(seeds: list[Path]) -> str:
    return seeds[0].name


def groups_with(synopsis: dict[str, Any], *words: str) -> list[dict[str, Any]]:
    return [g for g in synopsis["quotes"] if any(all(w in v["text"] for w in words) for v in g["variants"])]


def articles_of(group: dict[str, Any]) -> set[str]:
    return {v["article"] for v in group["variants"]}


def test_the_synopsis_matches_its_json_schema(synopsis: dict[str, Any]) -> None:
    jsonschema.validate(synopsis, json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_1_the_first_seed_has_no_furniture_and_its_headline_as_title(seeds: list[Path], synopsis: dict) -> None:
    article = next(a for a in synopsis["articles"] if a["id"] == seeds[0].name)
    assert "Security Council" in article["title"]
    assert "Breaking" not in article["title"]
    texts = [s["text"] for f in synopsis["facts"] for s in f["statements"] if s["article"] == seeds[0].name]
    assert not any("Accessibility" in t or "Breaking News" in t for t in texts)


def test_2_oshimas_quick_glance_is_one_group_in_both_outlets(synopsis: dict, seeds: list[Path]) -> None:
    (group,) = groups_with(synopsis, "quick glance")
    assert articles_of(group) == {s.name for s in seeds}
    assert group["speaker"]["name"] == "Kenzo Oshima"
    assert group["verdict"] in {"minor_edit", "substantive_change"}


def test_3_oshimas_difficult_to_accept_is_one_group_across_two_wordings(synopsis: dict, seeds: list[Path]) -> None:
    (group,) = groups_with(synopsis, "difficult", "accept")
    assert articles_of(group) == {s.name for s in seeds}
    assert group["speaker"]["name"] == "Kenzo Oshima"
    assert group["verdict"] in {"minor_edit", "substantive_change"}


def test_4_wangs_feedback_quote_is_trimmed_and_his_in_both(synopsis: dict, seeds: list[Path]) -> None:
    (group,) = groups_with(synopsis, "So far we have not received any feedback")
    assert articles_of(group) == {s.name for s in seeds}
    assert group["verdict"] == "trimmed"
    assert group["speaker"]["name"] == "Wang Guangya"
    cues = {v["article"]: v["sentence"] for v in group["variants"]}
    assert "he said" in cues[seeds[0].name]
    assert "Mr Wang" in cues[seeds[1].name]


def test_5_boltons_apples_quote_is_his(synopsis: dict) -> None:
    (group,) = groups_with(synopsis, "apples")
    assert group["speaker"]["name"] == "John Bolton"


def test_6_churkins_long_way_is_partial_in_one_and_reported_in_the_other(synopsis: dict) -> None:
    (group,) = groups_with(synopsis, "a long way")
    assert group["speaker"]["name"] == "Vitaly Churkin"
    assert {v["kind"] for v in group["variants"]} == {"partial", "indirect"}
    (signal,) = groups_with(synopsis, "strong signal")
    assert signal["speaker"]["name"] == "Vitaly Churkin"


def test_7_lavrov_is_the_speaker_of_the_interfax_quote(synopsis: dict) -> None:
    (group,) = groups_with(synopsis, "all countries have to vote")
    assert group["speaker"]["name"] == "Sergei Lavrov"


def test_8_the_discouraging_remark_is_unnamed_with_its_role(synopsis: dict) -> None:
    (group,) = groups_with(synopsis, "discouraging")
    assert group["speaker"]["name"] is None
    assert "senior American diplomat" in group["speaker"]["role"]


def test_9_japans_reaction_is_a_characterisation_conflict(synopsis: dict) -> None:
    (conflict,) = [c for c in synopsis["conflicts"] if c["kind"] == "characterisation"]
    values = " ".join(v["value"] for v in conflict["values"])
    assert "coolly" in values
    assert "welcomed" in values
    assert "Japan" in conflict["subject"]


def test_10_pyongang_is_a_likely_misspelling_and_one_seeds_facts_are_its_exclusives(
    synopsis: dict, seeds: list[Path]
) -> None:
    (variant,) = [n for n in synopsis["name_variants"] if n["canonical"] == "Pyongyang"]
    assert variant["likely_misspelling"] == "Pyongang"
    assert not any(c["kind"] == "name" and "Pyong" in json.dumps(c) for c in synopsis["conflicts"])

    def exclusive_of(words: str) -> str:
        (fact,) = [f for f in synopsis["facts"] if any(words in s["text"] for s in f["statements"])]
        assert fact["exclusive"], words
        return fact["statements"][0]["article"]

    second = seeds[1].name
    for words in ("seven missile launches", "Chapter 7", "exercise vigilance"):
        assert exclusive_of(words) == second
    assert exclusive_of("due back in Beijing Friday") == seeds[0].name
