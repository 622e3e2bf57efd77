"""Every query of port health: criteria, screenings, certificate checks, cases, follow-ups,
travellers of interest, trust lists, value sets, mail settings, notifications and the outbox."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TypeAlias

from sqlalchemy import Select, delete, func, insert, select, update
from sqlalchemy.orm import Session

from passage.access import PoeScope
from passage.auth.models import Grant, User
from passage.border.crossings.models import Crossing, TravelDocument, Traveller
from passage.geo.models import PointOfEntry
from passage.geo.repository import poe_scoped
from passage.health.models import (
    DccSigner,
    DccValueSet,
    DiseaseCriteria,
    FollowUpTask,
    HealthScreening,
    MailSettings,
    Notification,
    OutboxMessage,
    PortHealthCase,
    TravellerOfInterest,
    TrustList,
)

AnySelect: TypeAlias = Select[*tuple[Any, ...]]


def _page(session: Session, statement: AnySelect, limit: int, offset: int) -> tuple[list[Any], int]:
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    return list(session.scalars(statement.limit(limit).offset(offset))), total or 0


# ---------------------------------------------------------------- criteria


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


# ---------------------------------------------------------------- screenings and crossings


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


# ---------------------------------------------------------------- cases and follow-up


def case_of_screening(session: Session, screening_id: uuid.UUID) -> PortHealthCase | None:
    """The case opened from a screening, if any."""
    statement = select(PortHealthCase).where(PortHealthCase.screening_id == screening_id)
    return session.scalars(statement).one_or_none()


def search_cases(
    session: Session,
    *,
    scope: PoeScope | None,
    status: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[tuple[PortHealthCase, HealthScreening]], int]:
    """Cases in scope with their screening, newest first."""
    statement: AnySelect = select(PortHealthCase, HealthScreening).join(
        HealthScreening, HealthScreening.id == PortHealthCase.screening_id
    )
    statement = poe_scoped(statement, PortHealthCase.poe_id, scope)
    if status:
        statement = statement.where(PortHealthCase.status == status)
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


# ---------------------------------------------------------------- travellers of interest


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


# ---------------------------------------------------------------- trust lists and value sets


def trust_lists(session: Session) -> Sequence[TrustList]:
    """Every trust list by name."""
    return session.scalars(select(TrustList).order_by(TrustList.name)).all()


def trust_list_by_name(session: Session, name: str) -> TrustList | None:
    """A trust list by its name."""
    return session.scalars(select(TrustList).where(TrustList.name == name)).one_or_none()


def trust_state(session: Session) -> tuple[tuple[str, int], ...]:
    """(trust list id, current revision) of every list: changes when any list rotates."""
    rows = session.execute(
        select(TrustList.id, TrustList.current_revision).order_by(TrustList.id)
    ).all()
    return tuple((str(row[0]), int(row[1])) for row in rows)


def current_signers(session: Session) -> Sequence[DccSigner]:
    """The signer certificates of every trust list's current revision."""
    statement = select(DccSigner).join(
        TrustList,
        (TrustList.id == DccSigner.trust_list_id)
        & (TrustList.current_revision == DccSigner.revision),
    )
    return session.scalars(statement.order_by(DccSigner.kid)).all()


def signers_of(session: Session, trust_list_id: uuid.UUID, revision: int) -> Sequence[DccSigner]:
    """The signers of one revision of a trust list."""
    statement = select(DccSigner).where(
        DccSigner.trust_list_id == trust_list_id, DccSigner.revision == revision
    )
    return session.scalars(statement.order_by(DccSigner.country, DccSigner.kid)).all()


def delete_old_signers(session: Session, trust_list_id: uuid.UUID, keep_from: int) -> None:
    """Drop signers of revisions older than keep_from (the previous one is kept for rollback)."""
    statement = delete(DccSigner).where(
        DccSigner.trust_list_id == trust_list_id, DccSigner.revision < keep_from
    )
    session.execute(statement.execution_options(synchronize_session="fetch"))


def value_sets(session: Session) -> Sequence[DccValueSet]:
    """Every imported value set by id."""
    return session.scalars(select(DccValueSet).order_by(DccValueSet.value_set_id)).all()


def value_set(session: Session, value_set_id: str) -> DccValueSet | None:
    """One imported value set."""
    statement = select(DccValueSet).where(DccValueSet.value_set_id == value_set_id)
    return session.scalars(statement).one_or_none()


def value_sets_state(session: Session) -> tuple[str, ...]:
    """Ids and lock versions of the value sets: changes with every import."""
    rows = session.execute(select(DccValueSet.value_set_id, DccValueSet.version)).all()
    return tuple(sorted(f"{row[0]}:{row[1]}" for row in rows))


# ---------------------------------------------------------------- mail, notifications, outbox


def mail_settings(session: Session) -> MailSettings | None:
    """The administrator's SMTP settings row, if saved."""
    return session.scalars(select(MailSettings).order_by(MailSettings.created_at)).first()


def users_with_roles(session: Session, roles: Sequence[str]) -> list[tuple[User, Grant]]:
    """Active users holding one of the roles, with the grant (for scope checks)."""
    statement = (
        select(User, Grant)
        .join(Grant, Grant.user_id == User.id)
        .where(Grant.role.in_(roles), User.is_active.is_(True))
        .order_by(User.email)
    )
    return [(row[0], row[1]) for row in session.execute(statement).all()]


def notifications_for(
    session: Session, user_id: uuid.UUID, *, unread_only: bool = False, limit: int = 50
) -> Sequence[Notification]:
    """A user's notifications, newest first."""
    statement = select(Notification).where(Notification.recipient_id == user_id)
    if unread_only:
        statement = statement.where(Notification.read_at.is_(None))
    statement = statement.order_by(Notification.created_at.desc(), Notification.id.desc())
    return session.scalars(statement.limit(limit)).all()


def due_outbox(session: Session, now: datetime, limit: int) -> Sequence[OutboxMessage]:
    """Pending messages whose next attempt is due, oldest first (each is claimed before use)."""
    statement = (
        select(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    return session.scalars(statement).all()


def outbox_counts(session: Session) -> dict[str, int]:
    """Messages per status."""
    rows = session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ).all()
    return {str(row[0]): int(row[1]) for row in rows}


def recent_outbox(session: Session, limit: int = 20) -> Sequence[OutboxMessage]:
    """The newest messages (for the administrator's delivery view)."""
    statement = select(OutboxMessage).order_by(OutboxMessage.created_at.desc()).limit(limit)
    return session.scalars(statement).all()


def claim_outbox(session: Session, message_id: uuid.UUID, now: datetime) -> bool:
    """Mark a pending message as being sent; False when another sender claimed it first."""
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "pending")
        .values(status="sending", next_attempt_at=now)
    )
    result = session.execute(statement.execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0) == 1


def release_stuck_outbox(session: Session, before: datetime) -> int:
    """Put messages left in `sending` by a crashed sender back to pending (at-least-once)."""
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.status == "sending", OutboxMessage.next_attempt_at < before)
        .values(status="pending")
    )
    result = session.execute(statement.execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)
