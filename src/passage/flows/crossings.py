"""Border crossings feeding the counts of the flow monitoring point at their point of entry.

A crossing registered at a POE (border domain) counts, at every point of kind
`border_crossing` linked to that POE (a transit hub or place linked to a POE for scope only,
such as a bus park beside the border post, counts its own people and gets none), in
the cell of its day (UTC), direction (entry: incoming, exit: outgoing), the traveller's
nationality, sex and age band (child under 18 on that day, adult, "" when the birth date is not
known), origin and final destination, under the source `border`. A refused entry is not
counted (nobody crossed). No name, document or id leaves the border domain: only these counts.

The cells of a point and day are computed again from all that day's crossings and replace the
stored ones (cells left empty are dropped), so running it again never adds to them. After each
flush the days of the crossings added, changed or removed are noted; just before the commit
their cells are computed again and the alerts of the points touched judged again, in the same
transaction as the crossings. `sync_point` does every day of a point's POE (a point linked
after its POE's first crossings, `passage flows crossings`).

The detectors judge a day of crossings once it is over (a day still going on would look like a
drop): its counts are shown and exported at once, and judged at the next crossing registered
at the POE on a later day (or by `passage flows alerts`, any later day)."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, UOWTransaction

from passage.border.crossings.models import Crossing
from passage.flows import alerts, repository
from passage.flows.models import BREAKDOWN, FlowCount, FlowPoint
from passage.kit import pending

SOURCE = alerts.BORDER_SOURCE
QUEUE = "flows.crossings"
DIRECTIONS = {"entry": "incoming", "exit": "outgoing"}
SEXES = {"M": "male", "F": "female"}
ADULT_AGE = 18


def age_band(birth_date: date | None, on: date) -> str:
    """`child` under 18 on the day, `adult` from then, "" when the birth date is not known."""
    if birth_date is None:
        return ""
    years = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    return "child" if years < ADULT_AGE else "adult"


def cells_of_day(rows: list[tuple[Any, ...]], day: date) -> Counter[tuple[str, ...]]:
    """The counts of one day's crossings by breakdown (BREAKDOWN order)."""
    found: Counter[tuple[str, ...]] = Counter()
    for direction, nationality, sex, birth_date, origin, destination, _moment in rows:
        key = (
            DIRECTIONS.get(direction, direction),
            nationality or "",
            SEXES.get(sex or "", ""),
            age_band(birth_date, day),
            origin or "",
            destination or "",
            "",
            "",
        )
        found[key] += 1
    return found


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(), tzinfo=UTC)
    return start, start + timedelta(days=1)


def count_day(session: Session, point: FlowPoint, day: date) -> None:
    """Compute a point's border cells of one day again from its POE's crossings."""
    assert point.poe_id is not None
    rows = repository.crossings_between(session, point.poe_id, *_day_bounds(day))
    wanted = cells_of_day(rows, day)
    stored = repository.cells(session, point.id, "day", day, SOURCE)
    for key, count in wanted.items():
        cell = stored.pop(key, None)
        if cell is None:
            breakdown = dict(zip(BREAKDOWN, key, strict=True))
            repository.add(
                session,
                FlowCount(
                    point_id=point.id,
                    granularity="day",
                    period_start=day,
                    source=SOURCE,
                    count=count,
                    **breakdown,
                ),
            )
        elif cell.count != count:
            cell.count = count
    repository.delete_cells(session, stored.values())


def count_days(session: Session, poe_days: set[tuple[uuid.UUID, date]]) -> list[uuid.UUID]:
    """Compute again the border cells of these POE days at every linked point; the points."""
    points = repository.points_of_poes(session, {poe_id for poe_id, _day in poe_days})
    for point in points:
        for poe_id, day in sorted(poe_days):
            if poe_id == point.poe_id:
                count_day(session, point, day)
    session.flush()
    touched = sorted(point.id for point in points)
    if touched:
        alerts.refresh(session, point_ids=touched)
    return touched


def sync_point(session: Session, point: FlowPoint) -> int:
    """Compute every day of the point's POE again (a newly linked point); the days counted."""
    if point.poe_id is None or point.kind != "border_crossing":
        return 0
    moments = repository.crossing_moments(session, point.poe_id)
    days = {moment.astimezone(UTC).date() for moment in moments}
    for day in sorted(days):
        count_day(session, point, day)
    session.flush()
    if days:
        alerts.refresh(session, point_ids=[point.id])
    return len(days)


def sync_all(session: Session) -> dict[str, int]:
    """Compute the border cells of every linked point again (`passage flows crossings`)."""
    points = repository.linked_points(session)
    days = sum(sync_point(session, point) for point in points)
    return {"points": len(points), "days": days}


def _days_of(crossing: Crossing) -> set[tuple[uuid.UUID, date]]:
    """The POE days a crossing counts in, before and after this flush's change."""
    state = inspect(crossing)
    poes = set(state.attrs.poe_id.history.sum()) or {crossing.poe_id}
    moments = set(state.attrs.occurred_at.history.sum()) or {crossing.occurred_at}
    return {
        (poe_id, moment.astimezone(UTC).date() if moment.tzinfo else moment.date())
        for poe_id in poes
        for moment in moments
        if poe_id is not None and moment is not None
    }


def _note(session: Session, _context: UOWTransaction) -> None:
    """After each flush, note the POE days of the crossings added, changed or removed."""
    for record in (*session.new, *session.dirty, *session.deleted):
        if isinstance(record, Crossing):
            for poe_day in _days_of(record):
                pending.queue(session, QUEUE, poe_day)


def _write(session: Session) -> None:
    """Before the commit: count the noted days again."""
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(record, Crossing) for record in changed):
        session.flush()  # the commit's own flush comes after this writer: note them first
    noted = set(pending.take(session, QUEUE))
    if noted:
        count_days(session, noted)
        pending.take(session, QUEUE)  # this writer's own flushes touch no crossing


def install() -> None:
    """Count crossings as they are registered (called once, when flows is installed)."""
    if not event.contains(Session, "after_flush", _note):
        event.listen(Session, "after_flush", _note)
    pending.register_writer(QUEUE, _write, rank=5)
