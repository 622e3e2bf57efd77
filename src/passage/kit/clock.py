"""The one place that reads the time, so tests and replays can fix it."""

from __future__ import annotations

from datetime import UTC, date, datetime


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
