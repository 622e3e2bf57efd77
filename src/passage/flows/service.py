"""The operations of flow monitoring: points, a day's counts from the collector's form, alerts
(acknowledged with a note, followed per point), detector settings and the backtest."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal, can
from passage.errors import Forbidden, Invalid, NotFound
from passage.flows import access, alerts, crossings, imports, movements, notices, repository
from passage.flows.engine import DetectorConfig, Signal
from passage.flows.models import FlowAlert, FlowCount, FlowFollow, FlowPoint, FlowSeries
from passage.flows.reading import Unreadable
from passage.flows.schemas import (
    Acknowledgement,
    DayEntry,
    DetectorSettings,
    PointCreate,
    WebhookCreate,
    WebhookRead,
)
from passage.flows.series import SeriesKey, parse_key, sub_config
from passage.flows.vocabulary import BREAKDOWN, GROUPS
from passage.kit import audit
from passage.kit.clock import utcnow
from passage.kit.i18n import N_
from passage.kit.repository import check_version
from passage.webhooks import service as webhooks

FORM = "form"


def _audit(
    session: Session, action: str, object_type: str, object_id: object, **details: Any
) -> None:
    audit.record(
        session,
        action=action,
        object_type=object_type,
        object_id=object_id,
        purpose=access.PURPOSE,
        details=details,
    )


def create_point(*, session: Session, data: PointCreate, actor: Principal) -> FlowPoint:
    """Register a flow monitoring point in a country the actor manages."""
    poe_id = None
    if data.poe_code:
        poe = repository.poe_by_code(session, data.poe_code)
        if poe is None:
            raise Invalid(N_("no point of entry has this code"), field="poe_code")
        poe_id = poe.id
    if repository.points_by_label(session, [data.code]):
        raise Invalid(N_("a point already has this code"), field="code")
    values = data.model_dump(exclude={"poe_code"})
    point = FlowPoint(**values, label=data.code, imported=False, poe_id=poe_id, detector={})
    if not can(actor, "flows.manage", access.target(point)):
        raise Forbidden(N_("you may not register a point there"))
    repository.add(session, point)
    session.flush()
    crossings.sync_point(session, point)  # the crossings its POE already registered
    _audit(session, "create", "flow_point", point.id)
    return point


def points(*, session: Session, actor: Principal) -> list[FlowPoint]:
    """The points within the actor's reach."""
    return repository.points(session, countries=access.countries(actor, "flows.read"))


def get_point(
    *, session: Session, point_id: uuid.UUID, actor: Principal, permission: str = "flows.read"
) -> FlowPoint:
    """A point within reach (404 otherwise)."""
    point = repository.point(session, point_id)
    if point is None:
        raise NotFound(N_("no flow monitoring point has this id"))
    access.check(actor, permission, point)
    return point


def _cells(data: DayEntry) -> dict[tuple[str, ...], int]:
    common = (data.nationality or "", data.origin or "", data.destination or "")
    transport = data.transport or ""
    found: dict[tuple[str, ...], int] = {}
    for group, count in data.groups.items():
        if group not in GROUPS:
            raise Invalid(N_("not a group of people counted"), field=group)
        sex, age_band = GROUPS[group][:2]
        found[(data.direction, common[0], sex, age_band, *common[1:], transport, "")] = count
    for vulnerability, count in data.vulnerabilities.items():
        found[(data.direction, common[0], "", "", *common[1:], transport, vulnerability)] = count
    return found


