"""Every query of alert lists, listed persons and documents, and screening hits."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, func, insert, or_, select, update
from sqlalchemy.orm import Session

from passage.border.alerts.models import AlertList, AlertPerson, LostDocument, ScreeningHit
from passage.border.crossings.models import Crossing, TravelDocument, Traveller
from passage.geo.models import PointOfEntry
from passage.kit.clock import utcnow

STREAM_BATCH = 5000
Listed = Row[*tuple[Any, ...]]  # a plain row of named columns


def get_list(session: Session, list_id: uuid.UUID) -> AlertList | None:
    """One alert list by id."""
    return session.get(AlertList, list_id)


def get_list_by_name(session: Session, name: str) -> AlertList | None:
    """One alert list by its unique name."""
    return session.scalars(select(AlertList).where(AlertList.name == name)).first()


def list_lists(session: Session) -> Sequence[AlertList]:
    """Every alert list, by name."""
    return session.scalars(select(AlertList).order_by(AlertList.name)).all()


def _valid_on(model: type[AlertPerson] | type[LostDocument], day: date) -> ColumnElement[bool]:
    """Rows not removed whose validity period covers `day` (open ends allowed; documents
    have no start)."""
    ends = and_(
        model.removed_at.is_(None), or_(model.valid_until.is_(None), model.valid_until >= day)
    )
    if model is AlertPerson:
        return and_(or_(AlertPerson.valid_from.is_(None), AlertPerson.valid_from <= day), ends)
    return ends


def entry_counts(session: Session, day: date) -> dict[uuid.UUID, tuple[int, int]]:
    """Per list: (entries, entries valid on `day`)."""
    counts: dict[uuid.UUID, tuple[int, int]] = {}
    for model in (AlertPerson, LostDocument):
        valid = func.count().filter(_valid_on(model, day))
        query = (
            select(model.list_id, func.count(), valid)
            .where(model.removed_at.is_(None))
            .group_by(model.list_id)
        )
        for list_id, total, valid_total in session.execute(query):
            counts[list_id] = (total, valid_total)
    return counts


def persons_by_ref(session: Session, list_id: uuid.UUID) -> dict[str, AlertPerson]:
    """The listed persons of a list, by their external reference."""
    rows = session.scalars(select(AlertPerson).where(AlertPerson.list_id == list_id))
    return {row.external_ref: row for row in rows}


def documents_by_ref(session: Session, list_id: uuid.UUID) -> dict[str, LostDocument]:
    """The listed documents of a list, by their external reference."""
    rows = session.scalars(select(LostDocument).where(LostDocument.list_id == list_id))
    return {row.external_ref: row for row in rows}


def change_marker(session: Session) -> tuple[Any, ...]:
    """A cheap fingerprint of every alert table: it changes whenever a row is added, changed
    or deleted (count, newest update, and the sum of versions, which grows on every update)."""
    marker: list[Any] = []
    for model in (AlertList, AlertPerson, LostDocument):
        query = select(func.count(), func.max(model.updated_at), func.sum(model.version))
        marker.extend(session.execute(query).one())
    return tuple(str(value) for value in marker)


def stream_screenable_persons(session: Session, day: date) -> Iterator[tuple[Any, ...]]:
    """(id, names, birth date, nationality, gender, document numbers) of every person valid on
    `day` in an active person list."""
    query = (
        select(
            AlertPerson.id,
            AlertPerson.names,
            AlertPerson.birth_date_text,
            AlertPerson.nationality,
            AlertPerson.gender,
            AlertPerson.document_numbers,
        )
        .join(AlertList, AlertList.id == AlertPerson.list_id)
        .where(
            AlertList.is_active.is_(True), AlertList.kind == "person", _valid_on(AlertPerson, day)
        )
        .execution_options(yield_per=STREAM_BATCH)
    )
    for row in session.execute(query):
        yield tuple(row)


def stream_screenable_documents(session: Session, day: date) -> Iterator[tuple[Any, ...]]:
    """(id, number, issuing state) of every document valid on `day` in an active list."""
    query = (
        select(LostDocument.id, LostDocument.document_number, LostDocument.issuing_state)
        .join(AlertList, AlertList.id == LostDocument.list_id)
        .where(AlertList.is_active.is_(True), AlertList.kind == "document")
        .where(_valid_on(LostDocument, day))
        .execution_options(yield_per=STREAM_BATCH)
    )
    for row in session.execute(query):
        yield tuple(row)


def screenable_persons(
    session: Session, ids: Sequence[uuid.UUID], day: date
) -> dict[uuid.UUID, Listed]:
    """The given persons that are still screenable today: id, external_ref, reason and their
    list's list_id and list_name (plain rows: this is on every registration's path)."""
    if not ids:
        return {}
    query = (
        select(
            AlertPerson.id,
            AlertPerson.external_ref,
            AlertPerson.reason,
            AlertList.id.label("list_id"),
            AlertList.name.label("list_name"),
            AlertList.threshold.label("list_threshold"),
        )
        .join(AlertList, AlertList.id == AlertPerson.list_id)
        .where(AlertPerson.id.in_(ids), AlertList.is_active.is_(True))
        .where(_valid_on(AlertPerson, day))
    )
    return {row.id: row for row in session.execute(query)}


def lowest_list_threshold(session: Session) -> float | None:
    """The lowest threshold an active person list sets (None: none sets one)."""
    query = select(func.min(AlertList.threshold)).where(
        AlertList.is_active.is_(True), AlertList.kind == "person"
    )
    return session.execute(query).scalar_one_or_none()


def screenable_documents(
    session: Session, ids: Sequence[uuid.UUID], day: date
) -> dict[uuid.UUID, Listed]:
    """The given listed documents that are still screenable today: id, external_ref, reason,
    document_number, issuing_state and their list's list_id and list_name."""
    if not ids:
        return {}
    query = (
        select(
            LostDocument.id,
            LostDocument.external_ref,
            LostDocument.reason,
            LostDocument.document_number,
            LostDocument.issuing_state,
            AlertList.id.label("list_id"),
            AlertList.name.label("list_name"),
        )
        .join(AlertList, AlertList.id == LostDocument.list_id)
        .where(LostDocument.id.in_(ids), AlertList.is_active.is_(True))
        .where(_valid_on(LostDocument, day))
    )
    return {row.id: row for row in session.execute(query)}


