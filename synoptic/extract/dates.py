"""Publication dates, from whatever form a source gives them."""

from __future__ import annotations

from datetime import UTC, datetime

import dateparser

# dateparser settings: never guess a date from a bare number, prefer the past when ambiguous.
_DATEPARSER_SETTINGS = {"PREFER_DATES_FROM": "past", "STRICT_PARSING": False, "RETURN_AS_TIMEZONE_AWARE": True}


def parse_date(value: object) -> datetime | None:
    """A timezone-aware UTC datetime from ``value`` (ISO-8601, a datetime, or free text), else None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return to_utc(value)
    text = str(value).strip()
    try:
        return to_utc(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    parsed = dateparser.parse(text, settings=_DATEPARSER_SETTINGS)
    return to_utc(parsed) if parsed else None


def to_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive datetime is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
