"""A case's service plan, follow-ups and notes, and the reminders of overdue follow-ups (the
background job). Services flush, never commit."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.errors import Invalid, NotFound
from passage.kit import audit
from passage.kit.clock import today, utcnow
from passage.kit.repository import check_version
from passage.protection.access import PURPOSE
from passage.protection.cases import repository
from passage.protection.cases.models import Case, CaseNote, CaseService, FollowUp, Reminder
from passage.protection.cases.schemas import (
    FollowUpCreate,
    FollowUpDone,
    NoteCreate,
    ServiceCreate,
    ServiceOutcome,
)
from passage.protection.cases.service import readable, touched


def _open(session: Session, case_id: uuid.UUID, actor: Principal) -> Case:
    case = readable(session, case_id, actor, "protection.edit")
    if case.status == "closed":
        raise Invalid("the case is closed; reopen it first", field="form")
    return case


def _audit(session: Session, action: str, case: Case, what: str) -> None:
    audit.record(
        session,
        action=action,
        object_type="protection_case",
        object_id=case.id,
        purpose=PURPOSE,
        details={"part": what},
    )


def add_service(
    *, session: Session, case_id: uuid.UUID, data: ServiceCreate, actor: Principal
) -> CaseService:
    """Add a service to the case's plan."""
    case = _open(session, case_id, actor)
    service = CaseService(case_id=case.id, recorded_by=actor.user_id, **data.model_dump())
    repository.add(session, service)
    touched(case)
    session.flush()
    _audit(session, "update", case, "service")
    return service


def record_service_outcome(
    *, session: Session, service_id: uuid.UUID, data: ServiceOutcome, actor: Principal
) -> CaseService:
    """A planned service provided (on a day, today by default) or cancelled."""
    service = repository.get_service(session, service_id)
    if service is None:
        raise NotFound("no such service")
    case = _open(session, service.case_id, actor)
    check_version(service, data.version)
    if service.status != "planned":
        raise Invalid("this service is no longer planned", field="status")
    service.status = data.status
    service.provided_on = (data.provided_on or today()) if data.status == "provided" else None
    touched(case)
    session.flush()
    _audit(session, "update", case, "service")
    return service


def add_follow_up(
    *, session: Session, case_id: uuid.UUID, data: FollowUpCreate, actor: Principal
) -> FollowUp:
    """Plan a follow-up; its worker is the one named, else the case's."""
    case = _open(session, case_id, actor)
    follow_up = FollowUp(
        case_id=case.id,
        due_on=data.due_on,
        purpose=data.purpose,
        assigned_to=data.assigned_to or case.assigned_to or actor.user_id,
    )
    repository.add(session, follow_up)
    session.flush()
    _audit(session, "update", case, "follow_up")
    return follow_up


def complete_follow_up(
    *, session: Session, follow_up_id: uuid.UUID, data: FollowUpDone, actor: Principal
) -> FollowUp:
    """A follow-up done, with its outcome."""
    follow_up = repository.get_follow_up(session, follow_up_id)
    if follow_up is None:
        raise NotFound("no such follow-up")
    case = _open(session, follow_up.case_id, actor)
    check_version(follow_up, data.version)
    if follow_up.done_at is not None:
        raise Invalid("this follow-up is already done", field="outcome")
    follow_up.done_at, follow_up.outcome = utcnow(), data.outcome
    touched(case)
    session.flush()
    _audit(session, "update", case, "follow_up")
    return follow_up


def add_note(
    *, session: Session, case_id: uuid.UUID, data: NoteCreate, actor: Principal
) -> CaseNote:
    """Add a note to a case (open or closed)."""
    case = readable(session, case_id, actor, "protection.edit")
    note = CaseNote(case_id=case.id, author=actor.user_id, text=data.text)
    repository.add(session, note)
    touched(case)
    session.flush()
    _audit(session, "update", case, "note")
    return note


def plan_of(
    *, session: Session, case: Case
) -> tuple[Sequence[CaseService], Sequence[FollowUp], Sequence[CaseNote]]:
    """A case's services, follow-ups and notes (the caller read the case, audited)."""
    return (
        repository.services_of(session, case.id),
        repository.follow_ups_of(session, case.id),
        repository.notes_of(session, case.id),
    )


def send_reminders(session: Session) -> int:
    """Remind each worker of their follow-ups overdue today (once per follow-up); how many."""
    day, now, sent = today(), utcnow(), 0
    for follow_up in repository.due_reminders(session, day):
        follow_up.reminded_at = now
        if follow_up.assigned_to is None:
            continue
        repository.add(
            session,
            Reminder(
                user_id=follow_up.assigned_to,
                case_id=follow_up.case_id,
                follow_up_id=follow_up.id,
                due_on=follow_up.due_on,
            ),
        )
        sent += 1
    session.flush()
    if sent:
        audit.record(
            session, action="remind", object_type="protection_follow_up", details={"count": sent}
        )
    return sent
