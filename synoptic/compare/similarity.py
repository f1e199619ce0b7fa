"""Is this the same statement? Pair features, the decision, and the alignment of statements into facts.

Two statements from different articles report the same thing when a small logistic regression
over their pair features says so. The features (``FEATURES``) come from what each statement is
once it has been profiled (``profile_statements``: one MiniLM forward pass per distinct text):

* the cosine of the two sentence vectors;
* word-level alignment: how many content words of each side have no counterpart on the other
  (no word-piece of the other sentence within ``TOKEN_MATCH`` cosine), and how well all words match;
* lexical overlap: content words (crudely stemmed), words, bigrams, 4-grams, the longest common
  subsequence of words;
* names (capitalised words not opening the sentence) and numbers present on one side only,
  and numbers that conflict (both sides give numbers, neither set contains the other);
* the length ratio and relative length difference (in words).

``align_statements`` groups the statements of a story's articles into facts: cosine top-k
candidates first (one matrix product over the story), the finer features only for those pairs,
then a greedy merge of the pairs judged the same, best first, that never puts two statements of
one article in a fact and refuses merges whose members are, on average, not close (chaining).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Indel
from threadpoolctl import threadpool_limits

from synoptic.analyze.embeddings import Encoding, SentenceEncoder, default_embedder

# Function words ignored by the content-word features (the usual English stop list, plus the
# reporting verbs that every news sentence carries and that say nothing about what was reported).
_STOPWORD_TEXT = """a an the and or but nor of to in on at for with by from as into onto over under about after before
    between through during against without within up down out off than then so if because while though
    is are was were be been being am has have had do does did will would can could should may might must
    shall it its this that these those there here he she they we you i his her their our your them him us
    me my mine which who whom whose what when where why how not no also just very more most such only
    said says say saying told tells added"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# A word-piece counts as matched when a word-piece of the other sentence is at least this close
# (cosine of MiniLM's contextual token vectors): of 0.4, 0.5 and 0.6, 0.4 separated MRPC's classes
# best in 10-fold cross-validation on its train file.
TOKEN_MATCH = 0.4
# Candidate pairs for alignment: the best statement of each other article, kept when its cosine is
# at least CANDIDATE_COSINE (99% of MRPC train's same-meaning pairs are above 0.49), and at most
# TOP_K of them per statement (each statement of a fact reported by many outlets needs only a few
# links to the others for the greedy merge to gather them).
CANDIDATE_COSINE = 0.49
TOP_K = 10
# Chaining guard: two groups merge only if the mean cosine over their members' pairs is at least
# this (95% of MRPC train's same-meaning pairs have a cosine above 0.61).
LINK_COSINE = 0.61
# BLAS threads while aligning: the features are thousands of small matrix products, which two
# OpenBLAS threads ran 6-12 times slower than one whenever the other core was busy
# (benchmarks/alignment.py: 50 NewsWCL50 articles, 6.9 s against 1.1 s).
BLAS_THREADS = 1

_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*")
_STEM_SUFFIXES = ("ing", "ed", "es", "s")

FEATURES: tuple[str, ...] = (
    "cosine",
    "token_unmatched_max",
    "token_unmatched_min",
    "token_unmatched_share",
    "token_match",
    "content_jaccard",
    "word_jaccard",
    "bigram_jaccard",
    "fourgram_overlap",
    "common_subsequence",
    "content_unmatched_min",
    "content_unmatched_max",
    "numbers_unmatched",
    "numbers_conflict",
    "names_unmatched",
    "names_jaccard",
    "length_ratio",
    "length_difference",
)


@dataclass(frozen=True)
class PairModel:
    """A logistic regression over ``FEATURES`` (raw, unscaled values) and the probability cut-off."""

    intercept: float
    weights: tuple[float, ...]
    threshold: float

    def probability(self, features: np.ndarray) -> np.ndarray:
        """P(same statement) for each row of a pairs x ``FEATURES`` matrix (or for one feature vector)."""
        logits: np.ndarray = self.intercept + np.asarray(features, dtype=np.float64) @ np.asarray(self.weights)
        probabilities: np.ndarray = 1.0 / (1.0 + np.exp(-logits))
        return probabilities


