"""The analysis of one article text, computed once and kept: sentences, quotes, sentence encodings.

A story's synopsis needs, for each article, its sentences with their spans, its quotes (spaCy)
and the MiniLM encoding of each sentence. All three depend on the text alone, so they are
computed once per distinct text (``analyze_texts``, on several processes when asked) and the
pipeline stores them under the text's content hash and ``ANALYZER_VERSION``
(``analysis_to_bytes``). Bump the version whenever sentence splitting, quote extraction or the
sentence model changes, and every stored analysis is redone on next use.
"""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import partial

import numpy as np

from synoptic.analyze.attribution import extract_quotes
from synoptic.analyze.embeddings import Encoding, default_embedder
from synoptic.analyze.quotes import Quote, QuoteKind
from synoptic.analyze.sentences import Sentence, split_sentences
from synoptic.analyze.workers import start
from synoptic.errors import AnalysisError

# 3: sentence encodings from the int8 ONNX model (synoptic.analyze.embeddings); 4: one sentence a run;
# 5: every matrix product of the model in int8.
ANALYZER_VERSION = "5"
# zlib level of a stored analysis: 0, the bytes framed and checksummed but not compressed. Nearly all
# of them are float16 token vectors, which do not compress: level 3 took 1.5 s of the main process
# for the 50 NewsWCL50 analyses to save 8% (38.0 MB to 34.8 MB), level 1 as long; level 0 takes 0.04 s.
STORE_LEVEL = 0


@dataclass(frozen=True)
class ArticleAnalysis:
    """What the comparison needs of one article text: its sentences, its quotes, and one encoding
    per sentence (in sentence order)."""

    sentences: tuple[Sentence, ...]
    quotes: tuple[Quote, ...]
    encodings: tuple[Encoding, ...]


def analyze_text(text: str) -> ArticleAnalysis:
    """Split ``text`` into sentences, find its quotes and encode its sentences."""
    sentences = tuple(split_sentences(text))
    encodings = tuple(default_embedder().encode_tokens([s.text for s in sentences]))
    return ArticleAnalysis(sentences, tuple(extract_quotes(text)), encodings)


def analyze_texts(texts: Sequence[str], workers: int = 1) -> list[ArticleAnalysis]:
    """``analyze_text`` of each text, in order; with ``workers`` > 1 on that many processes
    (``synoptic.analyze.workers``). The longest texts are handed out first, so that no process is
    left with a long one when the others have finished."""
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    started = {i: start(partial(analyze_text, texts[i]), workers) for i in order}
    return [started[i]() for i in range(len(texts))]


class KnownEncodings:
    """A ``SentenceEncoder`` that answers from encodings computed before, and encodes only the rest."""

    def __init__(self, analyses: Sequence[ArticleAnalysis]) -> None:
        self._known = {s.text: e for a in analyses for s, e in zip(a.sentences, a.encodings, strict=True)}

    def encode_tokens(self, sentences: Sequence[str]) -> list[Encoding]:
        """One encoding per sentence, in order."""
        missing = [s for s in dict.fromkeys(sentences) if s not in self._known]
        if missing:
            self._known.update(zip(missing, default_embedder().encode_tokens(missing), strict=True))
        return [self._known[s] for s in sentences]


# --- storage --------------------------------------------------------------------------------------


def analysis_to_bytes(analysis: ArticleAnalysis) -> bytes:
    """The analysis as bytes in a zlib frame: a JSON header and the vectors as plain numpy arrays
    (never pickles, so a stored analysis cannot carry code)."""
    header = {
        "sentences": [[s.start, s.end] for s in analysis.sentences],
        "quotes": [asdict(q) for q in analysis.quotes],
        "words": [list(e.words) for e in analysis.encodings],
    }
    tokens = [e.tokens for e in analysis.encodings]
    buffer = io.BytesIO()
    np.savez(
        buffer,
        header=np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8),
        vectors=np.stack([e.vector for e in analysis.encodings]) if tokens else np.zeros((0, 0), np.float32),
        tokens=np.concatenate(tokens) if tokens else np.zeros((0, 0), np.float16),
        token_counts=np.array([len(t) for t in tokens], dtype=np.int64),
    )
    return zlib.compress(buffer.getvalue(), STORE_LEVEL)


def analysis_from_bytes(data: bytes, text: str) -> ArticleAnalysis:
    """The analysis ``analysis_to_bytes`` stored for ``text``; raises ``AnalysisError`` if unreadable."""
    try:
        arrays = np.load(io.BytesIO(zlib.decompress(data)), allow_pickle=False)
        header = json.loads(arrays["header"].tobytes().decode("utf-8"))
        vectors, tokens, counts = arrays["vectors"], arrays["tokens"], arrays["token_counts"]
    except (zlib.error, ValueError, KeyError, OSError) as error:
        raise AnalysisError(f"a stored analysis is unreadable ({error}); it will be redone", "analysis") from error
    sentences = tuple(Sentence(start, end, text[start:end]) for start, end in header["sentences"])
    bounds = np.concatenate([[0], np.cumsum(counts)])
    encodings = tuple(
        Encoding(vectors[i], tokens[bounds[i] : bounds[i + 1]], tuple(words)) for i, words in enumerate(header["words"])
    )
    quotes = tuple(Quote(**{**fields, "kind": QuoteKind(fields["kind"])}) for fields in header["quotes"])
    return ArticleAnalysis(sentences, quotes, encodings)
