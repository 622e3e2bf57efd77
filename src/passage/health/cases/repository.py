"""Every query of cases: a screening's case, cases in scope, follow-up schedules, and the
travellers of interest."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TypeAlias

from sqlalchemy import Select, func, insert, select, update
from sqlalchemy.orm import Session

from passage.access import PoeScope
from passage.geo.models import PointOfEntry
from passage.geo.repository import poe_scoped
from passage.health.cases.models import FollowUpTask, PortHealthCase, TravellerOfInterest
from passage.health.screening.models import HealthScreening

AnySelect: TypeAlias = Select[*tuple[Any, ...]]


def case_of_screening(session: Session, screening_id: uuid.UUID) -> PortHealthCase | None:
    """The case opened from a screening, if any."""
    statement = select(PortHealthCase).where(PortHealthCase.screening_id == screening_id)
    return session.scalars(statement).one_or_none()


def search_cases(
    session: Session,
    *,
    scope: PoeScope | None,
    status: str | None = None,
    due_by: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[tuple[PortHealthCase, HealthScreening]], int]:
    """Cases in scope with their screening, newest first (with a follow-up due by a day,
    when given)."""
    statement: AnySelect = select(PortHealthCase, HealthScreening).join(
        HealthScreening, HealthScreening.id == PortHealthCase.screening_id
    )
    statement = poe_scoped(statement, PortHealthCase.poe_id, scope)
    if status:
        statement = statement.where(PortHealthCase.status == status)
    if due_by is not None:
        statement = statement.where(PortHealthCase.id.in_(_due_case_ids(due_by)))
    statement = statement.order_by(PortHealthCase.created_at.desc(), PortHealthCase.id.desc())
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = session.execute(statement.limit(limit).offset(offset)).all()
    return [(row[0], row[1]) for row in rows], total or 0


def add_follow_ups(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert a case's follow-up schedule in one statement."""
    if rows:
        session.execute(insert(FollowUpTask), rows)


def follow_ups(session: Session, case_id: uuid.UUID) -> Sequence[FollowUpTask]:
    """A case's follow-up tasks in date order."""
    statement = select(FollowUpTask).where(FollowUpTask.case_id == case_id)
    return session.scalars(statement.order_by(FollowUpTask.due_on)).all()


def _due_case_ids(on: date) -> Select[Any]:
    """Open or referred cases with a follow-up due on or before a day."""
    return (
        select(FollowUpTask.case_id)
        .join(PortHealthCase, PortHealthCase.id == FollowUpTask.case_id)
        .where(FollowUpTask.status == "due", FollowUpTask.due_on <= on)
        .where(PortHealthCase.status.in_(("open", "referred")))
    )


def count_cases_due(session: Session, *, scope: PoeScope | None, on: date) -> int:
    """How many cases in scope have a follow-up due on or before a day (dashboard)."""
    statement: AnySelect = select(func.count(PortHealthCase.id)).where(
        PortHealthCase.id.in_(_due_case_ids(on))
    )
    return session.scalar(poe_scoped(statement, PortHealthCase.poe_id, scope)) or 0


def due_follow_ups(
    session: Session, *, scope: PoeScope | None, on: date, limit: int = 100
) -> list[tuple[FollowUpTask, PortHealthCase]]:
    """Follow-ups due on or before a day, of open or referred cases in scope."""
    statement: AnySelect = (
        select(FollowUpTask, PortHealthCase)
        .join(PortHealthCase, PortHealthCase.id == FollowUpTask.case_id)
        .where(FollowUpTask.status == "due", FollowUpTask.due_on <= on)
        .where(PortHealthCase.status.in_(("open", "referred")))
    )
    statement = poe_scoped(statement, PortHealthCase.poe_id, scope)
    rows = session.execute(statement.order_by(FollowUpTask.due_on).limit(limit)).all()
    return [(row[0], row[1]) for row in rows]


def cancel_open_follow_ups(session: Session, case_id: uuid.UUID) -> None:
    """Mark a closed case's remaining follow-ups as cancelled."""
    statement = (
        update(FollowUpTask)
        .where(FollowUpTask.case_id == case_id, FollowUpTask.status == "due")
        .values(status="cancelled")
    )
    session.execute(statement.execution_options(synchronize_session="fetch"))


def interest_of_screening(session: Session, screening_id: uuid.UUID) -> TravellerOfInterest | None:
    """The traveller-of-interest entry made from a screening, if any."""
    statement = select(TravellerOfInterest).where(TravellerOfInterest.screening_id == screening_id)
    return session.scalars(statement).one_or_none()


def search_interest(
    session: Session,
    *,
    scope: PoeScope | None,
    status: str | None = "active",
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[tuple[TravellerOfInterest, HealthScreening, PointOfEntry]], int]:
    """Travellers of interest in scope, with their screening and POE, soonest end first."""
    statement: AnySelect = (
        select(TravellerOfInterest, HealthScreening, PointOfEntry)
        .join(HealthScreening, HealthScreening.id == TravellerOfInterest.screening_id)
        .join(PointOfEntry, PointOfEntry.id == TravellerOfInterest.poe_id)
    )
    statement = poe_scoped(statement, TravellerOfInterest.poe_id, scope)
    if status:
        statement = statement.where(TravellerOfInterest.status == status)
    statement = statement.order_by(TravellerOfInterest.monitor_until, TravellerOfInterest.id)
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = session.execute(statement.limit(limit).offset(offset)).all()
    return [(row[0], row[1], row[2]) for row in rows], total or 0


def expire_interest(session: Session, before: date, now: datetime) -> int:
    """Close active entries whose monitoring ended before a day; return how many."""
    statement = (
        update(TravellerOfInterest)
        .where(TravellerOfInterest.status == "active", TravellerOfInterest.monitor_until < before)
        .values(status="ended", closed_at=now)
    )
    result = session.execute(statement.execution_options(synchronize_session="fetch"))
    return int(getattr(result, "rowcount", 0) or 0)
