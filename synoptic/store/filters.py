"""The filter of the Store's listings, articles and stories alike: outlet, language, period, page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ListingFilter:
    """Which articles or stories a listing shows, and which page of them.

    Articles: those of ``outlet`` (name or domain), in ``language``, published in [since, until).
    Stories: those with an article of ``outlet`` / in ``language``, active (any article) in
    [since, until). At most ``limit`` of them, after the first ``offset``.
    """

    outlet: str | None = None
    language: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 50
    offset: int = 0
