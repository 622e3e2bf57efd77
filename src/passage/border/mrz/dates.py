"""YYMMDD dates of the MRZ: century inference and unknown parts (`<<`)."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

UNKNOWN_PART = "<<"
# Expiry dates up to this many years after the reference date stay in the future.
EXPIRY_FUTURE_YEARS = 50
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_PART_NAMES = ("year", "month", "day")


class DateReading(NamedTuple):
    """A date read from the MRZ: full ISO date, reduced-precision date, unknown parts, error."""

    iso: str | None
    partial: str | None
    unknown_parts: list[str]
    error: str | None


def _days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS[month - 1]


def birth_year(yy: int, month: int, day: int, today: date) -> int:
    """Century of a birth date: the latest one not after `today`."""
    year = today.year - today.year % 100 + yy
    if (year, month, day) > (today.year, today.month, today.day):
        year -= 100
    return year


def expiry_year(yy: int, today: date) -> int:
    """Century of an expiry date: within 50 years after `today`, else the century before."""
    year = today.year - today.year % 100 + yy
    if year > today.year + EXPIRY_FUTURE_YEARS:
        year -= 100
    elif year <= today.year + EXPIRY_FUTURE_YEARS - 100:
        year += 100
    return year


Reference = tuple[int, int, tuple[int, int]]
_REFERENCES: dict[date, Reference] = {}


def reference(today: date) -> Reference:
    """Integers the quick date path compares with, computed once per reference date.

    today as YYYYMMDD, its century, and the YYYYMMDD bounds of the expiry window (inclusive,
    the same window as expiry_year).
    """
    found = _REFERENCES.get(today)
    if found is None:
        if len(_REFERENCES) > 64:
            _REFERENCES.clear()
        window = (
            (today.year - EXPIRY_FUTURE_YEARS + 1) * 10000,
            (today.year + EXPIRY_FUTURE_YEARS) * 10000 + 9999,
        )
        key = today.year * 10000 + today.month * 100 + today.day
        found = _REFERENCES[today] = (key, today.year - today.year % 100, window)
    return found


def quick_date(raw: str, ref: Reference, *, birth: bool) -> tuple[str, int] | None:
    """ISO date and YYYYMMDD key of six digits forming a real date; else None.

    The common case, kept fast; read_date handles everything else with the same centuries.
    """
    month, day = raw[2:4], raw[4:6]
    if not (raw.isdigit() and "01" <= month <= "12" and "01" <= day <= "31"):
        return None
    today_key, century, (earliest, latest) = ref
    key = century * 10000 + int(raw)
    if birth:
        if key > today_key:
            key -= 1000000
    elif key > latest:
        key -= 1000000
    elif key < earliest:
        key += 1000000
    year = key // 10000
    if day > "28" and int(day) > _days_in_month(year, int(month)):
        return None
    return (str(year) if year > 999 else f"{year:04d}") + "-" + month + "-" + day, key


def _failure(message: str, unknown: list[str] | None = None) -> DateReading:
    return DateReading(None, None, unknown or [], message)


def _split(raw: str) -> tuple[list[int | None], str | None]:
    """Return (year, month, day) with None for `<<` parts, or an error message."""
    parts: list[int | None] = []
    for chunk in (raw[0:2], raw[2:4], raw[4:6]):
        if chunk == UNKNOWN_PART:
            parts.append(None)
        elif chunk.isdigit() and chunk.isascii():
            parts.append(int(chunk))
        else:
            return [], f"{raw!r} is not a date (YYMMDD digits, '<<' for an unknown part)"
    if parts[0] is None and (parts[1] is not None or parts[2] is not None):
        return [], f"{raw!r} has an unknown year but a known month or day"
    if parts[1] is None and parts[2] is not None:
        return [], f"{raw!r} has an unknown month but a known day"
    return parts, None


def _read_full_date(raw: str, birth: bool, today: date) -> DateReading | None:
    """The common case, six digits forming a real date; None sends it to the full reader."""
    yy, month, day = int(raw[0:2]), int(raw[2:4]), int(raw[4:6])
    if not 1 <= month <= 12 or day < 1 or day > 29 + (month != 2) * 2:
        return None
    year = birth_year(yy, month, day, today) if birth else expiry_year(yy, today)
    if day > _days_in_month(year, month):
        return None
    iso = f"{year:04d}-{raw[2:4]}-{raw[4:6]}"
    return DateReading(iso, iso, [], None)


def read_date(raw: str, *, birth: bool, today: date) -> DateReading:
    """Read a YYMMDD field; birth dates are never after `today`, expiry dates favour the future."""
    if raw.isdigit():
        fast = _read_full_date(raw, birth, today)
        if fast is not None:
            return fast
    parts, problem = _split(raw)
    if problem is not None:
        return _failure(problem)
    yy, month, day = parts
    unknown = [name for name, part in zip(_PART_NAMES, parts, strict=True) if part is None]
    if yy is None:
        return DateReading(None, None, unknown, None)
    if month is not None and not 1 <= month <= 12:
        return _failure(f"month {month:02d} out of range in {raw!r}", unknown)
    year = birth_year(yy, month or 1, day or 1, today) if birth else expiry_year(yy, today)
    if month is None:
        return DateReading(None, f"{year:04d}", unknown, None)
    if day is None:
        return DateReading(None, f"{year:04d}-{month:02d}", unknown, None)
    if not 1 <= day <= _days_in_month(year, month):
        return _failure(f"day {day:02d} out of range for {year:04d}-{month:02d}", unknown)
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    return DateReading(iso, iso, unknown, None)
