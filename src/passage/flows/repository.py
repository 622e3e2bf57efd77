"""Every query of the flows domain."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session, selectinload

from passage.auth.models import User
from passage.border.crossings.models import Crossing, Traveller
from passage.flows.models import (
    BREAKDOWN,
    FlowAlert,
    FlowCount,
    FlowFollow,
    FlowPoint,
    FlowSeries,
)
from passage.geo.models import Country, PointOfEntry
from passage.restrictions.models import MeasureVersion, PoeStatus
from passage.restrictions.vocabulary import current_record, in_force_status


def add(session: Session, record: object) -> None:
    """Add a new record to the session."""
    session.add(record)


def point(session: Session, point_id: uuid.UUID) -> FlowPoint | None:
    """A point by id."""
    return session.get(FlowPoint, point_id)


def points_by_label(session: Session, labels: Iterable[str]) -> dict[str, FlowPoint]:
    """Points known by these codes or imported labels (a code wins over a label)."""
    wanted = list(set(labels))
    found: dict[str, FlowPoint] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        statement = select(FlowPoint).where(
            or_(FlowPoint.code.in_(chunk), FlowPoint.label.in_(chunk))
        )
        for row in session.scalars(statement):
            if row.label in chunk:
                found.setdefault(row.label, row)
            if row.code in chunk:
                found[row.code] = row
    return found


def _scoped(statement: Any, countries: Sequence[str] | None) -> Any:
    if countries is not None:
        statement = statement.where(FlowPoint.country_iso3.in_(countries))
    return statement


def points(session: Session, *, countries: Sequence[str] | None) -> list[FlowPoint]:
    """The points within reach, by label."""
    statement = _scoped(select(FlowPoint), countries).order_by(FlowPoint.label)
    return list(session.scalars(statement))


def cells(
    session: Session, point_id: uuid.UUID, granularity: str, period_start: date, source: str
) -> dict[tuple[str, ...], FlowCount]:
    """The counted cells of one point and period from one source, by breakdown."""
    statement = select(FlowCount).where(
        FlowCount.point_id == point_id,
        FlowCount.granularity == granularity,
        FlowCount.period_start == period_start,
        FlowCount.source == source,
    )
    return {
        tuple(getattr(row, name) for name in BREAKDOWN): row for row in session.scalars(statement)
    }


def cells_of_points(
    session: Session, point_ids: Sequence[uuid.UUID], source: str
) -> dict[tuple[Any, ...], FlowCount]:
    """Every cell of these points from one source, keyed by point, period and breakdown."""
    found: dict[tuple[Any, ...], FlowCount] = {}
    for start in range(0, len(point_ids), 500):
        statement = select(FlowCount).where(
            FlowCount.point_id.in_(point_ids[start : start + 500]), FlowCount.source == source
        )
        for row in session.scalars(statement):
            key = (row.point_id, row.granularity, row.period_start)
            found[key + tuple(getattr(row, name) for name in BREAKDOWN)] = row
    return found


def totals(
    session: Session,
    point_ids: Sequence[uuid.UUID] | None = None,
    *,
    unfinished: tuple[str, date] | None = None,
) -> list[tuple[uuid.UUID, str, date, int]]:
    """Each point's total per period (summed over every breakdown and source), in order;
    `unfinished` (a source, a day) leaves out that source's cells of that day and later."""
    statement = (
        select(
            FlowCount.point_id,
            FlowCount.granularity,
            FlowCount.period_start,
            func.sum(FlowCount.count),
        )
        .where(FlowCount.vulnerability == "")  # "of which" counts are not added to totals
        .group_by(FlowCount.point_id, FlowCount.granularity, FlowCount.period_start)
        .order_by(FlowCount.point_id, FlowCount.granularity, FlowCount.period_start)
    )
    if point_ids is not None:
        statement = statement.where(FlowCount.point_id.in_(point_ids))
    if unfinished is not None:
        source, day = unfinished
        statement = statement.where(or_(FlowCount.source != source, FlowCount.period_start < day))
    return [(row[0], row[1], row[2], int(row[3])) for row in session.execute(statement)]


