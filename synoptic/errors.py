"""The one exception tree of Synoptic.

    SynopticError                 every error Synoptic raises on purpose
    ├── ConfigError               a setting cannot be read or is invalid
    ├── IngestError               an input cannot be read (file, record, URL, feed)
    │   ├── InputTooLarge         an input exceeds the size cap
    │   └── FetchError            a URL cannot be fetched (timeout, HTTP status, network)
    │       └── BlockedAddress    a URL resolves to a private, loopback or otherwise internal address
    ├── ExtractionError           no usable article text could be extracted
    ├── StoreError                the database cannot be opened, migrated or written
    │   └── NotFound              an article, outlet or story id that does not exist
    ├── AnalysisError             a story's analysis cannot run (a model or its package is missing)
    ├── EvaluationError           an evaluation data set cannot be read
    └── InvalidQuery              a query's value is well-formed but means nothing (a date that does not exist)

Each error carries the input it concerns (``subject``: a path, URL, record or id) so that
every interface can print one line a user can act on: ``<subject>: <reason>``.
"""

from __future__ import annotations


class SynopticError(Exception):
    """Base of all Synoptic errors; ``subject`` names the input concerned."""

    def __init__(self, reason: str, subject: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.subject = subject

    def __str__(self) -> str:
        return f"{self.subject}: {self.reason}" if self.subject else self.reason


class ConfigError(SynopticError):
    """A setting cannot be read or is invalid."""


class IngestError(SynopticError):
    """An input (file, archive record, URL, feed entry) cannot be read."""


class InputTooLarge(IngestError):
    """An input is larger than the configured size cap."""


class FetchError(IngestError):
    """A URL cannot be fetched."""


class BlockedAddress(FetchError):
    """A URL points at a loopback, private, link-local, multicast or reserved address."""


class ExtractionError(SynopticError):
    """No usable article text could be extracted from an input."""


class StoreError(SynopticError):
    """The database cannot be opened, migrated or written."""


class NotFound(StoreError):
    """The requested record does not exist."""


class AnalysisError(SynopticError):
    """A story's analysis cannot run: a model, or the package that ships it, is missing or unreadable."""


class EvaluationError(SynopticError):
    """An evaluation data set is missing or malformed."""


class InvalidQuery(SynopticError):
    """A query's value (a filter of a listing or a search) is well-formed but means nothing, such as a
    date that does not exist; ``subject`` is the value, the reason says what is expected."""
