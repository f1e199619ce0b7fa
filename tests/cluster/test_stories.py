"""Online story clustering on short reports written for these tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from synoptic.cluster import NewsItem, StoryClusterer
from synoptic.evaluate.clustering import load_corpora, resolve_merges, score_partition

DAY = datetime(2024, 3, 5, 6, tzinfo=UTC)

VALDORIA = [
    (
        "Earthquake kills dozens in Valdoria",
        "A magnitude 6.1 earthquake struck Valdoria before dawn on Tuesday, collapsing houses in the old "
        "harbour district. Mayor Ines Farro said at least 41 people were missing and rescuers were digging "
        "through rubble with their hands. The quake was felt as far as the Sarn valley.",
    ),
    (
        "Valdoria digs for survivors after 6.1 quake",
        "Rescuers in Valdoria pulled two children alive from a collapsed school on Wednesday, a day after "
        "the 6.1 earthquake. Mayor Ines Farro said the number of missing had fallen to 35. Aftershocks "
        "kept families sleeping in the harbour park.",
    ),
    (
        "Aid reaches quake-hit Valdoria",
        "Army trucks carrying tents and water reached Valdoria, where Tuesday's earthquake destroyed much "
        "of the harbour district. Ines Farro, the town's mayor, thanked volunteers from the Sarn valley "
        "and said 41 families had lost their homes.",
    ),
]
MONTARIS = [
    (
        "Earthquake hits mining town of Montaris",
        "A magnitude 5.4 earthquake shook the mining town of Montaris on Tuesday, killing 12 miners when a "
        "shaft of the Kestrel mine caved in. Governor Teodor Lusk ordered all mines in the province closed "
        "for inspection.",
    ),
    (
        "Montaris mourns 12 miners after quake",
        "Hundreds gathered in Montaris to mourn the 12 miners killed when Tuesday's 5.4 earthquake caved in "
        "the Kestrel mine. Governor Teodor Lusk promised an inquiry into the mine's safety record.",
    ),
    (
        "Kestrel mine owner faces questions after Montaris quake",
        "The owner of the Kestrel mine in Montaris said the shaft met every safety rule before the 5.4 "
        "earthquake. Governor Teodor Lusk said inspectors would report within a month on why 12 miners "
        "could not escape.",
    ),
]
ORCHESTRA = (
    "Orchestra plans winter tour",
    "The Lindholm Chamber Orchestra announced a winter tour of seven cities, opening with a new symphony by "
    "the composer Aster Quill. Tickets go on sale next week; students pay half price.",
)


def items(reports: list[tuple[str, str]], prefix: str, start: datetime = DAY) -> list[NewsItem]:
    return [
        NewsItem(id=f"{prefix}{n}", title=title, text=text, published=start + timedelta(hours=5 * n))
        for n, (title, text) in enumerate(reports)
    ]


def cluster(articles: list[NewsItem], clusterer: StoryClusterer | None = None) -> dict[str, int]:
    """Each article's story after the stream and the final settling."""
    clusterer = clusterer if clusterer is not None else StoryClusterer()
    stories = {item.id: clusterer.add(item).story_id for item in articles}
    for absorbed, into in clusterer.flush():
        stories = {a: into if s == absorbed else s for a, s in stories.items()}
    return stories


def interleaved() -> list[NewsItem]:
    valdoria, montaris = items(VALDORIA, "v"), items(MONTARIS, "m")
    orchestra = items([ORCHESTRA], "o")
    return [valdoria[0], montaris[0], orchestra[0], valdoria[1], montaris[1], valdoria[2], montaris[2]]


def test_reports_of_one_event_share_a_story_and_a_similar_event_gets_its_own() -> None:
    stories = cluster(interleaved())
    assert stories["v0"] == stories["v1"] == stories["v2"]
    assert stories["m0"] == stories["m1"] == stories["m2"]
    assert len({stories["v0"], stories["m0"], stories["o0"]}) == 3


def test_assignments_say_why() -> None:
    clusterer = StoryClusterer()
    first = clusterer.add(items(VALDORIA, "v")[0])
    assert first.reason.startswith("new story")
    assert first.score == 0.0
    second = clusterer.add(items(VALDORIA, "v")[1])
    assert second.story_id == first.story_id
    assert second.reason.startswith("joined: nearest article v0")
    assert second.score > 0


def test_the_result_is_deterministic_for_an_input_order() -> None:
    assert cluster(interleaved()) == cluster(interleaved())


def test_the_window_keeps_the_same_kind_of_news_a_month_apart_apart() -> None:
    march = items(VALDORIA[:2], "march")
    april = items(VALDORIA[2:], "april", start=DAY + timedelta(days=30))
    apart = cluster(march + april, StoryClusterer(window=timedelta(days=7), lateness=None))
    assert apart["march0"] == apart["march1"] != apart["april0"]
    together = cluster(march + april, StoryClusterer(window=None, lateness=None))
    assert together["march0"] == together["april0"]


def test_a_copy_joins_the_story_of_the_article_it_copies() -> None:
    clusterer = StoryClusterer()
    first = clusterer.add(items(VALDORIA, "v")[0])
    unrelated = NewsItem(id="copy", title=ORCHESTRA[0], text=ORCHESTRA[1], published=DAY)
    assignment = clusterer.add(unrelated, copy_of="v0")
    assert (assignment.story_id, assignment.score, assignment.reason) == (first.story_id, 1.0, "copy of v0")