def breakdown_totals(
    session: Session,
    point_ids: Sequence[uuid.UUID] | None = None,
    *,
    unfinished: tuple[str, date] | None = None,
) -> list[tuple[uuid.UUID, str, date, str, str, str, int]]:
    """Each point's counts per period by nationality, origin and destination (summed over the
    other breakdowns and the sources; "of which" cells left out), by point; `unfinished` as in
    `totals`."""
    statement = (
        select(
            FlowCount.point_id,
            FlowCount.granularity,
            FlowCount.period_start,
            FlowCount.nationality,
            FlowCount.origin,
            FlowCount.destination,
            func.sum(FlowCount.count),
        )
        .where(FlowCount.vulnerability == "")
        .group_by(
            FlowCount.point_id,
            FlowCount.granularity,
            FlowCount.period_start,
            FlowCount.nationality,
            FlowCount.origin,
            FlowCount.destination,
        )
        .order_by(FlowCount.point_id, FlowCount.granularity, FlowCount.period_start)
    )
    if point_ids is not None:
        statement = statement.where(FlowCount.point_id.in_(point_ids))
    if unfinished is not None:
        source, day = unfinished
        statement = statement.where(or_(FlowCount.source != source, FlowCount.period_start < day))
    return [
        (row[0], row[1], row[2], row[3], row[4], row[5], int(row[6]))
        for row in session.execute(statement)
    ]


def series_settings(
    session: Session, point_ids: Sequence[uuid.UUID] | None = None
) -> dict[tuple[uuid.UUID, str], FlowSeries]:
    """The coordinators' settings of sub-series, by point and series key."""
    statement = select(FlowSeries)
    if point_ids is not None:
        statement = statement.where(FlowSeries.point_id.in_(point_ids))
    return {(row.point_id, row.key): row for row in session.scalars(statement)}


def counts(
    session: Session, *, countries: Sequence[str] | None, point_id: uuid.UUID | None = None
) -> list[tuple[FlowCount, FlowPoint]]:
    """Counted cells within reach, with their point, by point and period."""
    statement = _scoped(select(FlowCount, FlowPoint).join(FlowPoint), countries)
    if point_id is not None:
        statement = statement.where(FlowCount.point_id == point_id)
    statement = statement.order_by(FlowPoint.label, FlowCount.period_start, FlowCount.id)
    return [(row[0], row[1]) for row in session.execute(statement)]


def alerts_of(
    session: Session, point_ids: Sequence[uuid.UUID]
) -> dict[tuple[uuid.UUID, str, str, date, str], FlowAlert]:
    """Stored alerts of these points, by point, series, granularity, period and direction."""
    found = {}
    for start in range(0, len(point_ids), 500):
        statement = select(FlowAlert).where(FlowAlert.point_id.in_(point_ids[start : start + 500]))
        for row in session.scalars(statement):
            key = (row.point_id, row.series, row.granularity, row.period_start, row.direction)
            found[key] = row
    return found


def delete_alerts(session: Session, alert_ids: Sequence[uuid.UUID]) -> None:
    """Drop open alerts the detectors no longer raise."""
    if alert_ids:
        session.execute(delete(FlowAlert).where(FlowAlert.id.in_(alert_ids)))


def alerts(
    session: Session,
    *,
    countries: Sequence[str] | None,
    status: str | None = None,
    point_id: uuid.UUID | None = None,
    followed_by: uuid.UUID | None = None,
    limit: int = 100,
) -> list[tuple[FlowAlert, FlowPoint]]:
    """Alerts within reach, newest period first."""
    statement = _scoped(select(FlowAlert, FlowPoint).join(FlowPoint), countries)
    if status is not None:
        statement = statement.where(FlowAlert.status == status)
    if point_id is not None:
        statement = statement.where(FlowAlert.point_id == point_id)
    if followed_by is not None:
        followed = select(FlowFollow.point_id).where(FlowFollow.user_id == followed_by)
        statement = statement.where(FlowAlert.point_id.in_(followed))
    statement = statement.order_by(FlowAlert.period_start.desc(), FlowPoint.label).limit(limit)
    return [(row[0], row[1]) for row in session.execute(statement)]


