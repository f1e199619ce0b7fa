"""The fact-alignment decision ("is this the same statement?") on MRPC sentence pairs.

MRPC files are tab-separated, one pair a line after a header: ``Quality``, ``#1 ID``, ``#2 ID``,
``#1 String``, ``#2 String`` (quotes are data: read with ``csv.QUOTE_NONE``). Quality 1 means the
two news sentences say the same thing.

Without ``train``, the pair model (``synoptic.compare.similarity.PairModel``: a logistic regression
over the pair features, and the probability threshold that maximises accuracy) is fitted by
stratified k-fold cross-validation: each pair is scored by the model fitted on the other folds.
The model fitted on the whole file gives the reported ``threshold``. With ``train``, one model is
fitted on that file and scores every pair of ``data``.

``tfidf_baseline`` runs the same protocol on the TF-IDF cosine of the two sentences alone.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from synoptic.analyze.embeddings import SentenceEncoder, default_embedder
from synoptic.compare.similarity import PairModel, Statement, held_in_other, pair_features, profile_statements
from synoptic.errors import EvaluationError

HEADER = ("Quality", "#1 ID", "#2 ID", "#1 String", "#2 String")
# Fold assignment is shuffled with this seed, so figures are reproducible run to run.
FOLD_SEED = 0
# L2 penalty of the logistic regression on standardised features (scikit-learn's C = 1); C of 0.1,
# 1 and 10 gave F1 within 0.002 of each other in 10-fold cross-validation on MRPC train.
L2_PENALTY = 1.0
_NEWTON_STEPS = 50


@dataclass(frozen=True)
class ParaphrasePair:
    """One MRPC pair: the two sentence ids, the sentences, and whether they mean the same."""

    id1: str
    id2: str
    first: str
    second: str
    same: bool


# --- data -----------------------------------------------------------------------------------------


def load_pairs(path: Path) -> list[ParaphrasePair]:
    """The pairs of an MRPC-format file; ``EvaluationError`` names the file (and line) when it is unusable."""
    if not path.is_file():
        raise EvaluationError("no such MRPC file", subject=str(path))
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except (OSError, UnicodeDecodeError) as error:
        raise EvaluationError(f"cannot be read: {error}", subject=str(path)) from error
    if not rows or tuple(c.strip() for c in rows[0]) != HEADER:
        raise EvaluationError(f"not an MRPC file: the header must be {' | '.join(HEADER)}", subject=str(path))
    pairs = [_pair(row, path, number) for number, row in enumerate(rows[1:], start=2) if row]
    if not pairs or len({p.same for p in pairs}) < 2:
        raise EvaluationError("needs pairs of both classes (quality 0 and 1)", subject=str(path))
    return pairs


def _pair(row: list[str], path: Path, line: int) -> ParaphrasePair:
    if len(row) != len(HEADER) or row[0] not in ("0", "1"):
        raise EvaluationError(f"line {line}: expected 5 tab-separated fields with quality 0 or 1", str(path))
    return ParaphrasePair(row[1], row[2], row[3], row[4], row[0] == "1")


# --- features and the model -----------------------------------------------------------------------


def feature_matrix(pairs: list[ParaphrasePair], embedder: SentenceEncoder | None = None) -> np.ndarray:
    """A pairs x ``FEATURES`` matrix (each distinct sentence is profiled once)."""
    return _feature_rows(_statements(pairs, embedder))


def _feature_rows(profiled: list[tuple[Statement, Statement]]) -> np.ndarray:
    return np.stack([pair_features(a, b) for a, b in profiled])


def _statements(pairs: list[ParaphrasePair], embedder: SentenceEncoder | None) -> list[tuple[Statement, Statement]]:
    texts = sorted({p.first for p in pairs} | {p.second for p in pairs})
    statements = dict(zip(texts, profile_statements(texts, embedder or default_embedder()), strict=True))
    return [(statements[p.first], statements[p.second]) for p in pairs]


def fit_pair_model(features: np.ndarray, labels: np.ndarray) -> PairModel:
    """A logistic regression (L2, Newton's method) on standardised features, folded back into weights on
    the raw features, with the probability threshold that maximises accuracy on the same pairs."""
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale == 0] = 1.0
    coefficients = _logistic_regression((features - mean) / scale, labels.astype(np.float64))
    weights = coefficients[1:] / scale
    intercept = float(coefficients[0] - (weights * mean).sum())
    unthresholded = PairModel(intercept, tuple(float(w) for w in weights), 0.5)
    threshold = best_threshold(unthresholded.probability(features), labels)
    return PairModel(intercept, unthresholded.weights, threshold)


def _logistic_regression(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Intercept and weights minimising log-loss + L2_PENALTY / 2 * |weights|^2 (intercept not penalised)."""
    design = np.column_stack([np.ones(len(x)), x])
    penalty = np.full(design.shape[1], L2_PENALTY)
    penalty[0] = 0.0
    coefficients = np.zeros(design.shape[1])
    for _ in range(_NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-(design @ coefficients)))
        gradient = design.T @ (p - y) + penalty * coefficients
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        coefficients -= step
        if np.abs(step).max() < 1e-9:
            break
    return coefficients


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    """The cut-off (midway between two adjacent distinct scores) that maximises accuracy; ties go to the lowest."""
    values = np.unique(scores)
    cuts = np.concatenate([[values[0] - 1e-9], (values[:-1] + values[1:]) / 2, [values[-1] + 1e-9]])
    order = np.argsort(scores, kind="stable")
    sorted_scores, sorted_labels = scores[order], labels[order].astype(bool)
    below = np.searchsorted(sorted_scores, cuts, side="left")  # pairs predicted different
    negatives_below = np.concatenate([[0], np.cumsum(~sorted_labels)])[below]
    positives_above = sorted_labels.sum() - np.concatenate([[0], np.cumsum(sorted_labels)])[below]
    return float(cuts[int(np.argmax(negatives_below + positives_above))])


