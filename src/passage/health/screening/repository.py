"""Every query of screening: criteria revisions, screenings in scope, and the crossing a
screening starts from (whose health clearance it sets)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any, TypeAlias

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from passage.access import PoeScope
from passage.border.crossings.models import Crossing, TravelDocument, Traveller
from passage.geo.repository import poe_scoped
from passage.health.screening.models import DiseaseCriteria, HealthScreening

AnySelect: TypeAlias = Select[*tuple[Any, ...]]


def _page(session: Session, statement: AnySelect, limit: int, offset: int) -> tuple[list[Any], int]:
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    return list(session.scalars(statement.limit(limit).offset(offset))), total or 0


def current_criteria(session: Session, *, active_only: bool = False) -> Sequence[DiseaseCriteria]:
    """The current revision of every disease's criteria, by name."""
    statement = select(DiseaseCriteria).where(DiseaseCriteria.is_current.is_(True))
    if active_only:
        statement = statement.where(DiseaseCriteria.is_active.is_(True))
    return session.scalars(statement.order_by(DiseaseCriteria.name)).all()


def criteria_revisions(session: Session, disease_code: str) -> Sequence[DiseaseCriteria]:
    """Every revision of one disease's criteria, newest first."""
    statement = select(DiseaseCriteria).where(DiseaseCriteria.disease_code == disease_code)
    return session.scalars(statement.order_by(DiseaseCriteria.revision.desc())).all()


def crossing_with_traveller(
    session: Session, crossing_id: uuid.UUID
) -> tuple[Crossing, Traveller, TravelDocument | None] | None:
    """A crossing with its traveller and document (to prefill a screening)."""
    statement = (
        select(Crossing, Traveller, TravelDocument)
        .join(Traveller, Traveller.id == Crossing.traveller_id)
        .outerjoin(TravelDocument, TravelDocument.id == Crossing.document_id)
        .where(Crossing.id == crossing_id)
    )
    row = session.execute(statement).one_or_none()
    return None if row is None else (row[0], row[1], row[2])


def set_crossing_clearance(session: Session, crossing_id: uuid.UUID, clearance: str) -> None:
    """Set a crossing's health clearance without bumping its version (the officer's decision
    form must not go stale because port health screened the traveller meanwhile)."""
    statement = (
        update(Crossing).where(Crossing.id == crossing_id).values(health_clearance=clearance)
    )
    session.execute(statement.execution_options(synchronize_session="fetch"))


def search_screenings(
    session: Session,
    *,
    scope: PoeScope | None,
    poe_id: uuid.UUID | None = None,
    classification: str | None = None,
    on: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[HealthScreening], int]:
    """Screenings in scope, newest first."""
    statement = poe_scoped(select(HealthScreening), HealthScreening.poe_id, scope)
    if poe_id:
        statement = statement.where(HealthScreening.poe_id == poe_id)
    if classification:
        statement = statement.where(HealthScreening.classification == classification)
    if on:
        statement = statement.where(HealthScreening.arrival_date == on)
    statement = statement.order_by(HealthScreening.screened_at.desc(), HealthScreening.id.desc())
    return _page(session, statement, limit, offset)
