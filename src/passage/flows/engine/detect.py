"""`detect` and `judge`: the public entry points over one series (docs/flows-detectors.md)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from passage.flows.engine import cusum, ears, shift
from passage.flows.engine.config import DetectorConfig
from passage.flows.engine.grid import to_grid
from passage.flows.engine.methods import Verdicts, point_test, seasonal_baseline, thresholds
from passage.flows.engine.periods import Period
from passage.flows.engine.settings import Settings, resolve
from passage.flows.engine.wording import explain, not_judged

Direction = Literal["up", "down"]


@dataclass(frozen=True)
class Signal:
    """An alert: a period whose count is beyond the threshold its baseline allows."""

    period: Period
    observed: float
    expected: float
    threshold: float
    method: str
    direction: Direction
    explanation: str


@dataclass(frozen=True)
class Judgement:
    """Every reported period's verdict, for charts and backtests: the baseline and both
    thresholds where it was judged, or why it was not (`expected` is None then)."""

    period: Period
    observed: float
    expected: float | None
    lower: float | None  # None: no down alert possible (too few expected)
    upper: float | None
    method: str
    direction: Direction | None
    explanation: str


def detect(
    periods: Sequence[Period],
    values: Sequence[float],
    config: DetectorConfig | None = None,
    *,
    subject: str = "",
) -> list[Signal]:
    """The alerts over a whole series, in period order; each period judged on earlier data only.
    `subject` names the series in the sentences after "movements" (" of people from SYR")."""
    signals = []
    for item in _judgements(periods, values, config, alerts_only=True, subject=subject):
        threshold = item.upper if item.direction == "up" else item.lower
        signals.append(
            Signal(
                period=item.period,
                observed=item.observed,
                expected=item.expected if item.expected is not None else math.nan,
                threshold=threshold if threshold is not None else math.nan,
                method=item.method,
                direction=item.direction or "up",
                explanation=item.explanation,
            )
        )
    return signals


def judge(
    periods: Sequence[Period],
    values: Sequence[float],
    config: DetectorConfig | None = None,
    *,
    subject: str = "",
) -> list[Judgement]:
    """One judgement per reported period (gaps give none), in period order."""
    return _judgements(periods, values, config, alerts_only=False, subject=subject)


def _judgements(
    periods: Sequence[Period],
    values: Sequence[float],
    config: DetectorConfig | None,
    *,
    alerts_only: bool,
    subject: str = "",
) -> list[Judgement]:
    grid = to_grid(periods, values)
    if grid is None:
        return []
    settings = resolve(config or DetectorConfig(), grid.granularity)
    verdicts = run(grid.values, settings)
    rows = np.flatnonzero(verdicts.direction) if alerts_only else np.arange(len(verdicts.positions))
    lower, upper = thresholds(verdicts, rows, settings.alpha)
    return [
        _judgement(
            verdicts,
            int(row),
            grid.period(int(verdicts.positions[row])),
            settings,
            float(lower[n]),
            float(upper[n]),
            subject,
        )
        for n, row in enumerate(rows)
    ]


def run(values: np.ndarray, settings: Settings) -> Verdicts:
    """Run the configured method on a gridded series ("auto": seasonal point test, the level
    shift test where it did not alert, then CUSUM)."""
    if settings.method.startswith("ears_"):
        return ears.run(values, settings)
    baseline = seasonal_baseline(values, settings)
    verdicts = point_test(values, baseline, settings)
    if settings.method == "auto":
        shift.run(verdicts, baseline.season, settings)
    if settings.method in {"auto", "cusum"}:
        cusum.run(verdicts, settings, keep_point=settings.method == "auto")
    return verdicts


def _judgement(
    verdicts: Verdicts,
    index: int,
    period: Period,
    settings: Settings,
    lower: float,
    upper: float,
    subject: str,
) -> Judgement:
    observed = float(verdicts.observed[index])
    expected = float(verdicts.expected[index])
    method = str(verdicts.method[index])
    if math.isnan(expected):
        return Judgement(
            period,
            observed,
            None,
            None,
            None,
            method,
            None,
            not_judged(period, int(verdicts.history[index]), int(verdicts.used[index]), settings),
        )
    step = int(verdicts.direction[index])
    direction: Direction | None = "up" if step > 0 else ("down" if step < 0 else None)
    text = explain(
        period=period,
        observed=observed,
        expected=expected,
        threshold=upper if step >= 0 else lower,
        direction=direction,
        method=method,
        used=int(verdicts.used[index]),
        seasonal=bool(verdicts.adjusted[index]),
        settings=settings,
        subject=subject,
    )
    return Judgement(
        period,
        observed,
        expected,
        lower if math.isfinite(lower) else None,
        upper if math.isfinite(upper) else None,
        method,
        direction,
        text,
    )