def get_crossing(session: Session, crossing_id: uuid.UUID) -> Crossing | None:
    """One crossing by id."""
    return session.get(Crossing, crossing_id)


def get_poe(session: Session, poe_id: uuid.UUID) -> PointOfEntry | None:
    """The point of entry of a crossing."""
    return session.get(PointOfEntry, poe_id)


def get_hit(session: Session, hit_id: uuid.UUID) -> ScreeningHit | None:
    """One screening hit by id."""
    return session.get(ScreeningHit, hit_id)


def hits_for_crossing(session: Session, crossing_id: uuid.UUID) -> Sequence[ScreeningHit]:
    """The hits of a crossing, best score first."""
    query = (
        select(ScreeningHit)
        .where(ScreeningHit.crossing_id == crossing_id)
        .order_by(ScreeningHit.score.desc(), ScreeningHit.id)
    )
    return session.scalars(query).all()


def insert_hits(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert screening hits in one statement (no ORM objects: the registration hot path)."""
    session.execute(insert(ScreeningHit), rows)


def open_hit_count(session: Session, crossing_id: uuid.UUID) -> int:
    """How many hits of a crossing are still to be resolved."""
    query = select(func.count()).where(
        ScreeningHit.crossing_id == crossing_id, ScreeningHit.status == "open"
    )
    return session.execute(query).scalar_one()


def get_person(session: Session, person_id: uuid.UUID) -> AlertPerson | None:
    """One listed person by id."""
    return session.get(AlertPerson, person_id)


def get_document_entry(session: Session, document_id: uuid.UUID) -> LostDocument | None:
    """One listed lost or stolen document by id."""
    return session.get(LostDocument, document_id)


def get_traveller(session: Session, traveller_id: uuid.UUID) -> Traveller | None:
    """One traveller by id."""
    return session.get(Traveller, traveller_id)


def get_travel_document(session: Session, document_id: uuid.UUID) -> TravelDocument | None:
    """One travel document by id."""
    return session.get(TravelDocument, document_id)


def standing_false_positives(
    session: Session, traveller_id: uuid.UUID, listed_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, ScreeningHit]:
    """This traveller's hits resolved as false positives, by listed person or document id,
    whose listed entry has not changed since the resolution (latest resolution first)."""
    if not listed_ids:
        return {}
    listed_changed = func.coalesce(AlertPerson.updated_at, LostDocument.updated_at)
    query = (
        select(ScreeningHit)
        .join(Crossing, Crossing.id == ScreeningHit.crossing_id)
        .outerjoin(AlertPerson, AlertPerson.id == ScreeningHit.alert_person_id)
        .outerjoin(LostDocument, LostDocument.id == ScreeningHit.lost_document_id)
        .where(
            Crossing.traveller_id == traveller_id,
            ScreeningHit.status == "false_positive",
            or_(
                ScreeningHit.alert_person_id.in_(listed_ids),
                ScreeningHit.lost_document_id.in_(listed_ids),
            ),
            listed_changed <= ScreeningHit.resolved_at,
        )
        .order_by(ScreeningHit.resolved_at.desc(), ScreeningHit.id)
    )
    found: dict[uuid.UUID, ScreeningHit] = {}
    for hit in session.scalars(query):
        listed_id = hit.alert_person_id or hit.lost_document_id
        if listed_id is not None:
            found.setdefault(listed_id, hit)
    return found


EntryModel = type[AlertPerson] | type[LostDocument]


def _entries_of(model: EntryModel, list_id: uuid.UUID, ref: str | None) -> Select[Any]:
    statement = select(model).where(model.list_id == list_id, model.removed_at.is_(None))
    if ref:
        statement = statement.where(model.external_ref.startswith(ref, autoescape=True))
    return statement


def entries(
    session: Session,
    model: EntryModel,
    list_id: uuid.UUID,
    *,
    ref: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[Sequence[AlertPerson | LostDocument], int]:
    """A page of a list's entries not removed (by reference prefix), by reference, and the total."""
    statement = _entries_of(model, list_id, ref)
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    page = statement.order_by(model.external_ref).limit(limit).offset(offset)
    return session.scalars(page).all(), total


def every_entry(
    session: Session, model: EntryModel, list_id: uuid.UUID
) -> Iterator[AlertPerson | LostDocument]:
    """Every entry of a list not removed, by reference, read in batches (exports)."""
    statement = _entries_of(model, list_id, None).order_by(model.external_ref)
    yield from session.scalars(statement.execution_options(yield_per=1000))


def get_entry(
    session: Session, model: EntryModel, entry_id: uuid.UUID
) -> AlertPerson | LostDocument | None:
    """An entry of a list by id, removed or not."""
    if model is AlertPerson:
        return session.get(AlertPerson, entry_id)
    return session.get(LostDocument, entry_id)


def touch_entries(session: Session, alert_list: AlertList) -> None:
    """Mark every entry of a list changed now (field nodes fetch changed rows by time)."""
    model = AlertPerson if alert_list.kind == "person" else LostDocument
    statement = update(model).where(model.list_id == alert_list.id).values(updated_at=utcnow())
    session.execute(statement.execution_options(synchronize_session=False))