# One statement is held in another when at least this share of its word 4-grams, and at least
# HELD_FOURGRAMS of them (a run of 8 words: a short sentence is held in too many others), are in
# the other: the same words reported, with more around them (a tweet quoted alone and quoted with
# comment). The model, fitted on MRPC's pairs of like length, weighs the extra words against them.
# In MRPC train 81% of such pairs are the same statement; over the model's cross-validated
# decisions the rule turns 17 pairs to "same", 11 rightly.
CONTAINED = 0.8
HELD_FOURGRAMS = 5

# Fitted by synoptic.evaluate.paraphrase.fit_pair_model on all 4,076 pairs of MRPC train
# (../shared/data/mrpc/msr_paraphrase_train.txt), on the vectors of the int8 model
# (synoptic.analyze.embeddings). The same fit, scored by 10-fold cross-validation
# (`synoptic evaluate paraphrase --data ...`), gives accuracy 0.7755 and F1 0.8419 alone, 0.7767
# and 0.8432 with the ``held_in_other`` rule (TF-IDF cosine: 0.7105 and 0.8005). The common
# subsequence is the longest one's share of both sentences' words (rapidfuzz's Indel similarity);
# difflib's matching blocks in its place gave 0.7750 and 0.8413 for three times the time. The
# threshold is the probability cut that maximises accuracy. Features are strongly correlated, so
# single weights are not to be read on their own.
MRPC_MODEL = PairModel(
    intercept=-1.3638,
    weights=(
        0.901634,  # cosine
        -0.0765962,  # token_unmatched_max
        -0.281686,  # token_unmatched_min
        0.390704,  # token_unmatched_share
        2.31375,  # token_match
        0.447655,  # content_jaccard
        2.19631,  # word_jaccard
        0.56445,  # bigram_jaccard
        -2.9744,  # fourgram_overlap
        4.28296,  # common_subsequence
        0.0916098,  # content_unmatched_min
        -0.0234091,  # content_unmatched_max
        -0.213131,  # numbers_unmatched
        0.0313486,  # numbers_conflict
        0.0781563,  # names_unmatched
        -0.253398,  # names_jaccard
        -2.26376,  # length_ratio
        -8.6826,  # length_difference
    ),
    threshold=0.5195,
)


@dataclass(frozen=True)
class Statement:
    """What the pair features need to know about one statement, computed once per text."""

    text: str
    words: tuple[str, ...]  # the words and numbers, case-folded, in order
    distinct: frozenset[str]  # the same, each once
    bigrams: frozenset[tuple[str, ...]]  # of ``words``
    fourgrams: frozenset[tuple[str, ...]]
    content: frozenset[str]  # stems of the words that are neither stopwords nor numbers
    numbers: frozenset[str]  # as written, thousands separators dropped ("2,500" -> "2500")
    names: frozenset[str]  # case-folded capitalised words, the sentence's first word excepted
    vector: np.ndarray  # the unit sentence vector
    tokens: np.ndarray  # unit word-piece vectors (float32), one row per piece of a word
    content_rows: np.ndarray  # the indexes of the rows of ``tokens`` whose word is not a stopword


# --- statements -----------------------------------------------------------------------------------


def stem(word: str) -> str:
    """A crude English stem: one common inflectional suffix dropped from words long enough to have one."""
    for suffix in _STEM_SUFFIXES:
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def profile(text: str, encoding: Encoding) -> Statement:
    """The ``Statement`` of ``text``, given its MiniLM ``encoding``."""
    raw = _WORD.findall(text)
    words = tuple(w.casefold() for w in raw)
    content_rows = [i for i, word in enumerate(encoding.words) if word not in STOPWORDS]
    return Statement(
        text=text,
        words=words,
        distinct=frozenset(words),
        bigrams=_ngrams(words, 2),
        fourgrams=_ngrams(words, 4),
        content=frozenset(stem(w) for w in words if w not in STOPWORDS and not w[0].isdigit()),
        numbers=frozenset(w.replace(",", "") for w in raw if w[0].isdigit()),
        names=frozenset(w.casefold() for i, w in enumerate(raw) if i > 0 and w[0].isupper()),
        vector=encoding.vector,
        tokens=encoding.tokens.astype(np.float32),
        content_rows=np.array(content_rows, dtype=np.intp),
    )


