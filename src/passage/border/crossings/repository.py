"""Every query of point-of-entry operations: travellers, documents, crossings, statistics."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    Select,
    Text,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from passage.access import PoeScope
from passage.border.alerts.models import ScreeningHit
from passage.border.crossings.models import Crossing, CrossingDecision, TravelDocument, Traveller
from passage.geo.models import PointOfEntry
from passage.geo.repository import poe_scoped
from passage.kit import atrest


def _scoped(query: Select[Any], scope: PoeScope | None) -> Select[Any]:
    return poe_scoped(query, Crossing.poe_id, scope)


def day_bounds(on: date) -> tuple[datetime, datetime | None]:
    """The UTC start of a day and of the next one (None after the last representable day)."""
    start = datetime.combine(on, time(0), tzinfo=UTC)
    try:
        return start, start + timedelta(days=1)
    except OverflowError:
        return start, None


def _on_day(on: date) -> ColumnElement[bool]:
    start, end = day_bounds(on)
    if end is None:
        return Crossing.occurred_at >= start
    return and_(Crossing.occurred_at >= start, Crossing.occurred_at < end)


# ---------------------------------------------------------------- travellers and documents


def document_with_traveller(
    session: Session, *, issuing_state: str, document_code: str, document_number: str
) -> tuple[TravelDocument, Traveller] | None:
    """A known document and its holder, in one query."""
    query = (
        select(TravelDocument, Traveller)
        .join(Traveller, Traveller.id == TravelDocument.traveller_id)
        .where(
            TravelDocument.issuing_state == issuing_state,
            TravelDocument.document_code == document_code,
            TravelDocument.document_number == document_number,
        )
    )
    row = session.execute(query).first()
    return (row[0], row[1]) if row else None


def traveller_by_identity(
    session: Session,
    *,
    name_key: str,
    birth_date: date | None,
    birth_date_text: str | None,
    nationality: str | None,
) -> Traveller | None:
    """The earliest traveller with the same normalised name, birth date and nationality."""
    birth = (
        Traveller.birth_date == birth_date
        if birth_date
        else Traveller.birth_date_text == birth_date_text
    )
    query = (
        select(Traveller)
        .where(Traveller.name_key == name_key, birth)
        .where(
            Traveller.nationality == nationality if nationality else Traveller.nationality.is_(None)
        )
        .order_by(Traveller.created_at)
        .limit(1)
    )
    return session.scalars(query).first()


def get_traveller(session: Session, traveller_id: uuid.UUID) -> Traveller | None:
    """A traveller by id."""
    return session.get(Traveller, traveller_id)


def traveller_documents(session: Session, traveller_id: uuid.UUID) -> Sequence[TravelDocument]:
    """A traveller's documents, newest first."""
    query = (
        select(TravelDocument)
        .where(TravelDocument.traveller_id == traveller_id)
        .order_by(TravelDocument.created_at.desc())
    )
    return session.scalars(query).all()


def traveller_crossings(
    session: Session, traveller_id: uuid.UUID, scope: PoeScope | None, limit: int = 200
) -> Sequence[Crossing]:
    """A traveller's crossings within the scope, newest first."""
    query = (
        select(Crossing)
        .where(Crossing.traveller_id == traveller_id)
        .order_by(Crossing.occurred_at.desc())
        .limit(limit)
    )
    return session.scalars(_scoped(query, scope)).all()


# ---------------------------------------------------------------- crossings


def get_crossing(session: Session, crossing_id: uuid.UUID) -> Crossing | None:
    """A crossing by id."""
    return session.get(Crossing, crossing_id)


def crossing_with_party(
    session: Session, crossing_id: uuid.UUID
) -> tuple[Crossing, Traveller, TravelDocument | None] | None:
    """A crossing with its traveller and document, in one query."""
    query = (
        select(Crossing, Traveller, TravelDocument)
        .join(Traveller, Traveller.id == Crossing.traveller_id)
        .outerjoin(TravelDocument, TravelDocument.id == Crossing.document_id)
        .where(Crossing.id == crossing_id)
    )
    row = session.execute(query).first()
    return (row[0], row[1], row[2]) if row else None


def _exit_of(entry: Any) -> ColumnElement[bool]:
    """An exit linked to the entry (through the traveller index: exits of the same person)."""
    exit_ = aliased(Crossing)
    return exists().where(
        exit_.traveller_id == entry.traveller_id,
        exit_.linked_entry_id == entry.id,
    )


