"""A country's entry-restriction level over time, from its versions' validity intervals.

Pure functions, no I/O: the country page draws the result as a server-rendered SVG step chart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from passage.restrictions.taxonomy import country_level


class Interval(Protocol):
    """What the timeline reads of a measure version: its validity interval and level."""

    @property
    def effective_from(self) -> date: ...

    @property
    def effective_until(self) -> date | None: ...

    @property
    def level(self) -> int: ...


Step = tuple[date, int | None]


def _events(versions: Iterable[Interval], start: date, end: date) -> dict[date, Counter[int]]:
    """Per day, how many versions of each level start (+1) or stop (-1) counting."""
    events: dict[date, Counter[int]] = {}
    for version in versions:
        first = max(version.effective_from, start)
        last = min(version.effective_until or end, end)
        if first > last:
            continue
        events.setdefault(first, Counter())[version.level] += 1
        events.setdefault(last + timedelta(days=1), Counter())[version.level] -= 1
    return events


def level_timeline(versions: Iterable[Interval], start: date, end: date) -> list[Step]:
    """The level from `start` to `end` as steps: (first day, level or None for no data).

    Each step lasts until the day before the next one; the first step starts on `start`.
    Validity intervals are inclusive and an open end means "still in force".
    """
    if end < start:
        raise ValueError("the timeline ends before it starts")
    events = _events(versions, start, end)
    active: Counter[int] = Counter()
    steps: list[Step] = []
    for day in sorted(events.keys() | {start}):
        if day > end:
            break
        active.update(events.get(day, Counter()))
        level = country_level([lvl for lvl, count in active.items() if count > 0])
        if not steps or steps[-1][1] != level:
            steps.append((day, level))
    return steps


def level_on_day(steps: list[Step], day: date) -> int | None:
    """The level a timeline gives on one day (None before it starts or without data)."""
    level: int | None = None
    for first, step_level in steps:
        if first > day:
            break
        level = step_level
    return level


@dataclass(frozen=True)
class ChartStep:
    """One step of the chart in SVG user units (the bar's top is at `y`)."""

    start: date
    end: date
    level: int | None
    x: float
    width: float
    y: float


@dataclass(frozen=True)
class TimelineChart:
    """A step chart of levels over time, ready for an inline SVG."""

    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    steps: list[ChartStep]
    years: list[tuple[int, float]]
    levels: list[tuple[int, float]]
    line: str


WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 720, 170, 30, 10, 8, 22


def _bar_top(level: int | None, top: int, plot_height: int) -> float:
    """Level 0 is a low bar (not nothing), level 4 the full height; no data fills the band."""
    share = 1.0 if level is None else (level + 1) / 5
    return round(top + plot_height * (1 - share), 2)


def _step_line(steps: list[ChartStep]) -> str:
    """An SVG path along the tops of the bars, broken where there is no data."""
    parts: list[str] = []
    previous: ChartStep | None = None
    for step in steps:
        if step.level is None:
            previous = None
            continue
        move = f"V{step.y}" if previous is not None else f"M{step.x} {step.y}"
        parts.append(f"{move} H{round(step.x + step.width, 2)}")
        previous = step
    return " ".join(parts)


def timeline_chart(steps: list[Step], end: date) -> TimelineChart:
    """Lay a level timeline (first step = chart start) out as a step chart ending on `end`."""
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    origin = steps[0][0] if steps else end
    scale = plot_width / ((end - origin).days + 1)
    placed = []
    for index, (first, level) in enumerate(steps):
        last = steps[index + 1][0] - timedelta(days=1) if index + 1 < len(steps) else end
        x = round(LEFT + (first - origin).days * scale, 2)
        width = round(((last - first).days + 1) * scale, 2)
        placed.append(ChartStep(first, last, level, x, width, _bar_top(level, TOP, plot_height)))
    return TimelineChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        top=TOP,
        plot_width=plot_width,
        plot_height=plot_height,
        steps=placed,
        years=[(year, round(LEFT + x, 2)) for year, x in year_ticks(origin, end, plot_width)],
        levels=[(level, _bar_top(level, TOP, plot_height)) for level in range(5)],
        line=_step_line(placed),
    )


def year_ticks(start: date, end: date, width: float) -> list[tuple[int, float]]:
    """(year, x) of each 1 January within the chart, for the axis labels."""
    scale = width / ((end - start).days + 1)
    first_year = start.year if (start.month, start.day) == (1, 1) else start.year + 1
    return [
        (year, (date(year, 1, 1) - start).days * scale) for year in range(first_year, end.year + 1)
    ]
