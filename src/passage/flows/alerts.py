"""Judging the series of each point (flows.series): its total per period, and the nationalities
and corridors counted there (those large enough, or named by a coordinator), each in its own
granularity, through the detectors of `flows.engine` with its configuration (defaults when
none). A missing period is "no report", never zero.

`judge` computes the alerts of the stored counts as they are now (the CLI); `refresh` keeps the
stored alerts the pages show in step with the counts, keeping acknowledged ones, and tells the
followers of the new ones (`notices`)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from sqlalchemy.orm import Session

from passage.flows import notices, repository
from passage.flows.engine import DetectorConfig, Granularity, Period, Signal, detect
from passage.flows.models import FlowAlert, FlowPoint
from passage.flows.series import SeriesKey, automatic, derive, parse_key, sub_config
from passage.kit.clock import today

BORDER_SOURCE = "border"  # the cells border crossings feed (flows.crossings)


@dataclass(frozen=True)
class Series:
    """One series of a point in one granularity, in period order, with its detector.
    `judged`: whether the detectors raise alerts on it (the total always; a sub-series when it
    is large enough or a coordinator named it, and not muted)."""

    point: FlowPoint
    periods: list[Period]
    values: list[float]
    key: SeriesKey = field(default_factory=SeriesKey)
    config: DetectorConfig = field(default_factory=DetectorConfig)
    judged: bool = True
    configured: bool = False  # a coordinator gave it settings

    @property
    def granularity(self) -> str:
        """day, week or month."""
        return self.periods[0].granularity

    def detect(self, config: DetectorConfig | None = None) -> list[Signal]:
        """Its alerts over the whole history (prospectively: the backtest)."""
        return detect(self.periods, self.values, config or self.config, subject=self.key.subject())


def config_of(point: FlowPoint) -> DetectorConfig:
    """The point's detector configuration for its total (defaults when none is set)."""
    return DetectorConfig.from_dict(point.detector) if point.detector else DetectorConfig()


def series(
    session: Session,
    point_ids: Sequence[uuid.UUID] | None = None,
    *,
    every: bool = False,
) -> list[Series]:
    """The judged series of these points (all points when None): totals first, then the
    sub-series by key; with `every`, also those not judged (to pick one to configure)."""
    cells: dict[uuid.UUID, list[Any]] = defaultdict(list)
    # a day of crossings still going on is not judged (a part of a day looks like a drop)
    unfinished = (BORDER_SOURCE, today())
    for point_id, *cell in repository.breakdown_totals(session, point_ids, unfinished=unfinished):
        cells[point_id].append(tuple(cell))
    settings = repository.series_settings(session, list(cells))
    found = []
    for point_id, rows in cells.items():
        point = repository.point(session, point_id)
        if point is None:
            continue
        for derived in derive(rows):
            found.extend(_of_point(point, derived, settings, every=every))
    return found


def _of_point(point: FlowPoint, derived: Any, settings: dict[Any, Any], *, every: bool) -> list:
    grain = cast(Granularity, derived.granularity)
    chosen = set(automatic(derived))
    configured = {}
    for (point_id, code), row in settings.items():
        if point_id != point.id:
            continue
        key = parse_key(code)
        configured[key] = row
        if row.enabled:
            chosen.add(key)
        else:
            chosen.discard(key)
    chosen &= set(derived.values)
    family = max(1, len(chosen))
    found = []
    for key in sorted(derived.values, key=lambda item: item.rank):
        if key.kind != "total" and key not in chosen and not every:
            continue
        counts = derived.values[key]
        if not counts:
            continue
        starts = sorted(counts)
        row = configured.get(key)
        config = (
            config_of(point)
            if key.kind == "total"
            else sub_config(row.detector if row is not None else None, family)
        )
        found.append(
            Series(
                point=point,
                periods=[Period(grain, start) for start in starts],
                values=[float(counts[start]) for start in starts],
                key=key,
                config=config,
                judged=key.kind == "total" or key in chosen,
                configured=row is not None,
            )
        )
    return found


def signals(one: Series) -> list[Signal]:
    """What the detectors flag over the whole history of a series (prospectively: the backtest)."""
    return one.detect()


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(float(value), 2)


def as_dict(label: str, signal: Signal, key: SeriesKey | None = None) -> dict[str, Any]:
    """An alert as the CLI and the API print it; an alert on a sub-series adds its key's
    fields (`series`, and `nationality` or `origin` and `destination`)."""
    return (key or SeriesKey()).fields() | {
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
                order = (one.point.label, signal.period.start, signal.period.granularity)
                shown = as_dict(one.point.label, signal, one.key)
                judged.append((order, one.key.rank, shown))
    judged.sort(key=lambda item: (item[0], item[1]))
    return [item[2] for item in judged]


def refresh(session: Session, *, point_ids: Sequence[uuid.UUID]) -> list[FlowAlert]:
    """Store the alerts the detectors raise on these points; open alerts no longer raised go,
    acknowledged ones stay. Returns the new alerts (for notifying followers)."""
    stored = repository.alerts_of(session, point_ids)
    raised: set[tuple[uuid.UUID, str, str, date, str]] = set()
    new = []
    for one in series(session, point_ids):
        code = one.key.code
        for signal in signals(one):
            period = signal.period
            key = (one.point.id, code, period.granularity, period.start, signal.direction)
            raised.add(key)
            alert = stored.get(key)
            if alert is None:
                alert = FlowAlert(
                    point_id=one.point.id, series=code, period=str(period), status="open"
                )
                alert.granularity, alert.period_start = key[2], key[3]
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
