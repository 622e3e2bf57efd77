"""Each detector on generated series: planted spikes, shifts up and down, and quiet series."""

from __future__ import annotations

import numpy as np
import pytest

from passage.flows.engine import DetectorConfig, detect, judge
from tests.flows.engine.series import counts, periods, weekly_cycle, yearly_season

POINT_METHODS = ["auto", "seasonal", "ears_c1", "ears_c2", "ears_c3"]


def daily_series(level: float = 200.0, days: int = 400, *, seed: int = 1):
    items = periods("day", days)
    return items, counts(level * weekly_cycle(items, weekend=0.6), kappa=0.01, seed=seed)


@pytest.mark.parametrize("method", [*POINT_METHODS, "cusum"])
def test_a_spike_is_flagged_up_on_its_day(method):
    items, values = daily_series()
    values[300] = values[300] * 4
    alerts = detect(items, values, DetectorConfig(method=method))
    spike = [alert for alert in alerts if alert.period == items[300]]
    assert spike and spike[0].direction == "up"
    assert spike[0].observed == values[300] and spike[0].observed > spike[0].threshold


@pytest.mark.parametrize("method", [*POINT_METHODS, "cusum"])
@pytest.mark.parametrize(("factor", "direction"), [(0.1, "down"), (4.0, "up")])
def test_a_level_shift_is_flagged_within_days_in_its_direction(method, factor, direction):
    items, values = daily_series()
    shifted = [v * factor if i >= 250 else v for i, v in enumerate(values)]
    alerts = detect(items, shifted, DetectorConfig(method=method))
    first = next(alert for alert in alerts if alert.period >= items[250])
    assert first.direction == direction
    assert first.period <= items[253]


@pytest.mark.parametrize("factor", [0.1, 4.0])
def test_after_a_lasting_shift_the_baseline_adapts_and_alerts_stop(factor):
    items, values = daily_series()
    shifted = [v * factor if i >= 250 else v for i, v in enumerate(values)]
    alerts = detect(items, shifted)
    assert 1 <= len([a for a in alerts if items[250] <= a.period < items[280]]) <= 12
    assert not [a for a in alerts if a.period >= items[280]]


def test_a_border_closure_to_zero_is_flagged_down():
    items, values = daily_series(level=80)
    closed = [0.0 if i >= 300 else v for i, v in enumerate(values)]
    alerts = [a for a in detect(items, closed) if a.period >= items[300]]
    assert alerts[0].period == items[300] and alerts[0].direction == "down"
    assert alerts[0].expected > 40 and alerts[0].threshold < 40


def test_few_people_a_day_with_no_anomaly_raise_few_alerts():
    items = periods("day", 3 * 365)
    values = counts(3.0, count=len(items), kappa=0.2, seed=4)
    assert len(detect(items, values)) <= 3


def test_three_to_nine_people_is_not_an_alarm():
    items = periods("day", 120)
    values = counts(3.0, count=120, seed=5)
    values[100] = 9.0
    assert not [a for a in detect(items, values) if a.period == items[100]]


def test_a_hundred_thousand_with_two_percent_noise_never_alerts():
    rng = np.random.default_rng(6)
    for granularity, count in (("day", 3 * 365), ("week", 5 * 52), ("month", 8 * 12)):
        items = periods(granularity, count)
        values = (100_000 * (1 + 0.02 * rng.standard_normal(count))).round().tolist()
        assert detect(items, values) == [], granularity


def test_a_monthly_series_of_a_few_dozen_people_is_judged_fairly():
    items = periods("month", 8 * 12)
    values = counts(30.0, count=len(items), kappa=0.05, seed=7)
    assert len(detect(items, values)) <= 2
    values[60] = 120.0
    assert [a.direction for a in detect(items, values) if a.period == items[60]] == ["up"]


def test_a_constant_series_is_quiet_until_it_jumps():
    items = periods("day", 200)
    values = [50.0] * 200
    assert detect(items, values) == []
    values[150] = 90.0
    assert [str(a.period) for a in detect(items, values)] == [str(items[150])]


def test_zeros_are_handled_and_a_handful_after_zeros_is_not_an_alert():
    items = periods("day", 200)
    assert detect(items, [0.0] * 200) == []
    few = [0.0] * 200
    few[120] = 3.0
    assert detect(items, few) == []
    many = [0.0] * 200
    many[120] = 60.0
    assert [a.direction for a in detect(items, many)] == ["up"]


def test_a_weekly_cycle_in_daily_data_raises_no_weekend_alerts():
    items = periods("day", 2 * 365)
    values = counts(500 * weekly_cycle(items, weekend=0.2), kappa=0.005, seed=8)
    assert detect(items, values) == []


def test_a_steady_trend_raises_no_more_alerts_than_chance():
    # the count tripling in three years; chance alone gives about one alert a year at most
    items = periods("day", 3 * 365)
    values = counts(100 * np.exp(np.linspace(0, np.log(3), len(items))), kappa=0.01, seed=9)
    assert len(detect(items, values)) <= 3


def test_a_monthly_season_seen_in_earlier_years_is_expected():
    items = periods("month", 8 * 12)
    values = counts(2000 * yearly_season(items, amplitude=0.6), kappa=0.003, seed=10)
    later = [a for a in detect(items, values) if a.period.start.year >= 2023]
    assert len(later) <= 1  # summer peaks three times the winter's, six years: no season alerts
    truth = 2000 * yearly_season(items, amplitude=0.6)
    judged = judge(items, values)
    for month in (-6, -12):  # a July and a January: the peak and the trough
        assert abs(judged[month].expected / truth[month] - 1) < 0.15
    flat = judge(items, values, DetectorConfig(seasonality="none"))
    assert abs(flat[-6].expected / truth[-6] - 1) > 0.3  # without the season it lags behind
    seasonal = judge(items, values)[-6]
    assert "adjusted for the season seen in earlier years" in seasonal.explanation


def test_a_weekly_series_with_a_drop_is_flagged():
    items = periods("week", 4 * 52)
    values = counts(400.0, count=len(items), kappa=0.01, seed=11)
    values[150:] = [v * 0.3 for v in values[150:]]
    alerts = detect(items, values)
    assert [a.direction for a in alerts if a.period == items[150]] == ["down"]


@pytest.mark.parametrize("directions", ["up", "down"])
def test_one_direction_only_when_asked(directions):
    items, values = daily_series()
    values[200] *= 5
    values[300] = 0.0
    alerts = detect(items, values, DetectorConfig(directions=directions))
    assert alerts and {a.direction for a in alerts} == {directions}


def test_bursty_arrivals_do_not_raise_an_alert_storm():
    # groups crossing together: a standard deviation as large as the mean, every day
    items = periods("day", 3 * 365)
    values = counts(50.0, count=len(items), kappa=1.0, seed=15)
    assert len(detect(items, values)) <= 8
