"""Grouped queries behind the Global Mobility Restriction Overview (no rows are loaded)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select, true
from sqlalchemy.orm import Session

from passage.geo.models import Country, PointOfEntry
from passage.kit.clock import as_utc
from passage.restrictions.models import MeasureVersion, PoeStatus
from passage.restrictions.taxonomy import MeasureStatus
from passage.restrictions.vocabulary import (
    as_recorded_at,
    in_force_on,
    in_force_status,
    is_in_force_on,
)

V = MeasureVersion
# mark_verified() records a version with this note; a re-verification is not a change.
VERIFICATION_NOTE = "verified"


@dataclass(frozen=True)
class WindowCounts:
    """Measures that started, were lifted, or otherwise ended within the k days ending on D."""

    new: int = 0
    lifted: int = 0
    expired: int = 0


@dataclass(frozen=True)
class MeasureGroup:
    """Measures in force on a date for one country, class and type."""

    country: str
    name: str | None
    region_code: int | None
    region_name: str | None
    measure_class: str
    measure_type: str
    measures: int
    max_level: int
    stale: int
    last_verified_on: date | None


def _sum(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _window_columns(on: date, days: int) -> list[Any]:
    """new: effective_from in D-days+1..D; lifted/expired: last day in D-days..D-1."""
    started = V.effective_from >= on - timedelta(days=days - 1)
    ended = and_(V.effective_until >= on - timedelta(days=days), V.effective_until < on)
    lifted = V.status == MeasureStatus.LIFTED.value
    return [_sum(started), _sum(and_(ended, lifted)), _sum(and_(ended, ~lifted))]


def measure_groups(
    session: Session, *, on: date, verified_since: date, known_at: datetime | None = None
) -> list[MeasureGroup]:
    """Measures in force on a date grouped by country, class and type: how many, the highest
    level, how many are stale, the latest verification on or before the date; as recorded at
    `known_at` (None: as known now)."""
    stale = or_(V.last_verified_on.is_(None), V.last_verified_on < verified_since)
    verified = case((V.last_verified_on <= on, V.last_verified_on))
    # Grouping on an expression, not the indexed column, keeps SQLite on one sequential scan
    # (walking the (country, ...) index and fetching each row is several times slower).
    keys = (V.country_iso3.concat("").label("country_iso3"), V.measure_class, V.measure_type)
    counts = (
        select(
            *keys,
            func.count().label("measures"),
            func.max(V.level).label("max_level"),
            _sum(stale).label("stale"),
            func.max(verified).label("last_verified_on"),
        )
        .where(as_recorded_at(known_at), in_force_on(on))
        .group_by(*keys)
        .subquery()
    )
    # Join the few grouped rows (not every version) to their country.
    statement = select(
        counts.c.country_iso3,
        Country.name_en,
        Country.region_code,
        Country.region_name,
        *list(counts.c)[1:],
    ).outerjoin(Country, Country.iso3 == counts.c.country_iso3)
    return [MeasureGroup(*row) for row in session.execute(statement)]


def window_counts(
    session: Session,
    *,
    on: date,
    windows: tuple[int, ...] = (1, 7),
    known_at: datetime | None = None,
) -> dict[int, WindowCounts]:
    """Per window of days ending on D: measures new, lifted and otherwise ended (one pass)."""
    widest = max(windows)
    started = V.effective_from >= on - timedelta(days=widest - 1)
    ended = and_(V.effective_until >= on - timedelta(days=widest), V.effective_until < on)
    columns = [column for days in windows for column in _window_columns(on, days)]
    statement = select(*columns).where(
        as_recorded_at(known_at), in_force_status(), V.effective_from <= on, or_(started, ended)
    )
    row = [int(value) for value in session.execute(statement).one()]
    return {days: WindowCounts(*row[3 * i : 3 * i + 3]) for i, days in enumerate(windows)}


def end_of_day(day: date) -> datetime:
    """The first moment after a UTC calendar day ("as known on D" = recorded before this)."""
    return _day_start(day + timedelta(days=1)) - timedelta(microseconds=1)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def changed_measures(
    session: Session, *, on: date, windows: tuple[int, ...] = (1, 7)
) -> dict[int, int]:
    """Per window: measures in force on D with a later version (not a mere re-verification)
    recorded during the `days` UTC calendar days ending on D.

    Two small queries rather than one join: the edits of the window are few (found through the
    (country, recorded_at) index), and only their measures' current versions are then checked."""
    end = _day_start(on + timedelta(days=1))
    starts = {days: _day_start(on - timedelta(days=days - 1)) for days in windows}
    countries = select(Country.iso3).scalar_subquery()
    edits = session.execute(
        select(V.measure_id, V.recorded_at).where(
            V.country_iso3.in_(countries),
            V.version_no > 1,
            V.recorded_at >= min(starts.values()),
            V.recorded_at < end,
            func.coalesce(V.change_note, "") != VERIFICATION_NOTE,
        )
    ).all()
    measure_ids = list({measure_id for measure_id, _ in edits})
    in_force: set[Any] = set()
    for first in range(0, len(measure_ids), 500):
        chunk = measure_ids[first : first + 500]
        # Only the measure_id predicate in SQL, so both backends look the few ids up by index;
        # whether the current version is in force on D is checked here.
        statement = select(
            V.measure_id, V.is_current, V.status, V.effective_from, V.effective_until
        ).where(V.measure_id.in_(chunk))
        in_force.update(
            row.measure_id
            for row in session.execute(statement)
            if row.is_current and is_in_force_on(row, on)
        )
    return {
        days: len({m for m, recorded in edits if m in in_force and as_utc(recorded) >= start})
        for days, start in starts.items()
    }