# --- the protocol ---------------------------------------------------------------------------------

Fitter = Callable[[np.ndarray, np.ndarray], PairModel]


def folds_of(labels: np.ndarray, folds: int, seed: int = FOLD_SEED) -> np.ndarray:
    """A fold number for each item, stratified by label and shuffled with ``seed``."""
    rng = np.random.default_rng(seed)
    assignment = np.zeros(len(labels), dtype=np.int64)
    for label in (False, True):
        members = rng.permutation(np.flatnonzero(labels == label))
        assignment[members] = np.arange(len(members)) % folds
    return assignment


def cross_validated(
    features: np.ndarray, labels: np.ndarray, folds: int, fit: Fitter, seed: int = FOLD_SEED
) -> np.ndarray:
    """Each pair's decision by the model fitted on the other folds (folds drawn with ``seed``)."""
    if folds < 2 or folds > min(labels.sum(), (~labels).sum()):
        raise EvaluationError(f"folds must be between 2 and the size of the smaller class, not {folds}")
    assignment = folds_of(labels, folds, seed)
    decisions = np.zeros(len(labels), dtype=bool)
    for fold in range(folds):
        held = assignment == fold
        model = fit(features[~held], labels[~held])
        decisions[held] = model.probability(features[held]) >= model.threshold
    return decisions


