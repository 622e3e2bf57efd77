"""The level-shift test (weekly and monthly series): a count far from the median of the last
few reports and from the last report alone, judged against how far reports usually fall from
that median (docs/flows-detectors.md, "shift").

The point test judges a count against a level of several weeks or months and the spread
around it; in a monthly series with a strong season, that spread holds the season's swing
(the season factors are only known after a year, and shrunk while unsure), so a border
closing that halves the count can stay inside it. Here distances are measured on the negative
binomial's variance-stabilising scale (cusum.stabilise, with the baseline's kappa at that
period) and the yardstick is robust (1.4826 x the median absolute distance over the earlier
reports), never below the counting noise; a distance beyond Student's t quantile alerts when
the minimum count and change also hold. After an alert the same direction rests for `_LAGS`
reports (the median still holds the old level). Earlier reports only, as everywhere.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy import stats

from passage.flows.engine.baseline import _row_median
from passage.flows.engine.cusum import stabilise, unstabilise
from passage.flows.engine.methods import Verdicts
from passage.flows.engine.periods import PERIODS_PER_YEAR
from passage.flows.engine.settings import Settings

# Reports making the recent level. Weeks and months only: a daily series has seven reports
# within a week for the point test and CUSUM to see a shift, a weekly or monthly one has one.
_LAGS = {"week": 3, "month": 3}
_SPREAD = {"week": 32, "month": 24}  # earlier distances making the yardstick
_PER_YEAR = 0.05  # false alerts a year per direction the test may add on a quiet series
_ALPHA_DEFAULT = {"week": 0.005, "month": 0.01}  # the point test's defaults (settings.py)
_MIN_SPREAD = 8
# Below this recent level the stabilised scale is too far from normal for a quantile of it;
# the exact count bounds of the point test judge such series alone.
_MIN_LEVEL = 50.0  # earlier distances needed before judging
_MAD = 1.4826  # median absolute value to standard deviation (normal)


def run(verdicts: Verdicts, season: np.ndarray, settings: Settings) -> None:
    """Add level-shift alerts (method "shift") where no alert was raised yet."""
    if settings.granularity not in _LAGS:
        return
    lags = _LAGS[settings.granularity]
    size = len(verdicts.observed)
    if size <= lags + _MIN_SPREAD:
        return
    expected = verdicts.expected
    inflation = 1.0 + 1.0 / np.maximum(verdicts.used, 1)
    with np.errstate(all="ignore"):
        kappa = np.nan_to_num(
            np.maximum(verdicts.variance / inflation - expected, 0.0) / expected**2
        )
        deseason = verdicts.observed / season
    # each report's last `lags` earlier reports, on its own kappa's scale
    earlier = sliding_window_view(np.concatenate((np.full(lags, np.nan), deseason)), lags)[:-1]
    missing = np.isnan(earlier)
    scaled_earlier = np.where(missing, np.nan, stabilise(np.nan_to_num(earlier), kappa[:, None]))
    number = np.sum(~missing, axis=1)
    level = _row_median(np.sort(scaled_earlier, axis=1), number)
    level_count = _row_median(np.sort(earlier, axis=1), number)
    scaled = stabilise(deseason, kappa)
    from_level = scaled - level
    # the step from the last report alone (a season rising or falling from one report to the
    # next moves the median of the last few far more than the last report); the distance is
    # the smaller of the two when both point the same way, so the return after a spike (far
    # from the last report, not from the median) is no shift
    from_last = scaled - scaled_earlier[:, -1]
    same_way = np.sign(from_level) == np.sign(from_last)
    distance = np.where(
        same_way, np.sign(from_level) * np.minimum(np.abs(from_level), np.abs(from_last)), 0.0
    )
    distance[:lags] = np.nan
    distance[np.isnan(expected) | np.isnan(from_last)] = np.nan
    # the yardstick: how far reports usually fall from the recent level (the distance itself
    # is often 0, the two ways disagreeing, and would make a yardstick too short)
    usual = np.where(np.isnan(distance), np.nan, from_level)
    # the chance per report: a twentieth of a false alert a year per direction, or the point
    # test's own alpha when that is smaller (a family of sub-series divides both)
    per_year = PERIODS_PER_YEAR[settings.granularity]
    default = _ALPHA_DEFAULT[settings.granularity]
    chance = min(settings.alpha, settings.alpha / default * _PER_YEAR / per_year)
    spread, measured = _earlier_spread(usual, _SPREAD[settings.granularity])
    # the yardstick is itself estimated from `measured` distances: Student's t, not normal
    z = stats.t.isf(chance, np.maximum(measured - 1, 1))
    judged = ~np.isnan(expected) & ~np.isnan(spread) & (np.nan_to_num(level_count) >= _MIN_LEVEL)
    # never below the counting (Poisson) noise of the count and of the median, in units of
    # this scale: 1 / sqrt(1 + kappa m) each, m the recent level
    with np.errstate(all="ignore"):
        counting = np.sqrt((1.0 + np.pi / (2.0 * lags)) / (1.0 + kappa * level_count))
    limit = z * np.maximum(spread, np.nan_to_num(counting, nan=1.0))
    with np.errstate(all="ignore"):
        up_count = unstabilise(level + limit, kappa) * season
        down_count = unstabilise(level - limit, kappa) * season
        reference = level_count * season
    observed = verdicts.observed
    up = (
        judged
        & settings.up
        & (distance > limit)
        & (observed >= settings.min_count)
        & (observed > reference * (1.0 + settings.min_change))
    )
    down = (
        judged
        & settings.down
        & (distance < -limit)
        & (reference >= settings.min_count)
        & (observed < reference * (1.0 - settings.min_change))
    )
    candidates = np.flatnonzero((up | down) & (verdicts.direction == 0))
    rest_until = {1: -1, -1: -1}
    alerted = np.flatnonzero(verdicts.direction)
    for row in candidates:
        step = 1 if up[row] else -1
        recent = alerted[(alerted < row) & (alerted >= row - lags)]
        if np.any(verdicts.direction[recent] == step) or row <= rest_until[step]:
            continue
        verdicts.direction[row] = step
        verdicts.method[row] = "shift"
        verdicts.bounded[row] = False
        verdicts.expected[row] = reference[row]
        verdicts.used[row] = int(number[row])
        if step > 0:
            verdicts.upper[row] = max(float(up_count[row]), settings.min_count - 1)
        else:
            verdicts.lower[row] = float(down_count[row])
        rest_until[step] = int(row) + lags


def _earlier_spread(distance: np.ndarray, length: int) -> tuple[np.ndarray, np.ndarray]:
    """For each report, 1.4826 x the median absolute distance of the `length` reports before it
    (NaN when fewer than `_MIN_SPREAD` of them were measured), and how many were."""
    absolute = np.abs(distance)
    padded = np.concatenate((np.full(length, np.nan), absolute))
    views = sliding_window_view(padded, length)[:-1]
    counted = np.sum(~np.isnan(views), axis=1)
    median = _row_median(np.sort(views, axis=1), counted)
    return np.where(counted >= _MIN_SPREAD, _MAD * median, np.nan), counted
