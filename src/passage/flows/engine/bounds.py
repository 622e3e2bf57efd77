"""Count-aware bounds: Poisson for few people, negative binomial when the counts vary more.

A count with mean m and variance v <= m is taken as Poisson (a count cannot vary less); with
v > m as a negative binomial of the same mean and variance. `beyond` tells which observed
counts fall outside the alpha quantiles (cheap: one CDF per count); `count_bounds` gives the
quantiles themselves, for the periods that are shown.
"""

from __future__ import annotations

import numpy as np
from scipy import special, stats


def _shape(expected: np.ndarray, variance: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mean = np.where(np.isnan(expected), 0.0, np.maximum(expected, 0.0))
    var = np.where(np.isnan(variance), 0.0, variance)
    poisson = var <= mean * 1.0001
    var = np.where(poisson, mean * 2.0 + 1.0, var)  # any valid value; unused for Poisson rows
    return mean, var, poisson


def _cdf(count: np.ndarray, mean: np.ndarray, var: np.ndarray, poisson: np.ndarray) -> np.ndarray:
    """P(X <= count) for whole `count` (below zero: 0)."""
    safe = np.maximum(count, 0.0)
    with np.errstate(all="ignore"):
        size = mean * mean / (var - mean)
        negative = special.betainc(np.maximum(size, 1e-12), safe + 1.0, mean / var)
        cdf = np.where(poisson, special.pdtr(safe, mean), negative)
    cdf = np.where(mean <= 0, 1.0, cdf)  # a mean of zero: all mass on 0
    return np.where(count < 0, 0.0, cdf)


def beyond(
    observed: np.ndarray,
    expected: np.ndarray,
    variance: np.ndarray,
    alpha: float,
    *,
    candidates: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Which counts are above the upper `alpha` quantile, and which below the lower one.

    `candidates` (masks for up and down) limits the work to the counts that could alert at all."""
    mean, var, poisson = _shape(expected, variance)
    up, down = candidates if candidates is not None else (np.ones(len(mean), bool),) * 2
    above = np.zeros(len(mean), dtype=bool)
    below = np.zeros(len(mean), dtype=bool)
    # x > q_high (the least k with P(X <= k) >= 1 - alpha) iff P(X <= ceil(x) - 1) >= 1 - alpha
    if np.any(up):
        cdf = _cdf(np.ceil(observed[up]) - 1.0, mean[up], var[up], poisson[up])
        above[up] = cdf >= 1.0 - alpha
    # x < q_low (the least k with P(X <= k) >= alpha) iff P(X <= floor(x)) < alpha
    if np.any(down):
        below[down] = _cdf(np.floor(observed[down]), mean[down], var[down], poisson[down]) < alpha
    return above, below


def count_bounds(
    expected: np.ndarray, variance: np.ndarray, alpha: float
) -> tuple[np.ndarray, np.ndarray]:
    """The lower and upper `alpha` quantiles: a count above the upper one (or below the lower)
    has at most `alpha` chance under the baseline."""
    mean, var, poisson = _shape(expected, variance)
    lower = np.zeros_like(mean)
    upper = np.zeros_like(mean)
    if np.any(poisson):
        lower[poisson] = stats.poisson.ppf(alpha, mean[poisson])
        upper[poisson] = stats.poisson.ppf(1.0 - alpha, mean[poisson])
    negative = ~poisson & (mean > 0)
    if np.any(negative):
        m, v = mean[negative], var[negative]
        lower[negative] = stats.nbinom.ppf(alpha, m * m / (v - m), m / v)
        upper[negative] = stats.nbinom.ppf(1.0 - alpha, m * m / (v - m), m / v)
    lower = np.where(np.isnan(lower), 0.0, lower)
    upper = np.where(np.isnan(upper), mean, upper)
    return lower, upper