def scores(decisions: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Accuracy and F1 (of the class "same statement")."""
    true_positives = int((decisions & labels).sum())
    predicted, actual = int(decisions.sum()), int(labels.sum())
    f1 = 2 * true_positives / (predicted + actual) if predicted + actual else 0.0
    return float((decisions == labels).mean()), f1


def evaluate_paraphrase(
    data: Path, train: Path | None = None, predictions_out: Path | None = None, folds: int = 10
) -> dict[str, float | int]:
    """Accuracy and F1 of the same-statement decision on the MRPC pairs of ``data``.

    Returns ``{"accuracy", "f1", "threshold", "pairs"}``; with ``predictions_out`` also writes
    ``id1<TAB>id2<TAB>0|1`` for each pair of ``data``, in file order.
    """
    embedder = default_embedder()
    pairs = load_pairs(data)
    profiled = _statements(pairs, embedder)
    # One sentence holding the other nearly word for word makes a pair the same statement,
    # whatever the model says (as in fact alignment).
    held = np.array([held_in_other(a, b) for a, b in profiled], dtype=bool)
    trained = _train_set(train, embedder)
    return _run(pairs, _feature_rows(profiled), _labels(pairs), trained, predictions_out, folds, fit_pair_model, held)


def tfidf_baseline(
    data: Path, train: Path | None = None, predictions_out: Path | None = None, folds: int = 10
) -> dict[str, float | int]:
    """The same protocol and figures for the TF-IDF cosine of the two sentences (IDF over the sentences
    of ``data`` and ``train``) with an accuracy-maximising threshold: the lexical baseline."""
    pairs = load_pairs(data)
    train_pairs = load_pairs(train) if train else []
    idf = _idf([p.first for p in pairs + train_pairs] + [p.second for p in pairs + train_pairs])
    trained = (_tfidf_column(train_pairs, idf), _labels(train_pairs)) if train else None
    return _run(pairs, _tfidf_column(pairs, idf), _labels(pairs), trained, predictions_out, folds, _fit_cosine)


def _run(
    pairs: list[ParaphrasePair],
    features: np.ndarray,
    labels: np.ndarray,
    trained: tuple[np.ndarray, np.ndarray] | None,
    predictions_out: Path | None,
    folds: int,
    fit: Fitter,
    held: np.ndarray | None = None,
) -> dict[str, float | int]:
    """Decisions by cross-validation on ``features`` (or by the model fitted on ``trained``), and
    "same" wherever ``held`` says so; their scores."""
    if trained is None:
        decisions = cross_validated(features, labels, folds, fit)
        model = fit(features, labels)
    else:
        model = fit(*trained)
        decisions = model.probability(features) >= model.threshold
    if held is not None:
        decisions |= held
    if predictions_out is not None:
        write_predictions(predictions_out, pairs, decisions)
    accuracy, f1 = scores(decisions, labels)
    return {
        "accuracy": round(accuracy, 4),
        "f1": round(f1, 4),
        "threshold": round(model.threshold, 4),
        "pairs": len(pairs),
    }


def _train_set(train: Path | None, embedder: SentenceEncoder) -> tuple[np.ndarray, np.ndarray] | None:
    if train is None:
        return None
    pairs = load_pairs(train)
    return feature_matrix(pairs, embedder), _labels(pairs)


def _labels(pairs: list[ParaphrasePair]) -> np.ndarray:
    return np.array([p.same for p in pairs], dtype=bool)


def write_predictions(path: Path, pairs: list[ParaphrasePair], decisions: np.ndarray) -> None:
    """``id1<TAB>id2<TAB>0|1`` per pair, in order."""
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            for pair, same in zip(pairs, decisions, strict=True):
                handle.write(f"{pair.id1}\t{pair.id2}\t{int(same)}\n")
    except OSError as error:
        raise EvaluationError(f"cannot write predictions: {error}", subject=str(path)) from error


# --- the TF-IDF baseline --------------------------------------------------------------------------

_TERM = re.compile(r"\w+")


def _terms(text: str) -> Counter[str]:
    return Counter(_TERM.findall(text.casefold()))


def _idf(texts: list[str]) -> dict[str, float]:
    """Smoothed inverse document frequency over ``texts`` (scikit-learn's formula)."""
    frequency = Counter(term for text in texts for term in set(_terms(text)))
    return {term: math.log((1 + len(texts)) / (1 + count)) + 1 for term, count in frequency.items()}


def _tfidf_column(pairs: list[ParaphrasePair], idf: dict[str, float]) -> np.ndarray:
    """The TF-IDF cosine of each pair, as a one-column matrix."""
    return np.array([[_tfidf_cosine(_terms(p.first), _terms(p.second), idf)] for p in pairs])


def _tfidf_cosine(a: Counter[str], b: Counter[str], idf: dict[str, float]) -> float:
    weights_a = {t: n * idf.get(t, 1.0) for t, n in a.items()}
    weights_b = {t: n * idf.get(t, 1.0) for t, n in b.items()}
    dot = sum(w * weights_b.get(t, 0.0) for t, w in weights_a.items())
    norm = math.sqrt(sum(w * w for w in weights_a.values()) * sum(w * w for w in weights_b.values()))
    return dot / norm if norm else 0.0


def _fit_cosine(features: np.ndarray, labels: np.ndarray) -> PairModel:
    """A "model" that thresholds the single feature itself (identity link), at the accuracy-maximising cut."""
    return _ThresholdModel(0.0, (1.0,), best_threshold(features[:, 0], labels))


class _ThresholdModel(PairModel):
    """A PairModel whose "probability" is the raw score, for single-feature baselines."""

    def probability(self, features: np.ndarray) -> np.ndarray:
        raw: np.ndarray = np.asarray(features, dtype=np.float64) @ np.asarray(self.weights)
        return raw
