"""CertLogic date-times: parsing the allowed formats, offsetting with plusTime, DCC dates of birth.

Arithmetic follows the JavaScript ``Date`` UTC setters the specification names, including their
day overflow (2020-02-29 plus one year is 2021-03-01), on plain integers of milliseconds.
"""

from __future__ import annotations

import re
from functools import lru_cache

from passage.rules.certlogic.gregorian import (
    MS_PER_DAY,
    MS_PER_HOUR,
    civil_from_days,
    days_from_civil,
)
from passage.rules.certlogic.values import CertLogicError, DateTime

TIME_UNITS = ("year", "month", "day", "hour")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_YEAR = re.compile(r"[0-9]{4}")
_YEAR_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_DATE_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+?))?"
    r"(Z|([+-])([0-9]{1,2}):?([0-9]{2})?)?"
)


def _date_ms(year: int, month: int, day: int, text: str) -> int:
    """Midnight UTC of a date; the day may overflow into the next month, as in JavaScript."""
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise CertLogicError(f"not a valid date or date-time: {text}")
    return days_from_civil(year, month, day) * MS_PER_DAY


def _last_day_ms(year: int, month: int) -> int:
    """Midnight UTC of the last day of a month."""
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return (days_from_civil(next_year, next_month, 1) - 1) * MS_PER_DAY


def _partial_date_ms(text: str) -> int | None:
    """``YYYY`` and ``YYYY-MM`` rounded up to their last day; None for any other text."""
    if _YEAR.fullmatch(text):
        return _date_ms(int(text), 12, 31, text)
    match = _YEAR_MONTH.fullmatch(text)
    if match is None:
        return None
    month = int(match.group(2))
    if not 1 <= month <= 12:
        raise CertLogicError(f"not a valid date: {text}")
    return _last_day_ms(int(match.group(1)), month)


def _date_time_ms(text: str) -> int:
    """Parse ``YYYY-MM-DD`` or one of the allowed date-time formats (missing offset means Z)."""
    match = _DATE.fullmatch(text)
    if match:
        return _date_ms(int(match.group(1)), int(match.group(2)), int(match.group(3)), text)
    match = _DATE_TIME.fullmatch(text)
    if match is None:
        raise CertLogicError(f"not an allowed date or date-time format: {text}")
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    millis = int((match.group(7) or "").ljust(3, "0")[:3])
    if minute > 59 or second > 59 or hour > 24 or (hour == 24 and minute + second + millis > 0):
        raise CertLogicError(f"not a valid date-time: {text}")
    ms = _date_ms(year, month, day, text) + ((hour * 60 + minute) * 60 + second) * 1000 + millis
    return ms - _offset_ms(match, text)


def _offset_ms(match: re.Match[str], text: str) -> int:
    """The time-zone offset of a matched date-time, in milliseconds east of UTC."""
    if match.group(9) is None:
        return 0
    hours, minutes = int(match.group(10)), int(match.group(11) or 0)
    if hours > 23 or minutes > 59:
        raise CertLogicError(f"not a valid time-zone offset: {text}")
    sign = -1 if match.group(9) == "-" else 1
    return sign * (hours * 60 + minutes) * 60_000


@lru_cache(maxsize=8192)
def parse_ms(text: str) -> int:
    """Milliseconds of any string ``plusTime`` accepts (partial dates rounded up)."""
    partial = _partial_date_ms(text)
    return partial if partial is not None else _date_time_ms(text)


def offset_ms(ms: int, amount: int, unit: str) -> int:
    """Add an amount of a time unit the way JavaScript's UTC setters do."""
    if unit == "day":
        return ms + amount * MS_PER_DAY
    if unit == "hour":
        return ms + amount * MS_PER_HOUR
    days, time_ms = divmod(ms, MS_PER_DAY)
    year, month, day = civil_from_days(days)
    if unit == "month":
        year, month_index = divmod(year * 12 + month - 1 + amount, 12)
        month = month_index + 1
    elif unit == "year":
        year += amount
    else:
        raise CertLogicError(f"unknown time unit {unit!r}")
    return days_from_civil(year, month, day) * MS_PER_DAY + time_ms


def plus_time(text: str, amount: int, unit: str) -> DateTime:
    """The ``plusTime`` operation on an already evaluated string operand."""
    ms = parse_ms(text)
    return DateTime(offset_ms(ms, amount, unit) if amount else ms)


@lru_cache(maxsize=4096)
def _date_of_birth_ms(text: str) -> int:
    """Milliseconds of a DCC date of birth (YYYY, YYYY-MM or YYYY-MM-DD)."""
    partial = _partial_date_ms(text)
    if partial is not None:
        return partial
    match = _DATE.fullmatch(text)
    if match is None:
        raise CertLogicError(f"can't parse {text!r} as an EU DCC date-of-birth")
    return _date_ms(int(match.group(1)), int(match.group(2)), int(match.group(3)), text)


def dcc_date_of_birth(text: str) -> DateTime:
    """The ``dccDateOfBirth`` operation: the last date consistent with a possibly partial DOB."""
    return DateTime(_date_of_birth_ms(text))
