"""EARS C1, C2 and C3 (CDC's Early Aberration Reporting System), made count-aware."""

from __future__ import annotations

import math

import numpy as np

from passage.flows.engine.baseline import Baseline, judgeable, season_factors, windows
from passage.flows.engine.methods import Verdicts, point_test
from passage.flows.engine.settings import Settings


def run(values: np.ndarray, settings: Settings) -> Verdicts:
    """Mean and standard deviation of the last 7 reports (C2 and C3 after a 2-period guard band).

    Count-aware: the variance is never below the mean (Poisson), and C1/C2 alert beyond the
    negative-binomial quantile rather than at mean + 3 sd (the same chance, 0.135%, by default)."""
    reported = np.flatnonzero(~np.isnan(values))
    cycle, cycles, needed = settings.cycle
    season, adjusted = season_factors(values, cycle, cycles, needed)
    factor = season[reported]
    rows, used, history = windows(
        reported,
        values[reported] / factor,
        window=settings.window,
        guard=settings.guard,
        stale_after=settings.stale_after,
    )
    with np.errstate(all="ignore"):
        mean = np.nansum(rows, axis=1) / np.maximum(used, 1)
        var = np.nansum((rows - mean[:, None]) ** 2, axis=1) / np.maximum(used - 1, 1)
    judged = judgeable(used, history, window=settings.window, min_history=settings.min_history)
    expected = np.where(judged, mean * factor, np.nan)
    variance = np.maximum(var * factor**2, expected)
    verdicts = point_test(
        values,
        Baseline(reported, expected, variance, used, factor, history, adjusted[reported]),
        settings,
    )
    if settings.method == "ears_c3":
        _c3(verdicts, settings)
    return verdicts


def _c3(verdicts: Verdicts, settings: Settings) -> None:
    """C3: alert when the excesses over one standard deviation, summed over this period and the
    two before (those that did not alert themselves), pass 2."""
    sd = np.sqrt(np.maximum(np.nan_to_num(verdicts.variance), 1e-9))
    z = ((verdicts.observed - verdicts.expected) / sd).tolist()
    direction = [0] * len(z)
    for i, score in enumerate(z):
        if math.isnan(score):
            continue
        mean, spread = float(verdicts.expected[i]), float(sd[i])
        up_at = mean + spread * (1.0 + max(0.0, 2.0 - _excess_before(z, direction, i, 1)))
        down_at = mean - spread * (1.0 + max(0.0, 2.0 - _excess_before(z, direction, i, -1)))
        verdicts.bounded[i] = False
        verdicts.upper[i] = (
            max(up_at, mean * (1 + settings.min_change), settings.min_count - 1)
            if settings.up
            else math.inf
        )
        low = min(down_at, mean * (1 - settings.min_change))
        verdicts.lower[i] = low if settings.down and mean >= settings.min_count else -math.inf
        observed = verdicts.observed[i]
        direction[i] = (
            1 if observed > verdicts.upper[i] else (-1 if observed < verdicts.lower[i] else 0)
        )
    verdicts.direction = np.array(direction, dtype=int)


def _excess_before(z: list[float], direction: list[int], index: int, sign: int) -> float:
    """The excesses over 1 sd, in one direction, of the two reports before `index` that did not
    alert in that direction themselves."""
    return sum(
        max(sign * z[j] - 1.0, 0.0)
        for j in range(max(0, index - 2), index)
        if direction[j] != sign and not math.isnan(z[j])
    )