def enter_day(
    *, session: Session, point_id: uuid.UUID, data: DayEntry, actor: Principal
) -> list[FlowAlert]:
    """Store a day's counts at a point in one direction; entering the same cells again replaces
    them. Returns the alerts this raised."""
    point = get_point(session=session, point_id=point_id, actor=actor, permission="flows.enter")
    if data.day > utcnow().date():
        raise Invalid(N_("the day cannot be in the future"), field="day")
    existing = repository.cells(session, point.id, "day", data.day, FORM)
    for key, count in _cells(data).items():
        cell = existing.get(key)
        if cell is None:
            breakdown = dict(zip(BREAKDOWN, key, strict=True))
            cell = FlowCount(
                point_id=point.id,
                granularity="day",
                period_start=data.day,
                source=FORM,
                count=count,
                recorded_by=actor.user_id,
                **breakdown,
            )
            repository.add(session, cell)
        else:
            cell.count, cell.recorded_by = count, actor.user_id
    session.flush()
    _audit(session, "enter", "flow_point", point.id, day=data.day.isoformat())
    return alerts.refresh(session, point_ids=[point.id])


def import_file(
    *, session: Session, content: bytes, filename: str, actor: Principal
) -> imports.CountImport:
    """Import a count file (CSV or XLSX) uploaded by the actor: every row the actor may import
    is kept, every other one reported with its line and reason; an unreadable file is a 422."""
    try:
        return imports.import_counts(
            session, content=content, filename=filename or "upload", actor=actor
        )
    except Unreadable as problem:
        raise Invalid(str(problem), field="file") from None


@dataclass(frozen=True)
class AlertView:
    """An alert with its point, for lists."""

    alert: FlowAlert
    point: FlowPoint


def alert_list(
    *, session: Session, actor: Principal, status: str | None = "open", followed: bool = False
) -> list[AlertView]:
    """Alerts within reach (open ones by default; only followed points' when asked)."""
    rows = repository.alerts(
        session,
        countries=access.countries(actor, "flows.alerts"),
        status=status,
        followed_by=actor.user_id if followed else None,
    )
    return [AlertView(alert, point) for alert, point in rows]


def get_alert(*, session: Session, alert_id: uuid.UUID, actor: Principal) -> AlertView:
    """An alert within reach."""
    alert = repository.alert(session, alert_id)
    if alert is None:
        raise NotFound(N_("no alert has this id"))
    point = get_point(
        session=session, point_id=alert.point_id, actor=actor, permission="flows.alerts"
    )
    return AlertView(alert, point)


def acknowledge(
    *, session: Session, alert_id: uuid.UUID, data: Acknowledgement, actor: Principal
) -> FlowAlert:
    """Acknowledge an alert with a note (audited; version-checked)."""
    view = get_alert(session=session, alert_id=alert_id, actor=actor)
    access.check(actor, "flows.acknowledge", view.point)
    check_version(view.alert, data.version)
    view.alert.status, view.alert.note = "acknowledged", data.note
    view.alert.acknowledged_by, view.alert.acknowledged_at = actor.user_id, utcnow()
    session.flush()
    _audit(session, "acknowledge", "flow_alert", view.alert.id)
    return view.alert


def set_following(*, session: Session, point_id: uuid.UUID, follow: bool, actor: Principal) -> bool:
    """Follow (or stop following) a point's alerts."""
    point = get_point(session=session, point_id=point_id, actor=actor, permission="flows.alerts")
    if actor.user_id is None:
        raise Invalid(N_("only a signed-in user can follow a point"))
    existing = repository.follow(session, actor.user_id, point.id)
    if follow and existing is None:
        repository.add(session, FlowFollow(user_id=actor.user_id, point_id=point.id))
    elif not follow and existing is not None:
        repository.unfollow(session, existing)
    session.flush()
    return follow


def add_webhook(
    *, session: Session, point_id: uuid.UUID, data: WebhookCreate, actor: Principal
) -> WebhookRead:
    """Register a webhook told of the point's new alerts (HMAC-signed by the webhook outbox);
    coordinators only: the alerts leave Passage for an address they give."""
    point = get_point(session=session, point_id=point_id, actor=actor, permission="flows.manage")
    topic = notices.topic_of(point.id)
    endpoint, secret = webhooks.create_endpoint(
        session=session, topic=topic, name=data.name, url=data.url, secret=data.secret
    )
    _audit(session, "add_webhook", "flow_point", point.id, endpoint=str(endpoint.id))
    return WebhookRead(id=endpoint.id, name=endpoint.name, url=endpoint.url, topic=topic,
                       secret=secret)  # fmt: skip


