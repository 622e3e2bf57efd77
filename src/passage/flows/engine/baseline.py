"""Prospective baselines: each period's expected count and spread from earlier reports only.

expected = level x season. The season factor comes from the same point of the cycle in earlier
cycles (the same weekday in the previous weeks, the same month or week in the previous years),
each a ratio to its centred moving average; the level is a robust (winsorised) mean of the last
reports with the season taken out; the spread is negative-binomial: variance = m + kappa m^2 with
kappa from the recent reports and never below its own recent median (docs/flows-detectors.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

# Prior share of variance that real seasonal effects have: noisy small-count factors shrink to 1.
_SEASON_PRIOR_VARIANCE = 0.05
_WINSOR = 3.0  # winsorise at this many robust standard deviations


@dataclass(frozen=True)
class Baseline:
    """Per judged position: expected count, variance, reports used and the season factor."""

    positions: np.ndarray  # grid positions judged (each has a report)
    expected: np.ndarray  # NaN where too few earlier reports
    variance: np.ndarray
    used: np.ndarray  # how many earlier reports the level rests on
    season: np.ndarray  # the season factor applied (1 where none)


def season_factors(values: np.ndarray, cycle: int, cycles: int, min_cycles: int) -> np.ndarray:
    """Each position's season factor from the same position in up to `cycles` earlier cycles."""
    size = len(values)
    factors = np.ones(size)
    if cycle < 2 or size <= cycle * min_cycles:
        return factors
    ratio, level = _ratio_to_trend(values, cycle)
    stack = np.full((cycles, size), np.nan)
    levels = np.full((cycles, size), np.nan)
    for back in range(1, cycles + 1):
        shift = back * cycle
        if shift >= size:
            break
        stack[back - 1, shift:] = ratio[:-shift]
        levels[back - 1, shift:] = level[:-shift]
    found = np.sum(~np.isnan(stack), axis=0)
    enough = found >= min_cycles
    with np.errstate(all="ignore"):
        raw = _row_median(np.sort(stack.T, axis=1), found)
        mean_level = np.nansum(levels, axis=0) / np.maximum(found, 1)
        # How uncertain the factor is: Poisson noise of a median of ratios at that level, or
        # the factors' own disagreement from one cycle to the next, whichever is larger.
        poisson = 1.6 / np.maximum(found * mean_level, 1e-9)
        centre = np.nansum(stack, axis=0) / np.maximum(found, 1)
        spread = np.nansum((stack - centre) ** 2, axis=0) / np.maximum(found - 1, 1)
        noise = np.maximum(poisson, spread / np.maximum(found, 1))
        shrink = _SEASON_PRIOR_VARIANCE / (_SEASON_PRIOR_VARIANCE + noise)
    factors[enough] = np.clip(1.0 + (raw[enough] - 1.0) * shrink[enough], 0.05, 20.0)
    return factors


def _ratio_to_trend(values: np.ndarray, cycle: int) -> tuple[np.ndarray, np.ndarray]:
    """Each report over the centred moving median of one cycle around it (NaN if too sparse).

    A median rather than a mean: a level shift or a spike moves it for one period at most, so
    it does not print a false season on the next cycles."""
    half = cycle // 2
    width = 2 * half + 1
    padded = np.concatenate((np.full(half, np.nan), values, np.full(half, np.nan)))
    rows = np.sort(sliding_window_view(padded, width), axis=1)
    number = np.sum(~np.isnan(rows), axis=1)
    level = _row_median(rows, number)
    index = np.arange(len(values))
    full = (index - half >= 0) & (index + half < len(values)) & (number >= 0.66 * width)
    with np.errstate(all="ignore"):
        level = np.where(full, level, np.nan)
        ratio = np.where(level > 0, values / level, np.nan)
    return ratio, level


def rolling_baseline(
    values: np.ndarray, season: np.ndarray, *, window: int, guard: int, min_history: int
) -> Baseline:
    """Expected count and negative-binomial variance for every reported position."""
    reported = np.flatnonzero(~np.isnan(values))
    deseason = values[reported] / season[reported]
    rows, used = windows(reported, deseason, window=window, guard=guard)
    level, spread = _winsorised(rows, used)
    judged = used >= min_history
    with np.errstate(all="ignore"):
        kappa = np.where(level > 0, np.maximum(spread - level, 0.0) / level**2, 0.0)
    kappa = np.maximum(kappa, _trailing_median(np.where(judged, kappa, np.nan), 4 * window))
    factor = season[reported]
    expected = np.where(judged, level * factor, np.nan)
    with np.errstate(all="ignore"):
        variance = (expected + kappa * expected**2) * (1.0 + 1.0 / np.maximum(used, 1))
    return Baseline(reported, expected, variance, used, factor)


def windows(
    reported: np.ndarray, deseason: np.ndarray, *, window: int, guard: int
) -> tuple[np.ndarray, np.ndarray]:
    """For each report, the last `window` earlier reports before its guard band (NaN-padded);
    reports older than four windows are too stale to count."""
    padded = np.concatenate((np.full(window, np.nan), deseason))
    where = np.concatenate((np.full(window, -(10**12)), reported))
    views = sliding_window_view(padded, window)  # views[j]: reports j-window .. j-1
    places = sliding_window_view(where, window)
    cut = reported - guard
    row = np.searchsorted(reported, cut, side="left")  # reports strictly before the guard band
    rows = views[row].copy()
    stale = places[row] < (cut - 4 * window)[:, None]
    rows[stale] = np.nan
    return rows, np.sum(~np.isnan(rows), axis=1)


def _winsorised(rows: np.ndarray, used: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Winsorised mean and variance of each row (NaN-padded), clipped around the median."""
    ordered = np.sort(rows, axis=1)
    median = _row_median(ordered, used)
    deviation = np.sort(np.abs(rows - median[:, None]), axis=1)
    mad = 1.4826 * _row_median(deviation, used)
    scale = np.maximum(mad, np.sqrt(np.maximum(median, 1.0)))
    clipped = np.clip(
        rows, (median - _WINSOR * scale)[:, None], (median + _WINSOR * scale)[:, None]
    )
    count = np.maximum(used, 1)
    with np.errstate(all="ignore"):
        mean = np.nansum(clipped, axis=1) / count
        variance = np.nansum((clipped - mean[:, None]) ** 2, axis=1) / np.maximum(used - 1, 1)
    return np.where(used > 0, mean, np.nan), variance


def _row_median(ordered: np.ndarray, used: np.ndarray) -> np.ndarray:
    """Median of each sorted row whose first `used` entries are numbers (NaN sort last)."""
    if ordered.shape[1] == 0:
        return np.full(len(used), np.nan)
    low = np.clip((used - 1) // 2, 0, None)[:, None]
    high = np.clip(used // 2, 0, None)[:, None]
    middle = (np.take_along_axis(ordered, low, 1) + np.take_along_axis(ordered, high, 1)) / 2
    return np.where(used > 0, middle[:, 0], np.nan)


def _trailing_median(values: np.ndarray, length: int) -> np.ndarray:
    """Median of each value and the `length - 1` before it, ignoring NaN (0 when none)."""
    if len(values) == 0:
        return values
    padded = np.concatenate((np.full(length - 1, np.nan), values))
    views = np.sort(sliding_window_view(padded, length), axis=1)
    used = np.sum(~np.isnan(views), axis=1)
    median = _row_median(views, used)
    return np.where(used > 0, median, 0.0)
