"""Count-aware bounds: Poisson for few people, negative binomial when the counts vary more."""

from __future__ import annotations

import numpy as np
from scipy import stats


def count_bounds(
    expected: np.ndarray, variance: np.ndarray, alpha: float
) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper `alpha` quantiles of a count with that mean and variance.

    Variance at or below the mean is taken as Poisson (a count cannot vary less); above it a
    negative binomial with the same mean and variance. A count above the upper quantile (or below
    the lower) has at most `alpha` chance under the baseline."""
    mean = np.where(np.isnan(expected), 0.0, np.maximum(expected, 0.0))
    var = np.maximum(np.where(np.isnan(variance), 0.0, variance), mean * 1.000001)
    lower = np.zeros_like(mean)
    upper = np.zeros_like(mean)
    poisson = var <= mean * 1.0001
    if np.any(poisson):
        lower[poisson] = stats.poisson.ppf(alpha, mean[poisson])
        upper[poisson] = stats.poisson.ppf(1.0 - alpha, mean[poisson])
    negative = ~poisson & (mean > 0)
    if np.any(negative):
        m, v = mean[negative], var[negative]
        size = m * m / (v - m)
        probability = m / v
        lower[negative] = stats.nbinom.ppf(alpha, size, probability)
        upper[negative] = stats.nbinom.ppf(1.0 - alpha, size, probability)
    lower = np.where(np.isnan(lower), 0.0, lower)
    upper = np.where(np.isnan(upper), mean, upper)
    return lower, upper
