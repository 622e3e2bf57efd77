"""The detectors over one gridded series: each reported period against earlier reports only.

Every method fills the same `Verdicts`: per reported period, the expected count, the thresholds
below and above which it alerts, and the alert's direction (+1 up, -1 down, 0 none).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from passage.flows.engine.baseline import Baseline, rolling_baseline, season_factors
from passage.flows.engine.bounds import beyond, count_bounds
from passage.flows.engine.settings import Settings


@dataclass
class Verdicts:
    """Per reported period (grid `positions`): the baseline, thresholds and alerts.

    Where `bounded` is set, the thresholds also include the count-aware quantiles of
    (expected, variance), computed only for the periods shown (`thresholds`)."""

    positions: np.ndarray
    observed: np.ndarray
    expected: np.ndarray  # NaN: not judged (too few earlier reports)
    variance: np.ndarray
    lower: np.ndarray  # alerts down below this (-inf: no down alert possible)
    upper: np.ndarray  # alerts up above this (inf: no up alert)
    bounded: np.ndarray
    used: np.ndarray  # earlier reports the baseline rests on
    history: np.ndarray  # earlier reports the series has
    adjusted: np.ndarray  # whether a season factor from earlier cycles was applied
    direction: np.ndarray  # +1 up, -1 down, 0 none
    method: np.ndarray  # method name per period (object array)


def seasonal_baseline(values: np.ndarray, settings: Settings) -> Baseline:
    """Level x season, with the negative-binomial spread (baseline.py)."""
    cycle, cycles, needed = settings.cycle
    season = season_factors(values, cycle, cycles, needed)
    return rolling_baseline(
        values,
        season,
        window=settings.window,
        guard=settings.guard,
        stale_after=settings.stale_after,
        min_history=settings.min_history,
    )


def point_test(values: np.ndarray, baseline: Baseline, settings: Settings) -> Verdicts:
    """Alert when a count is beyond its count-aware bound AND the minimum change and count."""
    expected = baseline.expected
    observed = values[baseline.positions]
    judged = ~np.isnan(expected)
    upper = np.maximum(expected * (1.0 + settings.min_change), settings.min_count - 1)
    lower = np.where(
        expected >= settings.min_count, expected * (1.0 - settings.min_change), -np.inf
    )
    upper = np.where(judged & settings.up, upper, np.inf)
    lower = np.where(judged & settings.down, lower, -np.inf)
    up, down = observed > upper, observed < lower
    above, below = beyond(
        observed, expected, baseline.variance, settings.alpha, candidates=(up, down)
    )
    direction = np.where(above & up, 1, 0)
    direction = np.where(below & down, -1, direction)
    name = "seasonal" if settings.method == "auto" else settings.method
    return Verdicts(
        positions=baseline.positions,
        observed=observed,
        expected=expected,
        variance=baseline.variance,
        lower=lower,
        upper=upper,
        bounded=judged.copy(),
        used=baseline.used,
        history=baseline.history,
        adjusted=baseline.adjusted,
        direction=direction,
        method=np.full(len(observed), name, dtype=object),
    )


def thresholds(verdicts: Verdicts, rows: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """Final lower and upper thresholds of the given rows (quantiles folded in where bounded)."""
    lower, upper = verdicts.lower[rows].copy(), verdicts.upper[rows].copy()
    bounded = verdicts.bounded[rows]
    if np.any(bounded):
        chosen = rows[bounded]
        low, high = count_bounds(verdicts.expected[chosen], verdicts.variance[chosen], alpha)
        lower[bounded] = np.minimum(lower[bounded], low)
        upper[bounded] = np.maximum(upper[bounded], high)
    return lower, upper
