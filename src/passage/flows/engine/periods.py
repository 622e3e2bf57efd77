"""Reporting periods: a day (YYYY-MM-DD), an ISO week (YYYY-Www, Monday first) or a month."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from typing import Literal, get_args

Granularity = Literal["day", "week", "month"]
GRANULARITIES: tuple[Granularity, ...] = get_args(Granularity)

# How many periods make a year, for defaults and per-year figures.
PERIODS_PER_YEAR: dict[str, float] = {"day": 365.25, "week": 52.18, "month": 12.0}

_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WEEK = re.compile(r"(\d{4})-[Ww](\d{1,2})")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period of a series, known by its granularity and its first day."""

    granularity: Granularity
    start: datetime.date

    def __post_init__(self) -> None:
        if self.granularity not in GRANULARITIES:
            raise ValueError(f"unknown granularity {self.granularity!r}: use day, week or month")
        if self.granularity == "week" and self.start.weekday() != 0:
            raise ValueError(f"a week starts on a Monday, not on {self.start.isoformat()}")
        if self.granularity == "month" and self.start.day != 1:
            raise ValueError(f"a month starts on its 1st, not on {self.start.isoformat()}")

    def __str__(self) -> str:
        if self.granularity == "day":
            return self.start.isoformat()
        if self.granularity == "week":
            year, week, _ = self.start.isocalendar()
            return f"{year:04d}-W{week:02d}"
        return f"{self.start.year:04d}-{self.start.month:02d}"

    @property
    def end(self) -> datetime.date:
        """The last day of the period."""
        return self.next().start - datetime.timedelta(days=1)

    @property
    def ordinal(self) -> int:
        """A whole number that goes up by one from each period to the next of its granularity."""
        if self.granularity == "day":
            return self.start.toordinal()
        if self.granularity == "week":
            return (self.start.toordinal() - 1) // 7  # ordinal 1 (0001-01-01) is a Monday
        return self.start.year * 12 + self.start.month - 1

    @classmethod
    def from_ordinal(cls, granularity: Granularity, ordinal: int) -> Period:
        """The period of that granularity whose `ordinal` is the one given."""
        if granularity == "day":
            return cls("day", datetime.date.fromordinal(ordinal))
        if granularity == "week":
            return cls("week", datetime.date.fromordinal(ordinal * 7 + 1))
        year, month0 = divmod(ordinal, 12)
        return cls(granularity, datetime.date(year, month0 + 1, 1))

    @classmethod
    def containing(cls, granularity: Granularity, day: datetime.date) -> Period:
        """The period of that granularity in which the given day falls."""
        if granularity == "day":
            return cls("day", day)
        if granularity == "week":
            return cls("week", day - datetime.timedelta(days=day.weekday()))
        if granularity == "month":
            return cls("month", day.replace(day=1))
        raise ValueError(f"unknown granularity {granularity!r}: use day, week or month")

    def next(self) -> Period:
        """The period right after this one."""
        return Period.from_ordinal(self.granularity, self.ordinal + 1)

    def previous(self) -> Period:
        """The period right before this one."""
        return Period.from_ordinal(self.granularity, self.ordinal - 1)


def parse_period(text: str) -> Period:
    """Read "YYYY-MM-DD", "YYYY-Www" or "YYYY-MM"; a ValueError says why anything else is not."""
    if not isinstance(text, str):
        raise ValueError(f"a period is text like 2024-03-05, 2024-W05 or 2024-03, not {text!r}")
    cleaned = text.strip()
    if match := _DAY.fullmatch(cleaned):
        return _day(text, *(int(part) for part in match.groups()))
    if match := _WEEK.fullmatch(cleaned):
        return _week(text, int(match.group(1)), int(match.group(2)))
    if match := _MONTH.fullmatch(cleaned):
        year, month = int(match.group(1)), int(match.group(2))
        _check_month(text, year, month)
        return Period("month", datetime.date(year, month, 1))
    raise ValueError(
        f"{text!r} is not a period: write a day as YYYY-MM-DD (2024-03-05), "
        "an ISO week as YYYY-Www (2024-W05) or a month as YYYY-MM (2024-03)"
    )


def _check_month(text: str, year: int, month: int) -> None:
    if year < 1:
        raise ValueError(f"{text!r} is not a period: year {year} is out of range")
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r} is not a period: month {month} does not exist (01 to 12)")


def _day(text: str, year: int, month: int, day: int) -> Period:
    _check_month(text, year, month)
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        name = calendar.month_name[month]
        raise ValueError(f"{text!r} is not a period: {name} {year} has {days} days")
    return Period("day", datetime.date(year, month, day))


def _week(text: str, year: int, week: int) -> Period:
    if year < 1:
        raise ValueError(f"{text!r} is not a period: year {year} is out of range")
    weeks = datetime.date(year, 12, 28).isocalendar()[1]  # 28 December is always in the last week
    if not 1 <= week <= weeks:
        raise ValueError(f"{text!r} is not a period: ISO year {year} has weeks W01 to W{weeks}")
    return Period("week", datetime.date.fromisocalendar(year, week, 1))