def open_entry(session: Session, traveller_id: uuid.UUID, before: datetime) -> Crossing | None:
    """The traveller's latest entry at or before a moment that has no exit linked to it."""
    query = (
        select(Crossing)
        .where(
            Crossing.traveller_id == traveller_id,
            Crossing.direction == "entry",
            Crossing.occurred_at <= before,
            ~_exit_of(Crossing),
        )
        .order_by(Crossing.occurred_at.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def search_crossings(
    session: Session,
    *,
    scope: PoeScope | None,
    poe_id: uuid.UUID | None = None,
    direction: str | None = None,
    on: date | None = None,
    decision: str | None = None,
    screening_status: str | None = None,
    traveller_ids: Collection[uuid.UUID] | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[Sequence[Crossing], int]:
    """Crossings in scope matching the filters, newest first, and the total count."""
    conditions: list[ColumnElement[bool]] = []
    if traveller_ids is not None:
        conditions.append(Crossing.traveller_id.in_(set(traveller_ids)))
    if screening_status:
        conditions.append(Crossing.screening_status == screening_status)
    if poe_id:
        conditions.append(Crossing.poe_id == poe_id)
    if direction:
        conditions.append(Crossing.direction == direction)
    if on:
        conditions.append(_on_day(on))
    if decision:
        conditions.append(Crossing.decision == decision)
    base = _scoped(select(Crossing).where(*conditions), scope)
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
    page = base.order_by(Crossing.occurred_at.desc(), Crossing.id.desc()).limit(limit)
    return session.scalars(page.offset(offset)).all(), total


def work_queue_counts(session: Session, *, scope: PoeScope | None) -> dict[str, int]:
    """Crossings in scope with alert hits still open, and crossings still waiting for a decision."""
    query: Any = select(
        func.count().filter(Crossing.screening_status == "open_hits"),
        func.count().filter(Crossing.decision == "pending"),
    ).where((Crossing.screening_status == "open_hits") | (Crossing.decision == "pending"))
    open_hits, pending = session.execute(_scoped(query, scope)).one()
    return {"open_hits": open_hits or 0, "pending": pending or 0}


def travellers_in_scope(
    session: Session, *, scope: PoeScope | None, name_fragments: Sequence[str], limit: int
) -> Sequence[Traveller]:
    """Travellers who crossed at a POE of the scope and whose normalised name contains one of
    the fragments (upper-case Latin letters), the most recently seen first."""
    crossed = _scoped(select(Crossing.traveller_id), scope).group_by(Crossing.traveller_id)
    latest = crossed.add_columns(func.max(Crossing.occurred_at).label("latest")).subquery()
    query = (
        select(Traveller)
        .join(latest, latest.c.traveller_id == Traveller.id)
        .where(_name_holds(session, name_fragments))
        .order_by(latest.c.latest.desc())
        .limit(limit)
    )
    return session.scalars(query).all()


def _name_holds(session: Session, fragments: Sequence[str]) -> ColumnElement[bool]:
    """Names holding one of the fragments: in the normalised name, or on a field node whose
    names are encrypted, in the keyed hashes of their words' first letters (kit.atrest)."""
    ring = atrest.session_keyring(session)
    if not ring.enabled:
        return or_(*(Traveller.name_key.contains(part) for part in fragments))
    terms = [literal(atrest.search_term(ring, part), Text) for part in fragments]
    return or_(*(Traveller.name_index.contains(term) for term in terms))


def travellers_by_document(
    session: Session, *, scope: PoeScope | None, document_number: str
) -> set[uuid.UUID]:
    """Travellers holding a document of that number who crossed at a POE of the scope."""
    query = (
        select(TravelDocument.traveller_id)
        .join(Crossing, Crossing.traveller_id == TravelDocument.traveller_id)
        .where(TravelDocument.document_number == document_number)
    )
    return set(session.scalars(_scoped(query, scope)).all())


def add_decision(session: Session, decision: CrossingDecision) -> None:
    """Add one entry to a crossing's decision history."""
    session.add(decision)
    session.flush()


def decisions_of(session: Session, crossing_id: uuid.UUID) -> Sequence[CrossingDecision]:
    """A crossing's decisions, oldest first."""
    query = (
        select(CrossingDecision)
        .where(CrossingDecision.crossing_id == crossing_id)
        .order_by(CrossingDecision.decided_at, CrossingDecision.id)
    )
    return session.scalars(query).all()


def travellers_by_id(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Traveller]:
    """The travellers of a page of crossings, by id (one query)."""
    if not ids:
        return {}
    found = session.scalars(select(Traveller).where(Traveller.id.in_(set(ids))))
    return {traveller.id: traveller for traveller in found}


def open_hit_count(session: Session, crossing_id: uuid.UUID) -> int:
    """How many screening hits of a crossing still wait for an officer."""
    query = select(func.count()).where(
        ScreeningHit.crossing_id == crossing_id, ScreeningHit.status == "open"
    )
    return session.scalar(query) or 0


def open_entries_with_allowance(
    session: Session, *, scope: PoeScope | None, poe_id: uuid.UUID | None, on: date
) -> Sequence[Crossing]:
    """Entries before `on` with an allowed stay and no exit recorded by the end of `on`."""
    start, end = day_bounds(on)
    exit_ = aliased(Crossing)
    exited = exists().where(
        exit_.traveller_id == Crossing.traveller_id,
        exit_.linked_entry_id == Crossing.id,
        exit_.occurred_at < end if end else true(),
    )
    query = select(Crossing).where(
        Crossing.direction == "entry",
        Crossing.allowed_stay_days.is_not(None),
        Crossing.occurred_at < start,
        ~exited,
    )
    if poe_id:
        query = query.where(Crossing.poe_id == poe_id)
    return session.scalars(_scoped(query.order_by(Crossing.occurred_at), scope)).all()


def departures_without_entry(
    session: Session,
    *,
    scope: PoeScope | None,
    poe_id: uuid.UUID | None,
    limit: int,
    offset: int,
) -> tuple[Sequence[Crossing], int]:
    """Exits not linked to any recorded entry, newest first, and the total count."""
    query = select(Crossing).where(Crossing.direction == "exit", Crossing.linked_entry_id.is_(None))
    if poe_id:
        query = query.where(Crossing.poe_id == poe_id)
    query = _scoped(query, scope)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = query.order_by(Crossing.occurred_at.desc()).limit(limit).offset(offset)
    return session.scalars(page).all(), total


# ---------------------------------------------------------------- statistics


def _day_expression(dialect: str) -> ColumnElement[Any]:
    """The UTC calendar day of a crossing."""
    if dialect == "postgresql":
        return cast(func.timezone("UTC", Crossing.occurred_at), Date)
    return func.date(Crossing.occurred_at)


def _age_expression(dialect: str, day: ColumnElement[Any]) -> ColumnElement[Any]:
    """The traveller's age in whole years on the day of the crossing."""
    if dialect == "postgresql":
        return cast(func.date_part("year", func.age(day, Traveller.birth_date)), Integer)
    years = cast(func.strftime("%Y", day), Integer) - cast(
        func.strftime("%Y", Traveller.birth_date), Integer
    )
    before_birthday = func.strftime("%m-%d", day) < func.strftime("%m-%d", Traveller.birth_date)
    return years - case((before_birthday, 1), else_=0)


def _age_band(age: ColumnElement[Any]) -> ColumnElement[Any]:
    return case(
        (Traveller.birth_date.is_(None), "unknown"),
        (age < 18, "0-17"),
        (age < 60, "18-59"),
        else_="60+",
    )


def _group_columns(dialect: str, group_by: Sequence[str]) -> dict[str, ColumnElement[Any]]:
    day = _day_expression(dialect)
    columns: dict[str, ColumnElement[Any]] = {
        "poe": func.coalesce(PointOfEntry.code, ""),
        "day": day,
        "nationality": func.coalesce(Traveller.nationality, "unknown"),
        "sex": func.coalesce(Traveller.sex, "unknown"),
        "age_band": _age_band(_age_expression(dialect, day)),
    }
    return {key: columns[key].label(key) for key in group_by}


def crossing_counts(
    session: Session,
    *,
    scope: PoeScope | None,
    poe_id: uuid.UUID | None,
    date_from: date,
    date_to: date,
    group_by: Sequence[str],
) -> list[dict[str, Any]]:
    """Entries and exits per combination of the grouping keys over a range of UTC days."""
    dialect = session.get_bind().dialect.name
    columns = _group_columns(dialect, group_by)
    start, _ = day_bounds(date_from)
    _, end = day_bounds(date_to)
    entries = func.sum(case((Crossing.direction == "entry", 1), else_=0)).label("entries")
    exits = func.sum(case((Crossing.direction == "exit", 1), else_=0)).label("exits")
    query: Select[Any] = (
        select(*columns.values(), entries, exits)
        .select_from(Crossing)
        .join(Traveller, Traveller.id == Crossing.traveller_id)
        .join(PointOfEntry, PointOfEntry.id == Crossing.poe_id)
        .where(Crossing.occurred_at >= start)
    )
    if end is not None:
        query = query.where(Crossing.occurred_at < end)
    if poe_id:
        query = query.where(Crossing.poe_id == poe_id)
    query = _scoped(query, scope)
    if columns:
        query = query.group_by(*columns.values()).order_by(*columns.values())
    return [dict(row._mapping) for row in session.execute(query)]
