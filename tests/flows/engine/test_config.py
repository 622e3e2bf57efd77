"""Detector settings: stored as JSON, read back the same, bad keys and values refused."""

from __future__ import annotations

import json

import pytest

from passage.flows.engine import METHODS, DetectorConfig, detect
from tests.flows.engine.series import periods


def test_the_default_config_round_trips_through_json():
    config = DetectorConfig()
    stored = json.loads(json.dumps(config.to_dict()))
    assert DetectorConfig.from_dict(stored) == config
    assert stored["method"] == "auto"


def test_every_setting_round_trips():
    config = DetectorConfig(
        method="ears_c2",
        baseline=10,
        guard=3,
        alpha=0.01,
        min_count=2,
        min_change=0.5,
        min_history=5,
        seasonality="none",
        cusum_k=1.0,
        cusum_h=3.0,
        directions="down",
    )
    assert DetectorConfig.from_dict(json.loads(json.dumps(config.to_dict()))) == config


def test_methods_lists_every_method_the_config_accepts():
    assert "auto" in METHODS and {"ears_c1", "ears_c2", "ears_c3", "cusum", "seasonal"} <= set(
        METHODS
    )
    for method in METHODS:
        assert DetectorConfig(method=method).method == method


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"threshold": 3}, "unknown detector setting threshold"),
        ({"method": "farrington"}, "method must be one of"),
        ({"alpha": 0}, "alpha must be above 0"),
        ({"alpha": 0.7}, "alpha must be above 0"),
        ({"alpha": "0.01"}, "alpha must be a number"),
        ({"baseline": 1}, "baseline must be between 2"),
        ({"baseline": 7.5}, "baseline must be a whole number"),
        ({"guard": True}, "guard must be a whole number"),
        ({"min_count": -1}, "min_count must be at least 0"),
        ({"min_change": float("nan")}, "min_change must be a number"),
        ({"seasonality": "monthly"}, "seasonality must be one of"),
        ({"directions": "sideways"}, "directions must be one of"),
    ],
)
def test_a_bad_setting_is_refused_with_its_name(data, reason):
    with pytest.raises(ValueError, match=reason):
        DetectorConfig.from_dict(data)


def test_settings_must_be_an_object():
    with pytest.raises(ValueError, match="JSON object"):
        DetectorConfig.from_dict(["method", "auto"])  # type: ignore[arg-type]


def test_weekday_seasonality_on_a_monthly_series_is_refused():
    months = periods("month", 24)
    with pytest.raises(ValueError, match="weekday seasonality needs a daily series"):
        detect(months, [10.0] * 24, DetectorConfig(seasonality="weekday"))