@pytest.mark.parametrize(
    ("text", "flag"),
    [("", "empty text"), ("Storm.", "tiny text (1 words)"), ("Der Sturm schloss die Brücke am Morgen.", "language de")],
)
def test_empty_tiny_or_foreign_articles_are_kept_and_flagged(text: str, flag: str) -> None:
    clusterer = StoryClusterer()
    clusterer.add(items(VALDORIA, "v")[0])
    assignment = clusterer.add(NewsItem(id="odd", text=text, language="de" if "Sturm" in text else None))
    assert any(f.startswith(flag) for f in assignment.flags)
    assert assignment.story_id > 0
    assert clusterer.story_of("odd") == assignment.story_id


def test_an_article_without_content_terms_stays_alone() -> None:
    clusterer = StoryClusterer()
    assignment = clusterer.add(NewsItem(id="empty", text=""))
    assert assignment.reason == "new story: too few content terms to compare"


def test_an_undated_article_is_compared_with_dated_stories() -> None:
    clusterer = StoryClusterer(window=timedelta(days=7))
    first = clusterer.add(items(VALDORIA, "v")[0])
    title, text = VALDORIA[1]
    assert clusterer.add(NewsItem(id="undated", title=title, text=text)).story_id == first.story_id


def test_state_is_bounded_while_streaming() -> None:
    clusterer = StoryClusterer(window=timedelta(days=2), lateness=timedelta(days=1))
    for week in range(8):
        for item in items(VALDORIA, f"w{week}-", start=DAY + timedelta(days=7 * week)):
            clusterer.add(item)
        # Only this week's and last week's articles can be held, whatever the weeks streamed.
        assert clusterer.held_articles <= 2 * len(VALDORIA)
        assert len(clusterer) <= 2 * len(VALDORIA)


def test_small_stories_settle_into_the_larger_story_they_resemble() -> None:
    clusterer = StoryClusterer()
    for item in items(VALDORIA, "v"):
        clusterer.seed(item, story_id=1)
    title, text = VALDORIA[0]
    clusterer.seed(NewsItem(id="fragment", title=title, text=text, published=DAY), story_id=2)
    clusterer.seed(items([ORCHESTRA], "o")[0], story_id=3)
    assert clusterer.flush() == ((2, 1),)
    assert clusterer.story_of("fragment") == 1
    assert clusterer.story_of("o0") == 3


def test_seeded_stories_keep_their_ids_and_new_ones_follow() -> None:
    clusterer = StoryClusterer()
    clusterer.seed(items(VALDORIA, "v")[0], story_id=41)
    assert clusterer.add(items(VALDORIA, "v")[1]).story_id == 41
    assert clusterer.add(items([ORCHESTRA], "o")[0]).story_id == 42


def test_a_snapshot_restores_the_same_behaviour() -> None:
    original = StoryClusterer()
    for item in interleaved()[:5]:
        original.add(item)
    state = json.loads(json.dumps(original.snapshot()))
    restored = StoryClusterer.restore(state)
    for item in interleaved()[5:]:
        assert restored.add(item) == original.add(item)


def test_an_article_is_added_once() -> None:
    clusterer = StoryClusterer()
    clusterer.add(items(VALDORIA, "v")[0])
    with pytest.raises(ValueError, match="added already"):
        clusterer.add(items(VALDORIA, "v")[0])


def test_two_similar_events_with_cores_of_their_own_stay_apart_when_settling() -> None:
    clusterer = StoryClusterer(window=None, lateness=None)
    for item in items(VALDORIA, "v"):
        clusterer.seed(item, story_id=1)
    for item in items(MONTARIS, "m"):
        clusterer.seed(item, story_id=2)
    assert clusterer.flush() == ()


def test_fragments_of_one_event_settle_together_cheapest_first() -> None:
    clusterer = StoryClusterer(window=None, lateness=None)
    for n, item in enumerate(items(VALDORIA, "v")):
        clusterer.seed(item, story_id=10 + n)
    merges = clusterer.flush()
    assert len(merges) == 2
    assert len({clusterer.story_of(f"v{n}") for n in range(3)}) == 1


def test_fragments_of_one_event_settle_together_between_runs_too() -> None:
    clusterer = StoryClusterer(window=None, lateness=None)
    for n, item in enumerate(items(VALDORIA, "v")):
        clusterer.seed(item, story_id=10 + n)
    assert len(clusterer.settle_live()) == 2
    assert len({clusterer.story_of(f"v{n}") for n in range(3)}) == 1


def test_settling_between_runs_merges_only_reports_of_one_event(shared_path: Callable[..., Path]) -> None:
    """Every real BASIL and NewsWCL50 article as a story of its own: the safe settling of the end of
    an ingest run puts no two events together, where the closing flush risks a few."""
    articles = load_corpora([shared_path("basil"), shared_path("newswcl50")])
    merges = {}
    for settle in ("flush", "settle_live"):
        clusterer = StoryClusterer(lateness=None)
        stories = {}
        for n, labelled in enumerate(articles, start=1):
            clusterer.seed(labelled.item, story_id=n)
            stories[labelled.item.id] = n
        merges[settle] = getattr(clusterer, settle)()
        settled = resolve_merges(stories, list(merges[settle]))
        score = score_partition([settled[a.item.id] for a in articles], [a.gold for a in articles])
        if settle == "settle_live":
            assert score.b3_precision == 1.0
    assert 0 < len(merges["settle_live"]) < len(merges["flush"])
