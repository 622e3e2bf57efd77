"""The level-shift test (engine/shift.py): a monthly or weekly count far from the last few
reports, measured against how far reports usually fall from them."""

from __future__ import annotations

import numpy as np

from passage.flows.engine import DetectorConfig, detect, judge
from tests.flows.engine.series import counts, periods, yearly_season


def _seasonal_drop(at: int) -> tuple[list, list[float]]:
    """Three years of months, 800 a month with a strong season, falling by 60% at `at`."""
    items = periods("month", 36)
    mean = 800 * yearly_season(items, 0.5)
    mean[at:] *= 0.4
    return items, counts(mean, kappa=0.002, seed=11)


def test_a_border_closing_in_a_seasonal_monthly_series_is_flagged_in_its_own_month():
    items, values = _seasonal_drop(20)
    # the point test alone: the season of the first year sits in its spread, so it misses it
    alone = detect(items, values, DetectorConfig(method="seasonal"))
    assert not [a for a in alone if items[20].start <= a.period.start <= items[22].start]
    found = [a for a in detect(items, values) if a.period == items[20]]
    assert [(a.direction, a.method) for a in found] == [("down", "shift")]
    alert = found[0]
    assert alert.observed < alert.threshold < alert.expected
    assert "level shift against the median of the last reports" in alert.explanation


def test_the_shift_alert_is_given_once_not_again_while_the_level_catches_up():
    items, values = _seasonal_drop(20)
    shifts = [a for a in detect(items, values) if a.method == "shift" and a.direction == "down"]
    assert [a.period for a in shifts if a.period.start >= items[20].start][:2] == [items[20]]


def test_a_spike_and_its_return_are_no_shift_down():
    items = periods("month", 48)
    values = counts(np.full(48, 2_000.0), kappa=0.001, seed=3)
    values[30] = 9_000.0
    found = detect(items, values)
    assert [a.direction for a in found if a.period == items[30]] == ["up"]
    assert not [a for a in found if a.period == items[31]]


def test_small_series_are_left_to_the_exact_count_bounds():
    items = periods("month", 96)
    values = counts(30.0, count=96, kappa=0.05, seed=7)
    assert not [a for a in detect(items, values) if a.method == "shift"]


def test_daily_series_have_no_shift_test():
    items = periods("day", 400)
    mean = np.full(400, 500.0)
    mean[300:] *= 0.3
    values = counts(mean, kappa=0.01, seed=5)
    assert all(row.method != "shift" for row in judge(items, values))
