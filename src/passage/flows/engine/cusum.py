"""CUSUM on the seasonal baseline: a build-up of moderate excesses over several periods.

Counts are skewed (few people, or groups travelling together), so the sums run on the
negative binomial's variance-stabilising scale, g(y) = 2/sqrt(kappa) asinh(sqrt(kappa (y + 3/8)))
(2 sqrt(y + 3/8) when Poisson), where a count's distance from its expected value is about one
unit per standard deviation whichever its size or skew.
"""

from __future__ import annotations

import math

import numpy as np

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
    than the minimum change never alerts. With `keep_point` (method auto) the point test's alerts
    stay and reset both sums; otherwise CUSUM alone decides."""
    scale = _Scale(verdicts, settings)
    point = verdicts.direction.tolist() if keep_point else [0] * len(scale.z)
    direction = [0] * len(point)
    need_up, need_down = np.full(len(point), np.nan), np.full(len(point), np.nan)
    h, high, low = settings.cusum_h, 0.0, 0.0
    for i, z in enumerate(scale.z):
        if math.isnan(z):
            continue
        k_up, k_down = scale.k_up[i], scale.k_down[i]
        need_up[i], need_down[i] = h - high + k_up, h - low + k_down
        high, low = max(0.0, high + z - k_up), max(0.0, low - z - k_down)
        if point[i]:
            direction[i], high, low = point[i], 0.0, 0.0
        elif high > h and scale.can_up[i]:
            direction[i], high = 1, 0.0
        elif low > h and scale.can_down[i]:
            direction[i], low = -1, 0.0
    _record(
        verdicts, settings, scale, np.array(direction, dtype=int), need_up, need_down, keep_point
    )


class _Scale:
    """Each period's standardised score and allowances on the stabilised scale."""

    def __init__(self, verdicts: Verdicts, settings: Settings) -> None:
        mean = verdicts.expected
        inflation = 1.0 + 1.0 / np.maximum(verdicts.used, 1)
        with np.errstate(all="ignore"):
            self.kappa = np.nan_to_num(
                np.maximum(verdicts.variance / inflation - mean, 0.0) / mean**2
            )
        self.unit = np.sqrt(inflation)
        # g is concave: the mean of g(Y) sits below g(mean) by about (1 + 2 kappa m) / (4 sd)
        with np.errstate(all="ignore"):
            bias = (1 + 2 * self.kappa * mean) / (4 * np.sqrt(mean * (1 + self.kappa * mean)))
        self.centre = stabilise(mean, self.kappa) - np.minimum(np.nan_to_num(bias, nan=0.5), 0.5)
        self.z = ((stabilise(verdicts.observed, self.kappa) - self.centre) / self.unit).tolist()
        half = 0.5 * settings.min_change
        up = (stabilise(mean * (1 + half), self.kappa) - self.centre) / self.unit
        down = (self.centre - stabilise(mean * (1 - half), self.kappa)) / self.unit
        self.k_up = np.maximum(settings.cusum_k, np.nan_to_num(up)).tolist()
        self.k_down = np.maximum(settings.cusum_k, np.nan_to_num(down)).tolist()
        self.can_up = (settings.up & (verdicts.observed >= settings.min_count)).tolist()
        self.can_down = (settings.down & (mean >= settings.min_count)).tolist()

    def count_at(self, rows: np.ndarray, needed: np.ndarray) -> np.ndarray:
        """The counts, at the given rows, whose scores are `needed` units from the expected."""
        return unstabilise(self.centre[rows] + needed * self.unit[rows], self.kappa[rows])


def _record(
    verdicts: Verdicts,
    settings: Settings,
    scale: _Scale,
    direction: np.ndarray,
    need_up: np.ndarray,
    need_down: np.ndarray,
    keep_point: bool,
) -> None:
    """Store the CUSUM's alerts and thresholds (all periods when CUSUM alone decides)."""
    cusum_rows = (direction != 0) & (verdicts.direction == 0) if keep_point else ~np.isnan(need_up)
    rows = np.flatnonzero(cusum_rows)
    upper = np.maximum(scale.count_at(rows, need_up[rows]), settings.min_count - 1)
    lower = scale.count_at(rows, -need_down[rows])
    mean = verdicts.expected[rows]
    verdicts.upper[rows] = upper if settings.up else np.inf
    verdicts.lower[rows] = np.where(settings.down & (mean >= settings.min_count), lower, -np.inf)
    verdicts.bounded[rows] = False
    alerts = rows[direction[rows] != 0]
    verdicts.method[alerts] = "cusum"
    verdicts.direction = direction
