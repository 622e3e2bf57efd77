"""The detectors over one gridded series: each reported period against earlier reports only.

Every method fills the same `Verdicts`: per reported period, the expected count, the thresholds
below and above which it alerts, and the alert's direction (+1 up, -1 down, 0 none).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from passage.flows.engine.baseline import Baseline, rolling_baseline, season_factors, windows
from passage.flows.engine.bounds import count_bounds
from passage.flows.engine.settings import Settings


@dataclass
class Verdicts:
    """Per reported period (grid `positions`): the baseline, thresholds and alerts."""

    positions: np.ndarray
    observed: np.ndarray
    expected: np.ndarray  # NaN: not judged (too few earlier reports)
    lower: np.ndarray  # alerts down below this (-inf: no down alert possible)
    upper: np.ndarray  # alerts up above this
    used: np.ndarray  # earlier reports the baseline rests on
    season: np.ndarray  # season factor applied
    direction: np.ndarray  # +1 up, -1 down, 0 none
    method: np.ndarray  # method name per period (object array)


def run(values: np.ndarray, settings: Settings) -> Verdicts:
    """Run the configured method ("auto" = seasonal point test plus CUSUM)."""
    if settings.method.startswith("ears_"):
        return _ears(values, settings)
    baseline = _baseline(values, settings)
    verdicts = _point_test(values, baseline, settings)
    if settings.method in {"auto", "cusum"}:
        _cusum(verdicts, baseline, settings, keep_point=settings.method == "auto")
    return verdicts


def _baseline(values: np.ndarray, settings: Settings) -> Baseline:
    cycle, cycles, needed = settings.cycle
    season = season_factors(values, cycle, cycles, needed) if needed else np.ones(len(values))
    return rolling_baseline(
        values,
        season,
        window=settings.window,
        guard=settings.guard,
        min_history=settings.min_history,
    )


def _limits(
    expected: np.ndarray, variance: np.ndarray, settings: Settings
) -> tuple[np.ndarray, np.ndarray]:
    """Thresholds: the count-aware bounds, widened to the minimum change and minimum count."""
    low, high = count_bounds(expected, variance, settings.alpha)
    upper = np.maximum.reduce(
        [high, expected * (1.0 + settings.min_change), np.full_like(high, settings.min_count - 1)]
    )
    lower = np.minimum(low, expected * (1.0 - settings.min_change))
    lower = np.where(expected >= settings.min_count, lower, -np.inf)
    if not settings.up:
        upper = np.full_like(upper, np.inf)
    if not settings.down:
        lower = np.full_like(lower, -np.inf)
    return lower, upper


def _point_test(values: np.ndarray, baseline: Baseline, settings: Settings) -> Verdicts:
    observed = values[baseline.positions]
    lower, upper = _limits(baseline.expected, baseline.variance, settings)
    judged = ~np.isnan(baseline.expected)
    direction = np.where(judged & (observed > upper), 1, 0)
    direction = np.where(judged & (observed < lower), -1, direction)
    name = "seasonal" if settings.method == "auto" else settings.method
    return Verdicts(
        positions=baseline.positions,
        observed=observed,
        expected=baseline.expected,
        lower=np.where(judged, lower, np.nan),
        upper=np.where(judged, upper, np.nan),
        used=baseline.used,
        season=baseline.season,
        direction=direction,
        method=np.full(len(observed), name, dtype=object),
    )


def _cusum(verdicts: Verdicts, baseline: Baseline, settings: Settings, *, keep_point: bool) -> None:
    """Two one-sided CUSUMs of standardised residuals, reset after each alert.

    The allowance is k standard deviations or half the minimum change, whichever is larger, so
    a build-up smaller than the minimum change never alerts; thresholds are the counts at which
    the sum would cross h."""
    expected, observed = verdicts.expected, verdicts.observed
    sd = np.sqrt(np.maximum(baseline.variance, 1e-9))
    with np.errstate(all="ignore"):
        allowance = np.maximum(settings.cusum_k, 0.5 * settings.min_change * expected / sd)
    h = settings.cusum_h
    high = low = 0.0
    for i in range(len(observed)):
        if np.isnan(expected[i]):
            continue
        z, k, mean, spread = (observed[i] - expected[i]) / sd[i], allowance[i], expected[i], sd[i]
        up_at = mean + spread * (h - high + k)
        down_at = mean - spread * (h - low + k)
        point = verdicts.direction[i] if keep_point else 0
        high, low = max(0.0, high + z - k), max(0.0, low - z - k)
        if not keep_point:
            verdicts.upper[i], verdicts.lower[i] = _cusum_limits(up_at, down_at, mean, settings)
            verdicts.direction[i] = 0
        if point:
            high = low = 0.0
            continue
        if settings.up and high > h and observed[i] >= settings.min_count:
            verdicts.direction[i], verdicts.method[i], high = 1, "cusum", 0.0
            verdicts.upper[i] = max(up_at, settings.min_count - 1)
        elif settings.down and low > h and mean >= settings.min_count:
            verdicts.direction[i], verdicts.method[i], low = -1, "cusum", 0.0
            verdicts.lower[i] = down_at


def _cusum_limits(
    up_at: float, down_at: float, mean: float, settings: Settings
) -> tuple[float, float]:
    upper = max(up_at, settings.min_count - 1) if settings.up else np.inf
    lower = down_at if settings.down and mean >= settings.min_count else -np.inf
    return upper, lower


def _ears(values: np.ndarray, settings: Settings) -> Verdicts:
    """EARS C1/C2/C3: mean and standard deviation of the last 7 reports (C2, C3 after a 2-period
    guard band), made count-aware: the variance is never below the mean (Poisson), and the bound
    is the negative-binomial quantile rather than mean + 3 sd."""
    reported = np.flatnonzero(~np.isnan(values))
    season = season_factors(values, *settings.cycle) if settings.cycle[2] else np.ones(len(values))
    rows, used = windows(
        reported, values[reported] / season[reported], window=settings.window, guard=settings.guard
    )
    with np.errstate(all="ignore"):
        mean = np.nansum(rows, axis=1) / np.maximum(used, 1)
        var = np.nansum((rows - mean[:, None]) ** 2, axis=1) / np.maximum(used - 1, 1)
    judged = used >= settings.min_history
    factor = season[reported]
    expected = np.where(judged, mean * factor, np.nan)
    variance = np.maximum(var * factor**2, expected)
    baseline = Baseline(reported, expected, variance, used, factor)
    verdicts = _point_test(values, baseline, settings)
    if settings.method == "ears_c3":
        _c3(verdicts, np.sqrt(np.maximum(variance, 1e-9)), settings)
    return verdicts


def _c3(verdicts: Verdicts, sd: np.ndarray, settings: Settings) -> None:
    """C3: alert when the C2 excesses over one standard deviation, summed over this period and
    the two before (those that did not alert themselves), pass 2."""
    z = (verdicts.observed - verdicts.expected) / sd
    excess_up = np.where(np.isnan(z), 0.0, np.maximum(z - 1.0, 0.0))
    excess_down = np.where(np.isnan(z), 0.0, np.maximum(-z - 1.0, 0.0))
    for i in range(len(z)):
        if np.isnan(z[i]):
            continue
        before_up = sum(excess_up[j] for j in range(max(0, i - 2), i) if verdicts.direction[j] != 1)
        before_down = sum(
            excess_down[j] for j in range(max(0, i - 2), i) if verdicts.direction[j] != -1
        )
        mean = verdicts.expected[i]
        up_at = mean + sd[i] * (1.0 + max(0.0, 2.0 - before_up))
        down_at = mean - sd[i] * (1.0 + max(0.0, 2.0 - before_down))
        verdicts.upper[i] = max(up_at, mean * (1 + settings.min_change), settings.min_count - 1)
        low = min(down_at, mean * (1 - settings.min_change))
        verdicts.lower[i] = low if mean >= settings.min_count else -np.inf
        observed = verdicts.observed[i]
        up = settings.up and observed > verdicts.upper[i]
        down = settings.down and observed < verdicts.lower[i]
        verdicts.direction[i] = 1 if up else (-1 if down else 0)
