"""Judging the series: each point's total per period (summed over every breakdown), in the
series' own granularity, through the detectors of `flows.engine` with the point's configuration
(defaults when none). A missing period is "no report", never zero.

`judge` computes the alerts of the stored counts as they are now (the CLI); `refresh` keeps the
stored alerts the pages show in step with the counts, keeping acknowledged ones, and tells the
followers of the new ones (`notices`)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy.orm import Session

from passage.flows import notices, repository
from passage.flows.engine import DetectorConfig, Granularity, Period, Signal, detect
from passage.flows.models import FlowAlert, FlowPoint
from passage.kit.clock import today

BORDER_SOURCE = "border"  # the cells border crossings feed (flows.crossings)


@dataclass(frozen=True)
class Series:
    """One point's totals in one granularity, in period order."""

    point: FlowPoint
    periods: list[Period]
    values: list[float]


def config_of(point: FlowPoint) -> DetectorConfig:
    """The point's detector configuration (defaults when none is set)."""
    return DetectorConfig.from_dict(point.detector) if point.detector else DetectorConfig()


def series(session: Session, point_ids: Sequence[uuid.UUID] | None = None) -> list[Series]:
    """Every series of these points (all points when None)."""
    grouped: dict[tuple[uuid.UUID, str], tuple[list[Period], list[float]]] = defaultdict(
        lambda: ([], [])
    )
    # a day of crossings still going on is not judged (a part of a day looks like a drop)
    unfinished = (BORDER_SOURCE, today())
    rows = repository.totals(session, point_ids, unfinished=unfinished)
    for point_id, granularity, start, total in rows:
        periods, values = grouped[(point_id, granularity)]
        periods.append(Period(cast(Granularity, granularity), start))
        values.append(float(total))
    found = []
    for (point_id, _granularity), (periods, values) in grouped.items():
        point = repository.point(session, point_id)
        if point is not None:
            found.append(Series(point, periods, values))
    return found


def signals(one: Series) -> list[Signal]:
    """What the detectors flag over the whole history of a series (prospectively: the backtest)."""
    return detect(one.periods, one.values, config_of(one.point))


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(float(value), 2)


def as_dict(label: str, signal: Signal) -> dict[str, Any]:
    """An alert as the CLI and the API print it."""
    return {
        "point": label,
        "period": str(signal.period),
        "observed": _number(signal.observed),
        "expected": _number(signal.expected),
        "threshold": _number(signal.threshold),
        "method": signal.method,
        "direction": signal.direction,
        "explanation": signal.explanation,
    }


def _within(period: Period, start: Period | None, end: Period | None) -> bool:
    if start is not None and period.start < start.start:
        return False
    return end is None or period.start < end.next().start


def judge(
    session: Session,
    *,
    point: str | None = None,
    start: Period | None = None,
    end: Period | None = None,
) -> list[dict[str, Any]]:
    """The alerts of every series (or of one point, by its code or label) whose period lies
    between `start` and `end` (inclusive, each in any granularity), by point and period."""
    point_ids = None
    if point is not None:
        found = repository.points_by_label(session, [point]).get(point)
        if found is None:
            return []
        point_ids = [found.id]
    judged = []
    for one in series(session, point_ids):
        for signal in signals(one):
            if _within(signal.period, start, end):
                judged.append((one.point.label, signal.period, as_dict(one.point.label, signal)))
    judged.sort(key=lambda item: (item[0], item[1].start, item[1].granularity))
    return [item[2] for item in judged]


def refresh(session: Session, *, point_ids: Sequence[uuid.UUID]) -> list[FlowAlert]:
    """Store the alerts the detectors raise on these points; open alerts no longer raised go,
    acknowledged ones stay. Returns the new alerts (for notifying followers)."""
    stored = repository.alerts_of(session, point_ids)
    raised: set[tuple[uuid.UUID, str, date, str]] = set()
    new = []
    for one in series(session, point_ids):
        for signal in signals(one):
            key = (one.point.id, signal.period.granularity, signal.period.start, signal.direction)
            raised.add(key)
            alert = stored.get(key)
            if alert is None:
                alert = FlowAlert(point_id=one.point.id, period=str(signal.period), status="open")
                alert.granularity, alert.period_start = key[1], key[2]
                repository.add(session, alert)
                new.append(alert)
            _fill(alert, signal)
    gone = [a.id for key, a in stored.items() if key not in raised and a.status == "open"]
    repository.delete_alerts(session, gone)
    session.flush()
    _tell(session, new)
    return new


def _tell(session: Session, new: list[FlowAlert]) -> None:
    """The followers of each point hear of its new recent alerts (`notices`)."""
    by_point: dict[uuid.UUID, list[FlowAlert]] = defaultdict(list)
    for alert in new:
        by_point[alert.point_id].append(alert)
    for point_id, raised in by_point.items():
        point = repository.point(session, point_id)
        if point is not None:
            notices.tell(session, point, raised)


def _fill(alert: FlowAlert, signal: Signal) -> None:
    alert.observed, alert.expected = signal.observed, signal.expected
    alert.threshold, alert.method = signal.threshold, signal.method
    alert.direction, alert.explanation = signal.direction, signal.explanation
