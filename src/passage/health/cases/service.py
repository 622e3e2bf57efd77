"""Port-health cases: opened from a screening that needs action, followed up daily until the
end of the incubation period, referred to a health facility, converted to a confirmed case,
closed. The responsible port-health officers (and, for referrals and confirmations, the public
health authority of the country) are notified in the app and by e-mail.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from passage.access import Principal, Role, poe_scope
from passage.errors import Conflict, Invalid, NotFound
from passage.health import access
from passage.health.cases import facilities, repository
from passage.health.cases.danger import danger_signs
from passage.health.cases.models import FollowUpTask, PortHealthCase
from passage.health.cases.opening import audit_case, case_poe, open_case
from passage.health.cases.schemas import (
    CaseClosure,
    CaseConfirmation,
    CaseReferral,
    FollowUpRecord,
)
from passage.health.notifications import service as notifications
from passage.health.screening import criteria
from passage.health.screening import repository as screening_repository
from passage.health.screening.models import HealthScreening
from passage.health.screening.service import get_screening
from passage.kit import audit
from passage.kit.clock import utcnow
from passage.kit.repository import check_version

TRANSITIONS = {
    "open": frozenset({"referred", "confirmed", "closed"}),
    "referred": frozenset({"confirmed", "closed"}),
    "confirmed": frozenset({"closed"}),
    "closed": frozenset(),
}
AUTHORITY = (Role.HEALTH_AUTHORITY,)


def open_case_for(*, session: Session, screening_id: uuid.UUID, actor: Principal) -> PortHealthCase:
    """Open a case from a screening in the actor's scope (e.g. after secondary assessment)."""
    screening = get_screening(session=session, screening_id=screening_id, actor=actor)
    return open_case(session=session, screening=screening, actor=actor)


def case_of_screening(*, session: Session, screening_id: uuid.UUID) -> PortHealthCase | None:
    """The case opened from a screening, if any (the screening was read in scope)."""
    return repository.case_of_screening(session, screening_id)


def get_case(
    *, session: Session, case_id: uuid.UUID, actor: Principal
) -> tuple[PortHealthCase, HealthScreening, Sequence[FollowUpTask]]:
    """A case with its screening and schedule, in the actor's scope (an audited read)."""
    case = session.get(PortHealthCase, case_id)
    if case is None:
        raise NotFound("no such case")
    access.check_record_poe(session, case.poe_id, actor, "case")
    screening = session.get(HealthScreening, case.screening_id)
    assert screening is not None
    audit_case(session, "health.case.read", case)
    return case, screening, repository.follow_ups(session, case.id)


def search_cases(
    *,
    session: Session,
    actor: Principal,
    status: str | None = None,
    due_by: date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[tuple[PortHealthCase, HealthScreening]], int]:
    """Cases in the actor's scope, newest first, with a follow-up due by a day when given
    (the listing is audited)."""
    rows, total = repository.search_cases(
        session,
        scope=poe_scope(actor, "health.read"),
        status=status,
        due_by=due_by,
        limit=limit,
        offset=offset,
    )
    audit.record(
        session,
        action="health.case.list",
        object_type="port_health_case",
        purpose=access.PURPOSE,
        details={"count": len(rows)},
    )
    return rows, total


def count_cases_due_today(*, session: Session, actor: Principal) -> int:
    """The port-health officer's queue: cases at their posts with a follow-up due today or
    overdue (a count, no personal data read)."""
    return repository.count_cases_due(
        session, scope=poe_scope(actor, "health.cases"), on=utcnow().date()
    )


def due_follow_ups(
    *, session: Session, actor: Principal
) -> list[tuple[FollowUpTask, PortHealthCase]]:
    """Follow-ups due today or overdue in the actor's scope."""
    scope = poe_scope(actor, "health.cases")
    return repository.due_follow_ups(session, scope=scope, on=utcnow().date())


def _editable(session: Session, case_id: uuid.UUID, actor: Principal, version: int | None):
    case = session.get(PortHealthCase, case_id)
    if case is None:
        raise NotFound("no such case")
    access.check_record_poe(session, case.poe_id, actor, "case")
    if version is not None:
        check_version(case, version)
    return case


def _move(case: PortHealthCase, status: str) -> None:
    if status not in TRANSITIONS[case.status]:
        raise Conflict(
            "a %(current)s case cannot become %(new)s",
            params={"current": case.status, "new": status},
            field="status",
        )
    case.status = status


