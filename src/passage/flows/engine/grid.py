"""A series laid on a regular grid of periods: a missing period is NaN ("no report"), never zero."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from passage.flows.engine.periods import Granularity, Period


@dataclass(frozen=True)
class Grid:
    """The series from its first to its last period; `values` is NaN where nothing was reported."""

    granularity: Granularity
    first: int  # the first period's ordinal
    values: np.ndarray

    def period(self, position: int) -> Period:
        """The period at a grid position."""
        return Period.from_ordinal(self.granularity, self.first + position)

    @property
    def reported(self) -> np.ndarray:
        """Grid positions that have a report, in order."""
        return np.flatnonzero(~np.isnan(self.values))


def to_grid(periods: Sequence[Period], values: Sequence[float]) -> Grid | None:
    """Check the series and lay it on a grid; None when it is empty."""
    if len(periods) != len(values):
        raise ValueError(f"{len(periods)} periods but {len(values)} values")
    if not periods:
        return None
    granularity = periods[0].granularity
    ordinals = np.empty(len(periods), dtype=np.int64)
    for index, period in enumerate(periods):
        if not isinstance(period, Period):
            raise ValueError(f"item {index + 1} is not a Period: {period!r}")
        if period.granularity != granularity:
            raise ValueError(
                f"one series, one granularity: {period} is a {period.granularity}, "
                f"{periods[0]} a {granularity}"
            )
        ordinals[index] = period.ordinal
    if len(ordinals) > 1 and not bool(np.all(np.diff(ordinals) > 0)):
        bad = int(np.flatnonzero(np.diff(ordinals) <= 0)[0])
        raise ValueError(
            f"periods must be strictly increasing: {periods[bad + 1]} follows {periods[bad]}"
        )
    counts = np.array([_count(value, periods[i]) for i, value in enumerate(values)], dtype=float)
    first = int(ordinals[0])
    grid = np.full(int(ordinals[-1]) - first + 1, np.nan)
    grid[ordinals - first] = counts
    return Grid(granularity=granularity, first=first, values=grid)


def _count(value: object, period: Period) -> float:
    if value is None:
        return math.nan
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"the count for {period} is not a number: {value!r}")
    number = float(value)
    if math.isinf(number) or number < 0:
        raise ValueError(f"the count for {period} must be zero or more, not {number:g}")
    return number  # NaN stays NaN: no report