def is_following(*, session: Session, point_id: uuid.UUID, actor: Principal) -> bool:
    """Whether the actor follows the point."""
    if actor.user_id is None:
        return False
    return repository.follow(session, actor.user_id, point_id) is not None


def series_key(code: str | None) -> SeriesKey:
    """A series key from a form or a URL (422 naming the field when it is not one)."""
    try:
        return parse_key(code)
    except ValueError as problem:
        raise Invalid(str(problem), field="series") from None


def set_detector(
    *, session: Session, point_id: uuid.UUID, data: DetectorSettings, actor: Principal
) -> FlowPoint:
    """Set the detector configuration of one series of a point (validated by the engine):
    the total's on the point, a sub-series' in its own settings; alerts judged again."""
    point = get_point(session=session, point_id=point_id, actor=actor, permission="flows.manage")
    key = series_key(data.series)
    try:
        config = DetectorConfig.from_dict(data.config)
    except ValueError as problem:
        raise Invalid(str(problem), field="config") from None
    if key.kind == "total":
        check_version(point, data.version)
        point.detector = config.to_dict()
    else:
        stored = repository.series_settings(session, [point.id]).get((point.id, key.code))
        check_version(stored if stored is not None else point, data.version)
        if stored is None:
            stored = FlowSeries(point_id=point.id, key=key.code)
            repository.add(session, stored)
        # only what was given: the flood guard's defaults fill the rest (flows.series)
        stored.detector, stored.enabled = dict(data.config), data.enabled
    session.flush()
    alerts.refresh(session, point_ids=[point.id])
    _audit(session, "configure", "flow_point", point.id, series=key.code)
    return point


def series_setting(*, session: Session, point: FlowPoint, key: SeriesKey) -> FlowSeries | None:
    """A coordinator's settings of a sub-series of a point, when there are any."""
    return repository.series_settings(session, [point.id]).get((point.id, key.code))


def point_series(*, session: Session, point_id: uuid.UUID, actor: Principal) -> list[alerts.Series]:
    """Every series of a point that its counts give (judged or not), totals first."""
    point = get_point(session=session, point_id=point_id, actor=actor, permission="flows.alerts")
    return alerts.series(session, [point.id], every=True)


def backtest(
    *,
    session: Session,
    point_id: uuid.UUID,
    actor: Principal,
    config: dict[str, Any] | None,
    series: str | None = None,
) -> list[tuple[alerts.Series, list[Signal]]]:
    """What the detectors (the series' own, or the configuration tried) flag over the history
    of one series of a point (its total unless `series` names another), per granularity:
    nothing is stored."""
    key = series_key(series)
    found = []
    for one in point_series(session=session, point_id=point_id, actor=actor):
        if one.key != key:
            continue
        tried = None
        if config is not None:
            tried = DetectorConfig.from_dict(config)
            if key.kind != "total":
                tried = sub_config(config, one.config.family)
        found.append((one, one.detect(tried)))
    return found


def series_of(*, session: Session, point: FlowPoint) -> Sequence[alerts.Series]:
    """The judged series of a point (for its chart)."""
    return alerts.series(session, [point.id])


LONGEST_PERIOD_DAYS = 366


def movements_between(
    *, session: Session, actor: Principal, first: date, last: date
) -> list[movements.Movement]:
    """Movements between places counted at the points within the actor's reach whose whole
    period lies within [first, last], largest first (see `flows.movements`)."""
    if last < first:
        raise Invalid(N_("the period ends before it starts"), field="from")
    if (last - first).days >= LONGEST_PERIOD_DAYS:
        raise Invalid(
            N_("choose a period of at most %(days)s days"),
            params={"days": LONGEST_PERIOD_DAYS},
            field="from",
        )
    reach = access.countries(actor, "flows.read")
    return movements.between(session, countries=reach, first=first, last=last)