def profile_statements(texts: Sequence[str], embedder: SentenceEncoder | None = None) -> list[Statement]:
    """The ``Statement`` of each text, in order (one batched, cached model pass for all of them)."""
    encodings = (embedder or default_embedder()).encode_tokens(texts)
    return [profile(text, encoding) for text, encoding in zip(texts, encodings, strict=True)]


# --- pair features --------------------------------------------------------------------------------


def pair_features(a: Statement, b: Statement) -> np.ndarray:
    """The values of ``FEATURES`` for one pair of statements (symmetric in ``a`` and ``b``)."""
    return np.array(
        [
            float(a.vector @ b.vector),
            *_token_features(a, b),
            *_lexical_features(a, b),
            *_number_features(a.numbers, b.numbers),
            len(a.names ^ b.names),
            _jaccard(a.names, b.names),
            *_length_features(len(a.words), len(b.words)),
        ]
    )


def _token_features(a: Statement, b: Statement) -> tuple[float, float, float, float]:
    """Unmatched content word-pieces (max, min, share of all) and the mean best match of all word-pieces."""
    sims = a.tokens @ b.tokens.T
    best_a, best_b = _best_matches(sims[a.content_rows][:, b.content_rows])
    unmatched_a = int(np.count_nonzero(best_a < TOKEN_MATCH))
    unmatched_b = int(np.count_nonzero(best_b < TOKEN_MATCH))
    total = len(best_a) + len(best_b)
    all_a, all_b = _best_matches(sims)
    match = min(_mean(all_a), _mean(all_b))
    share = (unmatched_a + unmatched_b) / total if total else 0.0
    return max(unmatched_a, unmatched_b), min(unmatched_a, unmatched_b), share, match


