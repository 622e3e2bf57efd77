"""The one place that reads the time, so tests and replays can fix it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import BeforeValidator


def _not_a_number(value: object) -> object:
    """Refuse a number where a date is expected (pydantic would read it as a Unix time)."""
    if isinstance(value, int | float) or (isinstance(value, str) and _is_number(value)):
        raise ValueError("expected an ISO 8601 date (YYYY-MM-DD), not a number")
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


# Dates and times in requests: ISO 8601 only, as the API documents (`0` is not 1970-01-01).
IsoDate = Annotated[date, BeforeValidator(_not_a_number)]
IsoDateTime = Annotated[datetime, BeforeValidator(_not_a_number)]


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date in UTC."""
    return utcnow().date()


def as_utc(value: datetime) -> datetime:
    """Treat a naive datetime as UTC; convert an aware one to UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def iso_z(moment: datetime) -> str:
    """A moment as ISO 8601 in UTC with a Z (naive values are read as UTC)."""
    return as_utc(moment).isoformat().replace("+00:00", "Z")
