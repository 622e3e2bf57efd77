"""The one place that reads the time, so tests and replays can fix it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

from passage.kit.i18n import N_


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


# No record of Passage is about a day outside these years: 0001-01-01 or 9999-12-31 typed in a
# form is a slip, refused with a message (it would otherwise overflow date arithmetic: a 500).
EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)
OUT_OF_RANGE = N_("the date must be between 1900-01-01 and 2199-12-31")


def _plausible(value: date) -> date:
    """Refuse a date outside EARLIEST..LATEST."""
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValueError(OUT_OF_RANGE)
    return value


# Dates and times in requests: ISO 8601 only, as the API documents (`0` is not 1970-01-01).
IsoDate = Annotated[date, BeforeValidator(_not_a_number), AfterValidator(_plausible)]
IsoDateTime = Annotated[datetime, BeforeValidator(_not_a_number), AfterValidator(_plausible)]
PlausibleDate = Annotated[date, AfterValidator(_plausible)]


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
