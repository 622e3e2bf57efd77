"""A series laid on a regular grid of periods: a missing period is NaN ("no report"), never zero."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import SupportsFloat

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
    granularity = _granularity(periods)
    ordinals = _ordinals(periods, granularity)
    if len(ordinals) > 1 and not bool(np.all(np.diff(ordinals) > 0)):
        bad = int(np.flatnonzero(np.diff(ordinals) <= 0)[0])
        raise ValueError(
            f"periods must be strictly increasing: {periods[bad + 1]} follows {periods[bad]}"
        )
    counts = _counts(values, periods)
    first = int(ordinals[0])
    grid = np.full(int(ordinals[-1]) - first + 1, np.nan)
    grid[ordinals - first] = counts
    return Grid(granularity=granularity, first=first, values=grid)


def _granularity(periods: Sequence[Period]) -> Granularity:
    """The one granularity of the periods; ValueError on a non-period or a mix."""
    if not all(isinstance(period, Period) for period in periods):
        index, bad = next((i, p) for i, p in enumerate(periods) if not isinstance(p, Period))
        raise ValueError(f"item {index + 1} is not a Period: {bad!r}")
    granularity = periods[0].granularity
    if any(period.granularity != granularity for period in periods):
        bad = next(p for p in periods if p.granularity != granularity)
        raise ValueError(
            f"one series, one granularity: {bad} is a {bad.granularity}, "
            f"{periods[0]} a {granularity}"
        )
    return granularity


def _ordinals(periods: Sequence[Period], granularity: Granularity) -> np.ndarray:
    days = np.fromiter((period.start.toordinal() for period in periods), np.int64, len(periods))
    if granularity == "day":
        return days
    if granularity == "week":
        return (days - 1) // 7
    return np.fromiter(
        (period.start.year * 12 + period.start.month - 1 for period in periods),
        np.int64,
        len(periods),
    )


def _counts(values: Sequence[float], periods: Sequence[Period]) -> np.ndarray:
    """The counts as floats (NaN for None or NaN: no report); ValueError on anything else."""
    quick = np.asarray(values)
    if quick.dtype.kind in "iuf" and quick.ndim == 1:
        if quick.size and (np.any(np.isinf(quick)) or np.nanmin(quick) < 0):
            bad = int(np.flatnonzero(np.isinf(quick) | (quick < 0))[0])
            _count(values[bad], periods[bad])
        return quick.astype(float)
    return np.array([_count(value, periods[i]) for i, value in enumerate(values)], dtype=float)


def _count(value: object, period: Period) -> float:
    if value is None:
        return math.nan
    # any real number (int, float, numpy, Decimal from a database column), but not a bool
    if isinstance(value, bool | complex | str) or not isinstance(value, SupportsFloat):
        raise ValueError(f"the count for {period} is not a number: {value!r}")
    number = float(value)
    if math.isinf(number) or number < 0:
        raise ValueError(f"the count for {period} must be zero or more, not {number:g}")
    return number  # NaN stays NaN: no report
