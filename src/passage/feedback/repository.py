"""Every query of the feedback domain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Row, Select, Table, delete, false, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from passage.feedback.models import FeedbackAttempt, FeedbackItem, FeedbackPhoto


def add(session: Session, record: object) -> None:
    """Add a new record to the session."""
    session.add(record)


def get(session: Session, item_id: uuid.UUID) -> FeedbackItem | None:
    """An item by id."""
    return session.get(FeedbackItem, item_id)


def by_client_id(session: Session, client_id: str) -> FeedbackItem | None:
    """The item a device (or an export row) already sent under this id."""
    return session.scalar(select(FeedbackItem).where(FeedbackItem.client_id == client_id))


def insert_new(session: Session, values: dict[str, Any]) -> bool:
    """Insert an item (a plain INSERT of its columns, no ORM object) unless its device id,
    staff reference or code hash is taken; whether it was inserted. One statement whatever
    happens: this runs in every public submission."""
    table = cast(Table, FeedbackItem.__table__)
    dialect = session.get_bind().dialect.name
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = make(table).values(values).on_conflict_do_nothing().returning(table.c.id)
    return session.execute(statement).first() is not None


def sent_under(session: Session, client_id: str) -> Row[str, str] | None:
    """The status and code hash of the item already sent under this device id."""
    statement = select(FeedbackItem.status, FeedbackItem.code_hash).where(
        FeedbackItem.client_id == client_id
    )
    return session.execute(statement).first()


def by_code(session: Session, code_hash: str) -> FeedbackItem | None:
    """The item of a tracking code."""
    return session.scalar(select(FeedbackItem).where(FeedbackItem.code_hash == code_hash))


def photos_of(session: Session, item_id: uuid.UUID) -> Sequence[FeedbackPhoto]:
    """An item's photos in the order sent (their content is loaded only when read)."""
    statement = select(FeedbackPhoto).where(FeedbackPhoto.item_id == item_id)
    return session.scalars(statement.order_by(FeedbackPhoto.position)).all()


def photo(session: Session, item_id: uuid.UUID, photo_id: uuid.UUID) -> FeedbackPhoto | None:
    """One photo of an item."""
    found = session.get(FeedbackPhoto, photo_id)
    return found if found is not None and found.item_id == item_id else None


def reference_taken(session: Session, reference: str) -> bool:
    """Whether a staff reference is already used."""
    found = session.scalar(select(FeedbackItem.id).where(FeedbackItem.reference == reference))
    return found is not None


def _overdue(today: date) -> ColumnElement[bool]:
    late_ack = (FeedbackItem.status == "received") & (FeedbackItem.acknowledge_by < today)
    late_close = (FeedbackItem.status != "closed") & (FeedbackItem.close_by < today)
    return or_(late_ack, late_close)


def _visible(
    statement: Select[Any], *, sensitive: bool, countries: Sequence[str] | None
) -> Select[Any]:
    if not sensitive:
        statement = statement.where(FeedbackItem.sensitive == false())
    if countries is not None:
        statement = statement.where(FeedbackItem.country_iso3.in_(countries))
    return statement


def queue(
    session: Session,
    *,
    sensitive: bool,
    countries: Sequence[str] | None,
    filters: dict[str, Any],
    today: date,
    limit: int,
    offset: int,
) -> tuple[list[FeedbackItem], int]:
    """The work queue: items the caller may see, overdue first, then oldest first."""
    statement = _visible(select(FeedbackItem), sensitive=sensitive, countries=countries)
    statement = statement.where(FeedbackItem.spam == bool(filters.get("spam")))
    for name in ("status", "category", "channel"):
        if filters.get(name):
            statement = statement.where(getattr(FeedbackItem, name) == filters[name])
    if filters.get("open_only"):
        statement = statement.where(FeedbackItem.status != "closed")
    if filters.get("overdue"):
        statement = statement.where(_overdue(today))
    if filters.get("assigned_to"):
        statement = statement.where(FeedbackItem.assigned_to == filters["assigned_to"])
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    ordered = statement.order_by(
        _overdue(today).desc(), FeedbackItem.received_on, FeedbackItem.reference
    )
    return list(session.scalars(ordered.limit(limit).offset(offset))), total


def for_report(
    session: Session, *, starts_on: date, ends_on: date, countries: Sequence[str] | None
) -> list[tuple[Any, ...]]:
    """The non-personal columns of every item received in a period (sensitive ones included,
    as counts: reports never show content)."""
    statement = select(
        FeedbackItem.category,
        FeedbackItem.channel,
        FeedbackItem.country_iso3,
        FeedbackItem.language,
        FeedbackItem.received_on,
        FeedbackItem.acknowledged_at,
        FeedbackItem.closed_at,
    ).where(
        FeedbackItem.received_on >= starts_on,
        FeedbackItem.received_on <= ends_on,
        FeedbackItem.spam == false(),
    )
    if countries is not None:
        statement = statement.where(FeedbackItem.country_iso3.in_(countries))
    return [tuple(row) for row in session.execute(statement)]


def count_attempts(session: Session, *, kind: str, key_hash: str, since: datetime) -> int:
    """Attempts of one kind from one source since a time."""
    statement = select(func.count()).where(
        FeedbackAttempt.kind == kind,
        FeedbackAttempt.key_hash == key_hash,
        FeedbackAttempt.at >= since,
    )
    return session.scalar(statement) or 0


def purge_attempts(session: Session, before: datetime) -> None:
    """Forget attempts older than the window."""
    session.execute(delete(FeedbackAttempt).where(FeedbackAttempt.at < before))


def counts(
    session: Session, *, sensitive: bool, countries: Sequence[str] | None, today: date
) -> dict[str, int]:
    """Open and overdue items (spam left out) within reach."""
    base = _visible(
        select(func.count()).select_from(FeedbackItem), sensitive=sensitive, countries=countries
    ).where(FeedbackItem.spam == false(), FeedbackItem.status != "closed")
    return {
        "open": session.scalar(base) or 0,
        "overdue": session.scalar(base.where(_overdue(today))) or 0,
    }