def _best_matches(sims: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each row of a matrix of cosines its best, and for each column (-1 when the other side has none)."""
    rows, columns = sims.shape
    if rows == 0 or columns == 0:
        return np.full(rows, -1.0), np.full(columns, -1.0)
    return sims.max(axis=1), sims.max(axis=0)


def _lexical_features(a: Statement, b: Statement) -> tuple[float, ...]:
    """Jaccard of content words, words and bigrams; 4-gram overlap; common subsequence; unmatched content."""
    shared = len(a.fourgrams & b.fourgrams)
    fourgram = max(shared / len(a.fourgrams) if a.fourgrams else 0.0, shared / len(b.fourgrams) if b.fourgrams else 0.0)
    only_a, only_b = len(a.content - b.content), len(b.content - a.content)
    return (
        _jaccard(a.content, b.content),
        _jaccard(a.distinct, b.distinct),
        _jaccard(a.bigrams, b.bigrams),
        fourgram,
        Indel.normalized_similarity(a.words, b.words),
        min(only_a, only_b),
        max(only_a, only_b),
    )


def _number_features(a: frozenset[str], b: frozenset[str]) -> tuple[int, float]:
    """Numbers given on one side only, and whether the two sides give conflicting numbers."""
    conflict = bool(a) and bool(b) and not (a <= b or b <= a)
    return len(a ^ b), float(conflict)


def _length_features(a: int, b: int) -> tuple[float, float]:
    if not a and not b:
        return 1.0, 0.0
    return min(a, b) / max(a, b), abs(a - b) / (a + b)


def _ngrams(words: tuple[str, ...], n: int) -> frozenset[tuple[str, ...]]:
    return frozenset(words[i : i + n] for i in range(len(words) - n + 1))


def _jaccard(a: frozenset[str] | frozenset[tuple[str, ...]], b: frozenset[str] | frozenset[tuple[str, ...]]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def _mean(values: np.ndarray) -> float:
    return float(values.sum()) / len(values) if len(values) else 0.0


# --- the decision ---------------------------------------------------------------------------------


def same_statement(
    a: str, b: str, embedder: SentenceEncoder | None = None, model: PairModel = MRPC_MODEL
) -> tuple[bool, float]:
    """Whether statements ``a`` and ``b`` report the same thing, and the model's probability that they do."""
    first, second = profile_statements([a, b], embedder)
    probability = float(model.probability(pair_features(first, second)))
    return probability >= model.threshold or held_in_other(first, second), probability


def held_in_other(a: Statement, b: Statement) -> bool:
    """Whether one of two statements holds the other nearly word for word (``CONTAINED``, ``HELD_FOURGRAMS``)."""
    shared = len(a.fourgrams & b.fourgrams)
    return shared >= HELD_FOURGRAMS and shared >= CONTAINED * min(len(a.fourgrams), len(b.fourgrams))


# --- alignment ------------------------------------------------------------------------------------

Member = tuple[str, int]


def align_statements(
    statements_by_article: Mapping[str, Sequence[str]],
    embedder: SentenceEncoder | None = None,
    model: PairModel = MRPC_MODEL,
) -> list[list[Member]]:
    """Group the statements of a story's articles into facts.

    Each fact lists ``(article, statement index)`` members, at most one per article, in the order
    of ``statements_by_article``; every statement is in exactly one fact (a fact of one member is an
    exclusive). Facts are ordered by their first member. The result depends only on the input.
    """
    members = [(article, i) for article, texts in statements_by_article.items() for i in range(len(texts))]
    if not members:
        return []
    texts = [statements_by_article[article][i] for article, i in members]
    statements = profile_statements(texts, embedder)
    owners = _owners(members)
    with threadpool_limits(limits=BLAS_THREADS, user_api="blas"):
        vectors = np.stack([s.vector for s in statements])
        cosines = vectors @ vectors.T
        scored = _scored_pairs(statements, _candidate_pairs(cosines, owners), model)
    groups = _merge(scored, cosines, owners)
    return [[members[i] for i in group] for group in groups]


def _owners(members: list[Member]) -> np.ndarray:
    """The position of each member's article (0, 1, ...), in input order."""
    positions: dict[str, int] = {}
    return np.array([positions.setdefault(article, len(positions)) for article, _ in members])


def _candidate_pairs(cosines: np.ndarray, owners: np.ndarray) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, worth scoring: for each statement, its nearest statement in each
    other article, kept if at least ``CANDIDATE_COSINE`` and among its ``TOP_K`` nearest such."""
    articles = int(owners.max()) + 1
    best_index = np.zeros((len(owners), articles), dtype=np.int64)
    best_cosine = np.full((len(owners), articles), -np.inf)
    for article in range(articles):
        columns = np.flatnonzero(owners == article)
        block = cosines[:, columns]
        best = block.argmax(axis=1)
        best_index[:, article] = columns[best]
        best_cosine[:, article] = np.where(owners == article, -np.inf, block[np.arange(len(owners)), best])
    order = np.argsort(-best_cosine, axis=1, kind="stable")[:, :TOP_K]
    pairs: set[tuple[int, int]] = set()
    for i, row in enumerate(order):
        for article in row:
            if best_cosine[i, article] >= CANDIDATE_COSINE:
                j = int(best_index[i, article])
                pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


def _scored_pairs(
    statements: list[Statement], pairs: list[tuple[int, int]], model: PairModel
) -> list[tuple[float, int, int]]:
    """The candidate pairs judged the same statement, with their probability, best first."""
    if not pairs:
        return []
    features = np.stack([pair_features(statements[i], statements[j]) for i, j in pairs])
    probabilities = model.probability(features)
    kept = [(max(float(p), model.threshold), i, j) for p, (i, j) in zip(probabilities, pairs, strict=True)
            if p >= model.threshold or held_in_other(statements[i], statements[j])]  # fmt: skip
    return sorted(kept, key=lambda t: (-t[0], t[1], t[2]))


def _merge(scored: list[tuple[float, int, int]], cosines: np.ndarray, owners: np.ndarray) -> list[list[int]]:
    """Greedy grouping: the best pairs first; two groups join when they share no article and the
    mean cosine between their members is at least ``LINK_COSINE``. Every statement ends in one group."""
    group_of = list(range(len(owners)))
    groups: dict[int, list[int]] = {i: [i] for i in range(len(owners))}
    for _, i, j in scored:
        first, second = group_of[i], group_of[j]
        if first == second or not _may_join(groups[first], groups[second], cosines, owners):
            continue
        groups[first].extend(groups.pop(second))
        for member in groups[first]:
            group_of[member] = first
    return sorted((sorted(members) for members in groups.values()), key=lambda g: g[0])


def _may_join(first: list[int], second: list[int], cosines: np.ndarray, owners: np.ndarray) -> bool:
    if set(owners[first].tolist()) & set(owners[second].tolist()):
        return False
    return float(cosines[np.ix_(first, second)].mean()) >= LINK_COSINE