def record_follow_up(
    *,
    session: Session,
    case_id: uuid.UUID,
    task_id: uuid.UUID,
    data: FollowUpRecord,
    actor: Principal,
) -> FollowUpTask:
    """Record a follow-up's outcome; symptoms reported alert the responsible officers, danger
    signs of a suspected disease escalate the case to the public health authority."""
    case = _editable(session, case_id, actor, None)
    task = session.get(FollowUpTask, task_id)
    if task is None or task.case_id != case.id:
        raise NotFound("no such follow-up")
    if case.status == "closed":
        raise Conflict("the case is closed", field="status")
    check_version(task, data.version)
    screening = session.get(HealthScreening, case.screening_id)
    assert screening is not None
    observed_on = _day_since_screening(data.observed_on, screening, "observed_on")
    task.status, task.outcome, task.observed_on = "done", data.outcome, observed_on
    task.temperature_c, task.symptoms, task.notes = data.temperature_c, data.symptoms, data.notes
    task.done_at, task.done_by = utcnow(), actor.user_id
    session.flush()
    audit_case(session, "health.case.follow_up", case, outcome=data.outcome)
    if data.outcome == "symptomatic":
        poe = case_poe(session, case.poe_id)
        notifications.notify(
            session,
            users=notifications.responsible_users(session, poe),
            kind="follow_up_symptomatic",
            params={"poe": poe.name},
            url=f"/health/cases/{case.id}",
        )
    _escalate_on_danger_signs(session, case, task)
    return task


def _day_since_screening(day: date | None, screening: HealthScreening, field: str) -> date:
    """A day between the screening and today (today when not given), or why not."""
    today = utcnow().date()
    day = day or today
    if day > today:
        raise Invalid(
            "this day is in the future: record what was observed up to today", field=field
        )
    if day < screening.screened_at.date():
        screened = screening.screened_at.date().isoformat()
        raise Invalid(
            "this day is before the screening (%(screened)s)",
            params={"screened": screened},
            field=field,
        )
    return day


def _escalate_on_danger_signs(session: Session, case: PortHealthCase, task: FollowUpTask) -> None:
    """Escalate the case when the follow-up meets a suspected disease's signs (its criteria)."""
    if task.outcome != "symptomatic" and task.temperature_c is None:
        return
    found = danger_signs(
        suspected=case.suspected_diseases,
        criteria=[criteria.to_engine(row) for row in criteria.current(session)],
        observed_on=task.observed_on or utcnow().date(),
        temperature_c=task.temperature_c,
        symptoms=task.symptoms,
    )
    if not found:
        return
    case.escalation = [*case.escalation, *({"on": str(task.observed_on)} | f for f in found)]
    first = case.escalated_at is None
    case.escalated_at = case.escalated_at or utcnow()
    session.flush()
    audit_case(session, "health.case.escalate", case, diseases=[f["disease"] for f in found])
    if first:
        _tell_authority(session, case, "case_escalated")


def refer(
    *, session: Session, case_id: uuid.UUID, data: CaseReferral, actor: Principal
) -> PortHealthCase:
    """Refer the traveller to a health facility; the public health authority is told."""
    case = _editable(session, case_id, actor, data.version)
    _move(case, "referred")
    facility = facilities.check_facility(session=session, case=case, facility=data.facility)
    case.facility, case.referral_notes, case.referred_at = facility, data.notes, utcnow()
    session.flush()
    _clearance(session, case, "referred")
    audit_case(session, "health.case.refer", case)
    _tell_authority(session, case, "case_referred")
    return case


def confirm(
    *, session: Session, case_id: uuid.UUID, data: CaseConfirmation, actor: Principal
) -> PortHealthCase:
    """Convert to a confirmed case of a disease."""
    case = _editable(session, case_id, actor, data.version)
    screening = session.get(HealthScreening, case.screening_id)
    assert screening is not None
    _day_since_screening(data.confirmed_on, screening, "confirmed_on")
    known = {row.disease_code for row in criteria.current(session)}
    if data.disease not in known:
        raise Invalid("choose a disease from the criteria", field="disease")
    _move(case, "confirmed")
    case.confirmed_disease, case.confirmed_on = data.disease, data.confirmed_on
    case.confirmation_notes = data.notes
    session.flush()
    audit_case(session, "health.case.confirm", case, disease=data.disease)
    _tell_authority(session, case, "case_confirmed")
    return case


def close(
    *, session: Session, case_id: uuid.UUID, data: CaseClosure, actor: Principal
) -> PortHealthCase:
    """Close a case: remaining follow-ups are cancelled, the traveller leaves the list."""
    case = _editable(session, case_id, actor, data.version)
    _move(case, "closed")
    case.closure_reason, case.closure_notes, case.closed_at = data.reason, data.notes, utcnow()
    repository.cancel_open_follow_ups(session, case.id)
    interest = repository.interest_of_screening(session, case.screening_id)
    if interest is not None:
        interest.status, interest.closed_at = "closed", case.closed_at
    if data.reason in ("follow_up_completed", "discarded") and not case.confirmed_disease:
        _clearance(session, case, "cleared")
    session.flush()
    audit_case(session, "health.case.close", case, reason=data.reason)
    return case


def _clearance(session: Session, case: PortHealthCase, value: str) -> None:
    screening = session.get(HealthScreening, case.screening_id)
    if screening is not None and screening.crossing_id:
        screening_repository.set_crossing_clearance(session, screening.crossing_id, value)


def _tell_authority(session: Session, case: PortHealthCase, kind: str) -> None:
    poe = case_poe(session, case.poe_id)
    users = notifications.responsible_users(session, poe, AUTHORITY)
    users += notifications.responsible_users(session, poe)
    notifications.notify(
        session,
        users=list({user.id: user for user in users}.values()),
        kind=kind,
        params={"poe": poe.name},
        url=f"/health/cases/{case.id}",
    )
