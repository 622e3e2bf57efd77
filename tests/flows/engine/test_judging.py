"""What every judgement promises: prospective, gaps are no report, a stated minimum history,
an explanation with the numbers, and inputs checked."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passage.flows.engine import (
    METHODS,
    DetectorConfig,
    detect,
    judge,
    parse_period,
    summarise_backtest,
)
from tests.flows.engine.series import counts, periods, weekly_cycle


def planted_daily(days: int = 300, seed: int = 2):
    items = periods("day", days)
    values = counts(150 * weekly_cycle(items, weekend=0.5), kappa=0.02, seed=seed)
    values[200] *= 5
    values[250:] = [v * 0.2 for v in values[250:]]
    return items, values


@pytest.mark.parametrize("method", METHODS)
def test_appending_later_data_never_changes_earlier_verdicts(method):
    items, values = planted_daily()
    config = DetectorConfig(method=method)
    whole = judge(items, values, config)
    for cut in (120, 201, 251, 270):
        assert judge(items[:cut], values[:cut], config) == whole[:cut]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    granularity=st.sampled_from(["day", "week", "month"]),
    level=st.floats(min_value=0.0, max_value=50_000.0),
    kappa=st.sampled_from([0.0, 0.01, 0.2]),
    length=st.integers(min_value=1, max_value=200),
    cut=st.integers(min_value=1, max_value=200),
    seed=st.integers(min_value=0, max_value=10_000),
    method=st.sampled_from(METHODS),
)
def test_any_series_is_judged_prospectively(granularity, level, kappa, length, cut, seed, method):
    items = periods(granularity, length)
    values = counts(level, count=length, kappa=kappa, seed=seed)
    rng = np.random.default_rng(seed)
    kept = [i for i in range(length) if rng.random() > 0.1] or [0]
    items, values = [items[i] for i in kept], [values[i] for i in kept]
    config = DetectorConfig(method=method)
    whole = detect(items, values, config)
    cut = min(cut, len(items))
    assert detect(items[:cut], values[:cut], config) == [
        s for s in whole if s.period < items[cut - 1].next()
    ]
    for signal in whole:
        assert (
            signal.observed > signal.threshold
            if signal.direction == "up"
            else signal.observed < signal.threshold
        )


def test_a_gap_is_no_report_not_zero():
    items = periods("day", 200)
    values = counts(100.0, count=200, kappa=0.01, seed=3)
    kept = [i for i in range(200) if not 120 <= i < 135]
    judged = judge([items[i] for i in kept], [values[i] for i in kept])
    assert len(judged) == len(kept)
    assert not any(j.direction for j in judged if j.period >= items[120])
    assert items[120] not in {j.period for j in judged}
    with_zeros = [0.0 if 120 <= i < 135 else v for i, v in enumerate(values)]
    zeros = [a for a in detect(items, with_zeros) if a.period >= items[120]]
    assert zeros[0].period == items[120] and zeros[0].direction == "down"


def test_none_and_nan_counts_are_gaps_too():
    items = periods("day", 100)
    values: list[float | None] = counts(100.0, count=100, kappa=0.01, seed=3)
    values[60], values[61] = None, math.nan
    judged = judge(items, values)  # type: ignore[arg-type]
    assert {str(items[60]), str(items[61])}.isdisjoint(str(j.period) for j in judged)
    assert len(judged) == 98


def test_too_short_a_history_is_not_judged_and_says_so():
    items = periods("day", 40)
    values = [10.0] * 27 + [10_000.0] + [10.0] * 12
    judged = judge(items, values)
    assert judged[27].expected is None and judged[27].direction is None
    assert "only 27 earlier reporting days" in judged[27].explanation
    assert "needs 28" in judged[27].explanation
    assert detect(items, values) == []
    months = periods("month", 10)
    first = judge(months, [30.0] * 10)
    assert [j.expected is None for j in first] == [True] * 6 + [False] * 4


def test_after_a_pause_of_over_a_year_the_stale_baseline_is_not_used():
    items = periods("day", 700)
    values = counts(100.0, count=700, kappa=0.01, seed=12)
    kept = list(range(100)) + list(range(600, 700))
    judged = judge([items[i] for i in kept], [values[i] for i in kept])
    resumed = judged[100]
    assert resumed.period == items[600] and resumed.expected is None
    assert "after a gap in reporting" in resumed.explanation
    assert judged[114].expected is not None  # a fresh window of 14 reports


def test_a_point_reporting_once_a_week_in_a_daily_series_is_judged():
    items = periods("day", 3 * 365)
    values = counts(80.0, count=len(items), kappa=0.01, seed=14)
    mondays = [i for i, item in enumerate(items) if item.start.weekday() == 0]
    judged = judge([items[i] for i in mondays], [values[i] for i in mondays])
    assert sum(j.expected is not None for j in judged) > len(mondays) - 30
    values[mondays[100]] = 400.0
    alerts = detect([items[i] for i in mondays], [values[i] for i in mondays])
    assert [a.period for a in alerts] == [items[mondays[100]]]


@pytest.mark.parametrize("length", [1, 2, 5])
def test_a_very_short_series_is_not_judged(length):
    for granularity in ("day", "week", "month"):
        items = periods(granularity, length)
        assert all(j.expected is None for j in judge(items, [7.0] * length))


def test_counts_from_a_database_column_are_numbers_too():
    items = periods("month", 12)
    values = [Decimal(30), None, *([Decimal("31.5")] * 10)]
    assert [j.observed for j in judge(items, values)][:2] == [30.0, 31.5]  # type: ignore[arg-type]


def test_counts_that_are_not_whole_numbers_are_judged():
    items = periods("week", 120)
    values = [12.5 + (i % 3) * 0.25 for i in range(120)]
    values[100] = 40.75
    assert [a.period for a in detect(items, values)] == [items[100]]


def test_the_explanation_gives_observed_expected_threshold_and_method():
    items, values = planted_daily()
    spike = next(
        s for s in detect(items, values, DetectorConfig(method="ears_c2")) if s.period == items[200]
    )
    text = spike.explanation
    assert text.startswith(
        f"{round(spike.observed):,} movements on {items[200]}, above the alert threshold of"
    )
    assert f"{round(spike.threshold):,}" in text and f"expected {round(spike.expected):,}" in text
    assert (
        f"expected {round(spike.expected):,} from the 7 reporting days before the last 2" in text
        and text.endswith("; EARS C2).")
    )
    drop = next(s for s in detect(items, values) if s.period >= items[250])
    assert drop.direction == "down" and "below the alert threshold" in drop.explanation
    assert "adjusted for the day of the week" in drop.explanation


def test_every_judged_period_has_its_band_and_alerts_lie_outside_it():
    items, values = planted_daily()
    for item in judge(items, values):
        if item.expected is None:
            continue
        assert item.upper is not None and item.upper >= item.expected
        if item.lower is not None:
            assert item.lower <= item.expected
        if item.direction == "up":
            assert item.observed > item.upper
        elif item.direction == "down":
            assert item.lower is not None and item.observed < item.lower


@pytest.mark.parametrize(
    ("items", "values", "reason"),
    [
        ([parse_period("2024-01-01")], [1.0, 2.0], "1 periods but 2 values"),
        (
            [parse_period("2024-01-02"), parse_period("2024-01-01")],
            [1.0, 2.0],
            "strictly increasing",
        ),
        (
            [parse_period("2024-01-01"), parse_period("2024-01-01")],
            [1.0, 2.0],
            "strictly increasing",
        ),
        ([parse_period("2024-01"), parse_period("2024-01-02")], [1.0, 2.0], "one granularity"),
        (["2024-01-01"], [1.0], "is not a Period"),
        ([parse_period("2024-01-01")], [-3.0], "zero or more"),
        ([parse_period("2024-01-01")], [math.inf], "zero or more"),
        ([parse_period("2024-01-01")], ["12"], "not a number"),
        ([parse_period("2024-01-01")], [True], "not a number"),
    ],
)
def test_bad_input_is_refused_with_a_reason(items, values, reason):
    with pytest.raises(ValueError, match=reason):
        detect(items, values)


def test_an_empty_series_has_no_alerts():
    assert detect([], []) == [] and judge([], []) == []


def test_the_backtest_summary_counts_alerts_per_year_direction_and_method():
    items = periods("day", 3 * 365)
    values = counts(200 * weekly_cycle(items, weekend=0.5), kappa=0.01, seed=13)
    values[400] *= 6
    values[800:] = [v * 0.1 for v in values[800:]]
    signals = detect(items, values)
    summary = summarise_backtest(signals)
    assert summary["alerts"] == len(signals) == summary["up"] + summary["down"]
    assert sum(summary["per_year"].values()) == len(signals)
    assert summary["per_year"].get("2022", 0) >= 1 and summary["down"] >= 1
    assert summary["first"] == str(signals[0].period)
    assert summarise_backtest([]) == {
        "alerts": 0,
        "per_year": {},
        "up": 0,
        "down": 0,
        "by_method": {},
        "first": None,
        "last": None,
    }