def alert(session: Session, alert_id: uuid.UUID) -> FlowAlert | None:
    """An alert by id."""
    return session.get(FlowAlert, alert_id)


def follow(session: Session, user_id: uuid.UUID, point_id: uuid.UUID) -> FlowFollow | None:
    """A user's follow of a point."""
    return session.scalar(
        select(FlowFollow).where(FlowFollow.user_id == user_id, FlowFollow.point_id == point_id)
    )


def followers(session: Session, point_id: uuid.UUID) -> list[uuid.UUID]:
    """The users following a point."""
    return list(session.scalars(select(FlowFollow.user_id).where(FlowFollow.point_id == point_id)))


def follower_users(session: Session, point_id: uuid.UUID) -> list[User]:
    """The active users following a point, with their grants."""
    statement = (
        select(User)
        .join(FlowFollow, FlowFollow.user_id == User.id)
        .where(FlowFollow.point_id == point_id, User.is_active.is_(True))
        .options(selectinload(User.grants))
        .order_by(User.email)
    )
    return list(session.scalars(statement))


def unfollow(session: Session, record: FlowFollow) -> None:
    """Stop following."""
    session.delete(record)


def poe_by_code(session: Session, code: str) -> PointOfEntry | None:
    """A point of entry by code."""
    return session.scalar(select(PointOfEntry).where(PointOfEntry.code == code))


def poes_with_coordinates(session: Session) -> list[tuple[str, float, float]]:
    """Every point of entry with coordinates: country, latitude, longitude."""
    statement = select(
        PointOfEntry.country_iso3, PointOfEntry.latitude, PointOfEntry.longitude
    ).where(PointOfEntry.latitude.is_not(None), PointOfEntry.longitude.is_not(None))
    return [(row[0], float(row[1] or 0), float(row[2] or 0)) for row in session.execute(statement)]


def measure_changes(
    session: Session, countries: Sequence[str], starts_on: date, ends_on: date
) -> list[MeasureVersion]:
    """Published measures (current records) of these countries taking effect or ending
    within the window, by date."""
    starts = and_(
        MeasureVersion.effective_from >= starts_on, MeasureVersion.effective_from <= ends_on
    )
    ends = and_(
        MeasureVersion.effective_until >= starts_on, MeasureVersion.effective_until <= ends_on
    )
    statement = (
        select(MeasureVersion)
        .where(
            MeasureVersion.country_iso3.in_(countries),
            in_force_status(),
            current_record(),
            or_(starts, ends),
        )
        .order_by(MeasureVersion.effective_from)
        .limit(50)
    )
    return list(session.scalars(statement))


def poe_status_changes(
    session: Session, countries: Sequence[str], starts_on: date, ends_on: date
) -> list[tuple[PoeStatus, PointOfEntry]]:
    """POE status reports of these countries effective within the window, by date."""
    statement = (
        select(PoeStatus, PointOfEntry)
        .join(PointOfEntry, PointOfEntry.id == PoeStatus.poe_id)
        .where(
            PoeStatus.country_iso3.in_(countries),
            PoeStatus.effective_from >= starts_on,
            PoeStatus.effective_from <= ends_on,
        )
        .order_by(PoeStatus.effective_from)
        .limit(50)
    )
    return [(row[0], row[1]) for row in session.execute(statement)]


def points_of_poes(session: Session, poe_ids: Iterable[uuid.UUID]) -> list[FlowPoint]:
    """The border crossing points linked to these points of entry."""
    wanted = list(set(poe_ids))
    if not wanted:
        return []
    statement = select(FlowPoint).where(
        FlowPoint.poe_id.in_(wanted), FlowPoint.kind == "border_crossing"
    )
    return list(session.scalars(statement))


