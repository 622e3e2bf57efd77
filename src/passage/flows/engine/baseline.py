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

_WINSOR = 5.0  # winsorise at this many robust standard deviations


@dataclass(frozen=True)
class Baseline:
    """Per judged position: expected count, variance, reports used and the season factor."""

    positions: np.ndarray  # grid positions judged (each has a report)
    expected: np.ndarray  # NaN where too few earlier reports
    variance: np.ndarray
    used: np.ndarray  # how many earlier reports the level rests on
    season: np.ndarray  # the season factor applied (1 where none)
    history: np.ndarray  # how many earlier reports the series has
    adjusted: np.ndarray  # whether a season factor from earlier cycles was applied


def season_factors(
    values: np.ndarray, cycle: int, cycles: int, min_cycles: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each position's season factor from the same position in up to `cycles` earlier cycles.

    For a yearly cycle the neighbouring periods count too (the weeks or months either side, as
    Farrington's method does), so one unusual period last year does not make a season.
    Returns the factors and where they come from earlier cycles (elsewhere they are 1)."""
    size = len(values)
    factors = np.ones(size)
    if cycle < 2 or min_cycles < 1 or size <= cycle * min_cycles:
        return factors, np.zeros(size, dtype=bool)
    ratio, level = _ratio_to_trend(values, cycle)
    offsets = (-1, 0, 1) if cycle >= 12 else (0,)
    stack = np.full((cycles * len(offsets), size), np.nan)
    levels = np.full_like(stack, np.nan)
    cycles_found = np.zeros(size)
    for back in range(1, cycles + 1):
        for index, offset in enumerate(offsets):
            shift = back * cycle - offset
            if shift >= size:
                continue
            row = (back - 1) * len(offsets) + index
            stack[row, shift:] = ratio[:-shift]
            levels[row, shift:] = level[:-shift]
        if back * cycle < size:
            cycles_found[back * cycle :] += ~np.isnan(ratio[: size - back * cycle])
    found = np.sum(~np.isnan(stack), axis=0)
    enough = cycles_found >= min_cycles
    with np.errstate(all="ignore"):
        raw = _row_median(np.sort(stack.T, axis=1), found)
        mean_level = np.nansum(levels, axis=0) / np.maximum(found, 1)
        # How uncertain each factor is: Poisson noise of a median of ratios at that level, or
        # the ratios' own disagreement from one cycle to the next, whichever is larger.
        poisson = 1.6 / np.maximum(found * mean_level, 1e-9)
        centre = np.nansum(stack, axis=0) / np.maximum(found, 1)
        spread = np.nansum((stack - centre) ** 2, axis=0) / np.maximum(found - 1, 1)
        noise = np.where(enough, np.maximum(poisson, 1.6 * spread / np.maximum(found, 1)), np.nan)
        signal = np.where(enough, (raw - 1.0) ** 2, np.nan)
    shrink = _season_shrink(signal, noise, cycle)
    factors[enough] = np.clip(1.0 + (raw[enough] - 1.0) * shrink[enough], 0.05, 20.0)
    return factors, enough & (shrink > 0)


def _season_shrink(signal: np.ndarray, noise: np.ndarray, cycle: int) -> np.ndarray:
    """How much of the seasonal profile to believe, per position (0 to 1): over the last whole
    cycle, the share of the factors' spread around 1 that their noise does not explain (positive
    part James-Stein). A series with no season gets factors of 1, not its noise."""
    kept = ~np.isnan(signal)
    sums = np.concatenate(([0.0], np.cumsum(np.where(kept, signal, 0.0))))
    noises = np.concatenate(([0.0], np.cumsum(np.where(kept, noise, 0.0))))
    end = np.arange(1, len(signal) + 1)
    start = np.maximum(end - cycle, 0)
    with np.errstate(all="ignore"):
        share = 1.0 - (noises[end] - noises[start]) / (sums[end] - sums[start])
    return np.clip(np.nan_to_num(share, nan=0.0), 0.0, 1.0)


def _ratio_to_trend(values: np.ndarray, cycle: int) -> tuple[np.ndarray, np.ndarray]:
    """Each report over the centred moving average of one cycle around it (2 x cycle for an even
    cycle, the classical trend that cancels a season exactly); NaN where reports are too sparse.

    Spikes are first clipped to five times (or a fifth of) the centred moving median, so one
    burst does not print a false season on the next cycles."""
    half = cycle // 2
    width = 2 * half + 1
    padded = np.concatenate((np.full(half, np.nan), values, np.full(half, np.nan)))
    views = sliding_window_view(padded, width)
    number = np.sum(~np.isnan(views), axis=1)
    median = _row_median(np.sort(views, axis=1), number)
    clipped = np.clip(padded[half : half + len(values)], median / 5.0, median * 5.0)
    clipped_views = sliding_window_view(
        np.concatenate((np.full(half, np.nan), clipped, np.full(half, np.nan))), width
    )
    weights = np.ones(width)
    if cycle % 2 == 0:
        weights[[0, -1]] = 0.5
    kept = ~np.isnan(clipped_views)
    with np.errstate(all="ignore"):
        total = np.where(kept, clipped_views, 0.0) @ weights
        level = total / (kept @ weights)
    index = np.arange(len(values))
    full = (index - half >= 0) & (index + half < len(values)) & (number >= 0.66 * width)
    level = np.where(full, level, np.nan)
    with np.errstate(all="ignore"):
        ratio = np.where(level > 0, values / level, np.nan)
    return ratio, level


def judgeable(
    used: np.ndarray, history: np.ndarray, *, window: int, min_history: int
) -> np.ndarray:
    """Whether a period can be judged: enough earlier reports overall, and a full enough window."""
    return (history >= min_history) & (used >= max(2, min(window, min_history)))


def rolling_baseline(
    values: np.ndarray,
    season: tuple[np.ndarray, np.ndarray],
    *,
    window: int,
    guard: int,
    min_history: int,
    stale_after: int,
) -> Baseline:
    """Expected count and negative-binomial variance for every reported position."""
    reported = np.flatnonzero(~np.isnan(values))
    deseason = values[reported] / season[0][reported]
    rows, used, history = windows(
        reported, deseason, window=window, guard=guard, stale_after=stale_after
    )
    level, spread = _winsorised(rows, used)
    judged = judgeable(used, history, window=window, min_history=min_history)
    with np.errstate(all="ignore"):
        kappa = np.where(level > 0, np.maximum(spread - level, 0.0) / level**2, 0.0)
        mean = np.nansum(rows, axis=1) / np.maximum(used, 1)
        raw = np.nansum((rows - mean[:, None]) ** 2, axis=1) / np.maximum(used - 1, 1)
        raw_kappa = np.where(mean > 0, np.maximum(raw - mean, 0.0) / mean**2, 0.0)
    # The window's own (winsorised) kappa, or the median over the last four windows of the
    # plain one, whichever is larger: a heavy tail shows in the plain variance, and one spike
    # sits in too few windows to move their median.
    kappa = np.maximum(
        kappa,
        _trailing_median(np.where(judged, raw_kappa, np.nan), 4 * window, max(1, window // 2)),
    )
    factor = season[0][reported]
    expected = np.where(judged, level * factor, np.nan)
    with np.errstate(all="ignore"):
        variance = (expected + kappa * expected**2) * (1.0 + 1.0 / np.maximum(used, 1))
    variance = variance * calibration(values[reported], expected, variance, 4 * window)
    return Baseline(reported, expected, variance, used, factor, history, season[1][reported])


def calibration(
    observed: np.ndarray, expected: np.ndarray, variance: np.ndarray, length: int
) -> np.ndarray:
    """How much to widen each period's variance so that it matches how far the last `length`
    judged periods (strictly earlier ones) actually fell from their expected counts.

    Each squared standardised residual counts up to 9 (3 sd), so one spike widens little; a
    heavy-tailed series (groups crossing together, bursty arrivals) whose window variance is too
    small shows it here, and its bounds widen instead of raising an alert storm. Never narrows."""
    judged = ~np.isnan(expected)
    with np.errstate(all="ignore"):
        squared = np.minimum((observed[judged] - expected[judged]) ** 2 / variance[judged], 9.0)
    running = np.concatenate(([0.0], np.cumsum(np.nan_to_num(squared))))
    high = np.cumsum(judged) - judged  # judged periods strictly before each one
    low = np.maximum(high - length, 0)
    number = high - low
    with np.errstate(all="ignore"):
        mean = (running[high] - running[low]) / number
    # 0.99: the mean of a chi-square(1) capped at 9
    return np.where(number >= length // 2, np.maximum(mean / 0.99, 1.0), 1.0)


def windows(
    reported: np.ndarray, deseason: np.ndarray, *, window: int, guard: int, stale_after: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each report, the last `window` earlier reports before its guard band (NaN-padded),
    how many of them count, and how many reports came before the guard band at all; reports
    more than `stale_after` periods older than the judged one are too stale to count."""
    padded = np.concatenate((np.full(window, np.nan), deseason))
    where = np.concatenate((np.full(window, -(10**12)), reported))
    views = sliding_window_view(padded, window)  # views[j]: reports j-window .. j-1
    places = sliding_window_view(where, window)
    cut = reported - guard
    row = np.searchsorted(reported, cut, side="left")  # reports strictly before the guard band
    rows = views[row].copy()
    stale = places[row] < (reported - stale_after)[:, None]
    rows[stale] = np.nan
    return rows, np.sum(~np.isnan(rows), axis=1), row


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


def _trailing_median(values: np.ndarray, length: int, stride: int) -> np.ndarray:
    """For each position, the median (ignoring NaN; 0 when none) of the `length` values that end
    at the last multiple of `stride` at or before it: earlier values only, at a seventh of the
    cost for a daily series."""
    if len(values) == 0:
        return values
    padded = np.concatenate((np.full(length - 1, np.nan), values))
    views = np.sort(sliding_window_view(padded, length)[::stride], axis=1)
    used = np.sum(~np.isnan(views), axis=1)
    median = np.where(used > 0, _row_median(views, used), 0.0)
    return median[np.arange(len(values)) // stride]
