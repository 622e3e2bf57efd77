"""CUSUM on the seasonal baseline: a build-up of moderate excesses over several periods.

Counts are skewed (few people, or groups travelling together), so the sums run on the
negative binomial's variance-stabilising scale, g(y) = 2/sqrt(kappa) asinh(sqrt(kappa (y + 3/8)))
(2 sqrt(y + 3/8) when Poisson), where a count's distance from its expected value is about one
unit per standard deviation whichever its size or skew.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from passage.flows.engine.methods import Verdicts
from passage.flows.engine.settings import Settings

_POISSON = 1e-9  # below this kappa the Poisson form of g


def stabilise(counts: np.ndarray, kappa: np.ndarray) -> np.ndarray:
    """g(counts) for the given kappa."""
    root = np.sqrt(np.maximum(kappa, _POISSON))
    shifted = np.maximum(counts, 0.0) + 0.375
    return np.where(
        kappa > _POISSON, 2.0 / root * np.arcsinh(root * np.sqrt(shifted)), 2.0 * np.sqrt(shifted)
    )


def unstabilise(scores: np.ndarray, kappa: np.ndarray) -> np.ndarray:
    """The count whose g is the given score (inverse of `stabilise`)."""
    root = np.sqrt(np.maximum(kappa, _POISSON))
    scores = np.maximum(scores, 2.0 * np.sqrt(0.375))
    negative_binomial = np.sinh(scores * root / 2.0) ** 2 / root**2
    return np.where(kappa > _POISSON, negative_binomial, (scores / 2.0) ** 2) - 0.375


def run(verdicts: Verdicts, settings: Settings, *, keep_point: bool) -> None:
    """Two one-sided CUSUMs, each reset after an alert; thresholds are the counts at which a sum
    would cross h.

    The allowance is k, or half the minimum change, whichever is larger, so a build-up smaller
    than the minimum change never alerts. The minimum count applies to the people of the
    build-up: a rise alerts once at least `min_count` people were observed over its run, a drop
    once at least `min_count` were expected over its run (a point of three a day that falls
    to none for a week is 21 people missing, though no single day expected five). With
    `keep_point` (method auto) the point test's alerts stay and reset both sums; otherwise
    CUSUM alone decides. The sums are computed a stretch at a
    time between alerts (Page's closed form), not period by period."""
    scale = _Scale(verdicts, settings)
    judged = ~np.isnan(scale.z)
    size = len(judged)
    point = verdicts.direction.copy() if keep_point else np.zeros(size, dtype=int)
    rise = np.where(judged, scale.z - scale.k_up, 0.0)
    fall = np.where(judged, -scale.z - scale.k_down, 0.0)
    seen = np.where(judged, np.nan_to_num(verdicts.observed), 0.0)
    expected = np.where(judged, np.nan_to_num(verdicts.expected), 0.0)
    before_up, before_down = np.zeros(size), np.zeros(size)
    can_up, can_down = np.zeros(size, dtype=bool), np.zeros(size, dtype=bool)
    direction = np.zeros(size, dtype=int)
    h, start, high, low = settings.cusum_h, 0, 0.0, 0.0
    carry_up, carry_down = 0.0, 0.0
    while start < size:
        highs, lows = _page(rise[start:], high), _page(fall[start:], low)
        before_up[start:] = np.concatenate(([high], highs[:-1]))
        before_down[start:] = np.concatenate(([low], lows[:-1]))
        # the people of the build-up: observed over a rise's run, expected over a fall's
        people_up = _run_amounts(highs, seen[start:], carry_up)
        people_down = _run_amounts(lows, expected[start:], carry_down)
        can_up[start:] = settings.up & (people_up >= settings.min_count)
        can_down[start:] = settings.down & (people_down >= settings.min_count)
        crossed_up = (highs > h) & can_up[start:]
        crossed_down = (lows > h) & can_down[start:]
        events = np.flatnonzero(judged[start:] & ((point[start:] != 0) | crossed_up | crossed_down))
        if not events.size:
            break
        at = int(events[0])
        here = start + at
        high, low = float(highs[at]), float(lows[at])
        carry_up, carry_down = float(people_up[at]), float(people_down[at])
        if point[here]:
            direction[here], high, low, carry_up, carry_down = point[here], 0.0, 0.0, 0.0, 0.0
        elif crossed_up[at]:
            direction[here], high, carry_up = 1, 0.0, 0.0
        else:
            direction[here], low, carry_down = -1, 0.0, 0.0
        start = here + 1
    need_up = np.where(judged, h - before_up + scale.k_up, np.nan)
    need_down = np.where(judged, h - before_down + scale.k_down, np.nan)
    _record(verdicts, settings, scale, direction, need_up, need_down, keep_point, can_down)


def _run_amounts(sums: np.ndarray, amounts: np.ndarray, carry: float) -> np.ndarray:
    """For each t, the amounts summed over the current run of a CUSUM (since its sum was last
    zero), `carry` being what the run held before this stretch."""
    running = np.cumsum(amounts)
    zero_at = np.where(sums <= 0, np.arange(len(sums)), -1)
    last_zero = np.maximum.accumulate(zero_at)
    base = np.where(last_zero >= 0, running[np.maximum(last_zero, 0)], -carry)
    return running - base


def _page(steps: np.ndarray, start: float) -> np.ndarray:
    """S_t = max(0, S_t-1 + step_t) from S_0 = start, for every t at once:
    S_t = C_t - min(-start, min over s <= t of C_s), C the running sum of the steps."""
    running = np.cumsum(steps)
    return running - np.minimum(np.minimum.accumulate(running), -start)


class _Scale:
    """Each period's standardised score and allowances on the stabilised scale."""

    def __init__(self, verdicts: Verdicts, settings: Settings) -> None:
        mean = verdicts.expected
        inflation = 1.0 + 1.0 / np.maximum(verdicts.used, 1)
        with np.errstate(all="ignore"):
            self.kappa = np.nan_to_num(
                np.maximum(verdicts.variance / inflation - mean, 0.0) / mean**2
            )
        self.unit, bias = _moments(mean, self.kappa, inflation)
        self.centre = stabilise(mean, self.kappa) - bias
        self.z = (stabilise(verdicts.observed, self.kappa) - self.centre) / self.unit
        half = 0.5 * settings.min_change
        up = (stabilise(mean * (1 + half), self.kappa) - self.centre) / self.unit
        down = (self.centre - stabilise(mean * (1 - half), self.kappa)) / self.unit
        self.k_up = np.maximum(settings.cusum_k, np.nan_to_num(up))
        self.k_down = np.maximum(settings.cusum_k, np.nan_to_num(down))

    def count_at(self, rows: np.ndarray, needed: np.ndarray) -> np.ndarray:
        """The counts, at the given rows, whose scores are `needed` units from the expected."""
        return unstabilise(self.centre[rows] + needed * self.unit[rows], self.kappa[rows])


def _moments(
    mean: np.ndarray, kappa: np.ndarray, inflation: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The spread and the shortfall of g(Y) below g(mean) for a negative binomial Y.

    g is concave, so the mean of g(Y) sits below g(mean): by about (1 + 2 kappa m) / (4 sd) for
    Poisson-like counts (the delta method), and by (log r - digamma(r)) / sqrt(kappa), with a
    variance of trigamma(r) / kappa rather than 1, when kappa m is large (Y is then close to a
    gamma of shape r = 1 / kappa, and g to a log). The two are blended by kappa m / (1 + kappa m).
    """
    with np.errstate(all="ignore"):
        shape = 1.0 / np.maximum(kappa, 1e-9)
        root = np.sqrt(np.maximum(kappa, 1e-9))
        delta = (1 + 2 * kappa * mean) / (4 * np.sqrt(mean * (1 + kappa * mean)))
        delta = np.minimum(np.nan_to_num(delta, nan=0.5), np.where(mean >= 1.0, 1.5, 0.5))
        gamma_bias = (np.log(shape) - special.digamma(shape)) / root
        gamma_variance = np.maximum(special.polygamma(1, shape) / np.maximum(kappa, 1e-9), 1.0)
        weight = np.nan_to_num(kappa * mean / (1 + kappa * mean))
    bias = (1 - weight) * delta + weight * np.nan_to_num(gamma_bias)
    variance = 1 + weight * (np.nan_to_num(gamma_variance, nan=1.0) - 1)
    return np.sqrt(inflation * variance), bias


def _record(
    verdicts: Verdicts,
    settings: Settings,
    scale: _Scale,
    direction: np.ndarray,
    need_up: np.ndarray,
    need_down: np.ndarray,
    keep_point: bool,
    can_down: np.ndarray,
) -> None:
    """Store the CUSUM's alerts and thresholds (all periods when CUSUM alone decides)."""
    cusum_rows = (direction != 0) & (verdicts.direction == 0) if keep_point else ~np.isnan(need_up)
    rows = np.flatnonzero(cusum_rows)
    upper = np.maximum(scale.count_at(rows, need_up[rows]), settings.min_count - 1)
    lower = scale.count_at(rows, -need_down[rows])
    mean = verdicts.expected[rows]
    verdicts.upper[rows] = upper if settings.up else np.inf
    verdicts.lower[rows] = np.where(can_down[rows] | (mean >= settings.min_count), lower, -np.inf)
    verdicts.bounded[rows] = False
    alerts = rows[direction[rows] != 0]
    verdicts.method[alerts] = "cusum"
    verdicts.direction = direction