def linked_points(session: Session) -> list[FlowPoint]:
    """Every border crossing point linked to a point of entry."""
    statement = (
        select(FlowPoint)
        .where(FlowPoint.poe_id.is_not(None), FlowPoint.kind == "border_crossing")
        .order_by(FlowPoint.label)
    )
    return list(session.scalars(statement))


def delete_cells(session: Session, records: Iterable[FlowCount]) -> None:
    """Drop counted cells that no longer hold anything."""
    for record in records:
        session.delete(record)


def crossings_between(
    session: Session, poe_id: uuid.UUID, start: datetime, end: datetime
) -> list[tuple[Any, ...]]:
    """What the counts need of the crossings at a POE in [start, end), refused entries left
    out (nobody crossed): direction, nationality, sex, birth date, origin, final destination,
    moment. No name, no document."""
    statement = (
        select(
            Crossing.direction,
            Traveller.nationality,
            Traveller.sex,
            Traveller.birth_date,
            Crossing.origin_iso3,
            Crossing.final_destination_iso3,
            Crossing.occurred_at,
        )
        .join(Traveller, Traveller.id == Crossing.traveller_id)
        .where(
            Crossing.poe_id == poe_id,
            Crossing.occurred_at >= start,
            Crossing.occurred_at < end,
            Crossing.decision != "refused",
        )
    )
    return [tuple(row) for row in session.execute(statement)]


def crossing_moments(session: Session, poe_id: uuid.UUID) -> list[datetime]:
    """When each crossing at a POE happened (to find the days to count)."""
    statement = select(Crossing.occurred_at).where(Crossing.poe_id == poe_id)
    return list(session.scalars(statement))


def movements_between_places(
    session: Session, *, countries: Sequence[str] | None, first: date, last: date
) -> list[tuple[uuid.UUID, str, date, str, str, int]]:
    """Counts with an origin or a destination whose period starts within [first, last], summed
    per point, granularity, period, origin and destination ("of which" cells left out):
    (point id, granularity, period start, origin, destination, count)."""
    keys = (
        FlowCount.point_id,
        FlowCount.granularity,
        FlowCount.period_start,
        FlowCount.origin,
        FlowCount.destination,
    )
    statement = _scoped(
        select(*keys, func.sum(FlowCount.count))
        .join(FlowPoint, FlowPoint.id == FlowCount.point_id)
        .where(
            FlowCount.vulnerability == "",
            FlowCount.period_start >= first,
            FlowCount.period_start <= last,
            or_(FlowCount.origin != "", FlowCount.destination != ""),
        )
        .group_by(*keys),
        countries,
    )
    return [
        (row[0], row[1], row[2], row[3], row[4], int(row[5])) for row in session.execute(statement)
    ]


def points_by_ids(session: Session, point_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, FlowPoint]:
    """Points by id."""
    wanted = list(set(point_ids))
    found: dict[uuid.UUID, FlowPoint] = {}
    for start in range(0, len(wanted), 500):
        statement = select(FlowPoint).where(FlowPoint.id.in_(wanted[start : start + 500]))
        found.update((row.id, row) for row in session.scalars(statement))
    return found


def countries_located(session: Session, codes: Iterable[str]) -> dict[str, Country]:
    """Countries with these ISO 3166 alpha-3 codes that have a centroid."""
    wanted = sorted({code.upper() for code in codes if len(code) == 3})
    if not wanted:
        return {}
    statement = select(Country).where(
        Country.iso3.in_(wanted), Country.latitude.is_not(None), Country.longitude.is_not(None)
    )
    return {row.iso3: row for row in session.scalars(statement)}


def poes_by_codes(session: Session, codes: Iterable[str]) -> dict[str, PointOfEntry]:
    """Points of entry with these codes and coordinates."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    statement = select(PointOfEntry).where(
        PointOfEntry.code.in_(wanted), PointOfEntry.latitude.is_not(None)
    )
    return {row.code: row for row in session.scalars(statement)}