def countries_by_region(session: Session) -> list[tuple[int | None, str | None, int]]:
    """How many countries each UN M49 region holds."""
    statement = select(Country.region_code, Country.region_name, func.count()).group_by(
        Country.region_code, Country.region_name
    )
    return list(session.execute(statement))


def active_poe_count(session: Session) -> int:
    """How many points of entry are active."""
    statement = select(func.count()).select_from(PointOfEntry).where(PointOfEntry.is_active)
    return int(session.scalar(statement) or 0)


def poe_status_counts(
    session: Session, *, on: date, updated_since: date, known_at: datetime | None = None
) -> list[tuple[str, int, int]]:
    """Active POEs by their latest status report effective on a date: (status, POEs, of which
    updated — reported or verified — on or after `updated_since`). Status reports are never
    changed (a correction is a new report), so their recorded time is `created_at`: with
    `known_at`, only the reports recorded by then count (what was known on that day)."""
    known = PoeStatus.created_at <= known_at if known_at is not None else true()
    rank = (
        func.row_number()
        .over(
            partition_by=PoeStatus.poe_id,
            order_by=(
                PoeStatus.effective_from.desc(),
                PoeStatus.created_at.desc(),
                PoeStatus.id.desc(),
            ),
        )
        .label("rank")
    )
    latest = (
        select(
            PoeStatus.poe_id,
            PoeStatus.status,
            PoeStatus.effective_from,
            PoeStatus.last_verified_on,
            rank,
        )
        .where(PoeStatus.effective_from <= on, known)
        .subquery()
    )
    updated = or_(
        latest.c.effective_from >= updated_since,
        and_(latest.c.last_verified_on >= updated_since, latest.c.last_verified_on <= on),
    )
    statement = (
        select(latest.c.status, func.count(), _sum(updated))
        .join(PointOfEntry, PointOfEntry.id == latest.c.poe_id)
        .where(latest.c.rank == 1, PointOfEntry.is_active)
        .group_by(latest.c.status)
    )
    return [(status, int(n), int(fresh)) for status, n, fresh in session.execute(statement)]
