"""Case management: open (alone or with the intake of a person), read (audited), move along,
assign, transfer, close and reopen. Services flush, never commit.

Every read of a case is audited; a case of an organisation outside the actor's reach, or a
restricted case (child protection, trafficking) for someone not designated, is "not found".
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.errors import Forbidden, Invalid, NotFound, OutOfScope
from passage.kit import audit
from passage.kit.clock import utcnow
from passage.kit.repository import check_version
from passage.protection import codes
from passage.protection.access import PURPOSE, acting_organisation, may
from passage.protection.cases import repository
from passage.protection.cases.models import Case, CaseNote, CaseTransfer
from passage.protection.cases.schemas import (
    TRANSITIONS,
    Assignment,
    CaseOpen,
    ClosureCreate,
    IntakeCreate,
    ReopenCreate,
    RiskChange,
    StatusChange,
    TransferCreate,
)
from passage.protection.registry import repository as registry_repository
from passage.protection.registry import service as registry
from passage.protection.registry.models import Person
from passage.protection.vocabulary import PRIORITY_RANK, RESTRICTED_CASE_TYPES

CASE_ROLES = ("case_worker", "supervisor", "designated_case_worker")


def _audit(session: Session, action: str, case: Case, **details: object) -> None:
    audit.record(
        session,
        action=action,
        object_type="protection_case",
        object_id=case.id,
        purpose=PURPOSE,
        details=dict(details),
    )


def new_case(
    *,
    session: Session,
    person: Person,
    case_type: str,
    risk_level: str,
    organisation: str,
    actor: Principal,
    note: str | None = None,
) -> Case:
    """Stage a case of a person (the caller checked the actor may); a child-protection or
    trafficking case makes the person's records restricted."""
    restricted = case_type in RESTRICTED_CASE_TYPES or person.restricted
    if restricted and not may(actor, "protection.edit", organisation, True):
        raise Invalid(
            "only designated case workers open child-protection and trafficking cases",
            field="case_type",
        )
    now = utcnow()
    case = Case(
        reference=codes.reference("C"),
        person_id=person.id,
        case_type=case_type,
        risk_level=risk_level,
        organisation=organisation,
        restricted=restricted,
        opened_at=now,
        waiting_since=now,
        opened_by=actor.user_id,
        assigned_to=actor.user_id
        if may(actor, "protection.edit", organisation, restricted)
        else None,
    )
    repository.add(session, case)
    session.flush()
    if restricted:
        registry.restrict(session=session, person=person)
        repository.restrict_cases_of(session, person.id)
    if note:
        repository.add(session, CaseNote(case_id=case.id, author=actor.user_id, text=note))
    _audit(session, "create", case, case_type=case_type)
    return case


def open_case(*, session: Session, data: CaseOpen, actor: Principal) -> Case:
    """Open a case for a person the actor may edit."""
    person = registry.get_person(session=session, person_id=data.person_id, actor=actor)
    organisation = acting_organisation(
        actor, "protection.edit", data.organisation or person.organisation
    )
    return new_case(
        session=session,
        person=person,
        case_type=data.case_type,
        risk_level=data.risk_level,
        organisation=organisation,
        actor=actor,
        note=data.note,
    )


def intake(*, session: Session, data: IntakeCreate, actor: Principal) -> tuple[Person, Case]:
    """A case worker's intake: register the person and open their first case."""
    person = registry.create_person(session=session, data=data.person, actor=actor)
    case = new_case(
        session=session,
        person=person,
        case_type=data.case_type,
        risk_level=data.risk_level,
        organisation=person.organisation,
        actor=actor,
        note=data.note,
    )
    return person, case


def readable(session: Session, case_id: uuid.UUID, actor: Principal, permission: str) -> Case:
    """A case the actor holds a permission on (not found otherwise); not audited."""
    case = repository.get_case(session, case_id)
    if case is None:
        raise NotFound("no such case")
    if not may(actor, permission, case.organisation, case.restricted):
        raise OutOfScope("no such case")
    return case


def get_case(*, session: Session, case_id: uuid.UUID, actor: Principal) -> Case:
    """A case the actor may read; the read is audited."""
    case = readable(session, case_id, actor, "protection.read")
    _audit(session, "read", case)
    return case


def case_and_person(
    *, session: Session, case_id: uuid.UUID, actor: Principal
) -> tuple[Case, Person]:
    """A case and its person (both reads audited)."""
    case = get_case(session=session, case_id=case_id, actor=actor)
    person = registry.get_person(session=session, person_id=case.person_id, actor=actor)
    return case, person


def touched(case: Case) -> None:
    """A worker acted on the case: the person now waits for the next action."""
    case.waiting_since = utcnow()


def change_status(
    *, session: Session, case_id: uuid.UUID, data: StatusChange, actor: Principal
) -> Case:
    """Move a case to active (from open, transferred or reopened)."""
    case = readable(session, case_id, actor, "protection.edit")
    check_version(case, data.version)
    if data.status not in TRANSITIONS.get(case.status, frozenset()):
        raise Invalid(
            "a case cannot go from %(current)s to %(new)s",
            params={"current": case.status, "new": data.status},
            field="status",
        )
    previous, case.status = case.status, data.status
    if case.assigned_to is None:
        case.assigned_to = actor.user_id
    touched(case)
    session.flush()
    _audit(session, "update", case, **{"from": previous, "to": data.status})
    return case


def change_risk(
    *, session: Session, case_id: uuid.UUID, data: RiskChange, actor: Principal
) -> Case:
    """Record the case worker's assessment of the risk."""
    case = readable(session, case_id, actor, "protection.edit")
    check_version(case, data.version)
    case.risk_level = data.risk_level
    session.flush()
    _audit(session, "update", case, fields=["risk_level"])
    return case


def assign(*, session: Session, case_id: uuid.UUID, data: Assignment, actor: Principal) -> Case:
    """Assign a case: a supervisor to any worker of the organisation, a case worker to
    themselves when nobody holds it."""
    case = readable(session, case_id, actor, "protection.edit")
    check_version(case, data.version)
    supervising = may(actor, "protection.supervise", case.organisation, False)
    taking = data.assigned_to == actor.user_id and case.assigned_to is None
    if not supervising and not taking:
        raise Forbidden("only a supervisor assigns cases to others")
    if data.assigned_to is not None:
        workers = {
            user_id for user_id, _ in repository.workers_of(session, case.organisation, CASE_ROLES)
        }
        if data.assigned_to not in workers:
            raise Invalid(
                "this person is not a case worker of the organisation", field="assigned_to"
            )
    case.assigned_to = data.assigned_to
    session.flush()
    _audit(session, "assign", case)
    return case


def transfer(
    *, session: Session, case_id: uuid.UUID, data: TransferCreate, actor: Principal
) -> Case:
    """Transfer a case (and its person's record) to another organisation or case worker; the
    receiving organisation takes it up by making it active."""
    case = readable(session, case_id, actor, "protection.supervise")
    check_version(case, data.version)
    if case.status == "closed":
        raise Invalid("a closed case cannot be transferred; reopen it first", field="status")
    if data.to_user is not None:
        workers = {
            uid for uid, _ in repository.workers_of(session, data.to_organisation, CASE_ROLES)
        }
        if data.to_user not in workers:
            raise Invalid("this person is not a case worker of that organisation", field="to_user")
    repository.add(
        session,
        CaseTransfer(
            case_id=case.id,
            from_organisation=case.organisation,
            to_organisation=data.to_organisation,
            from_user=case.assigned_to,
            to_user=data.to_user,
            reason=data.reason,
            transferred_by=actor.user_id,
        ),
    )
    moved = data.to_organisation != case.organisation
    case.organisation, case.assigned_to = data.to_organisation, data.to_user
    case.status = "transferred" if moved else case.status
    if moved:
        person = registry_repository.get_person(session, case.person_id)
        if person is not None:
            person.organisation = data.to_organisation
    touched(case)
    session.flush()
    _audit(session, "transfer", case, moved_organisation=moved)
    return case


def close(*, session: Session, case_id: uuid.UUID, data: ClosureCreate, actor: Principal) -> Case:
    """Close a case with its reason."""
    case = readable(session, case_id, actor, "protection.edit")
    check_version(case, data.version)
    if case.status == "closed":
        raise Invalid("the case is already closed", field="reason")
    case.status, case.closed_at = "closed", utcnow()
    case.closure_reason, case.closure_note = data.reason, data.note
    case.waiting_since = None
    session.flush()
    _audit(session, "close", case, reason=data.reason)
    return case


def reopen(*, session: Session, case_id: uuid.UUID, data: ReopenCreate, actor: Principal) -> Case:
    """Reopen a closed case (a supervisor), with the reason as a note."""
    case = readable(session, case_id, actor, "protection.supervise")
    check_version(case, data.version)
    if case.status != "closed":
        raise Invalid("only a closed case can be reopened", field="reason")
    case.status, case.closed_at, case.closure_reason = "reopened", None, None
    touched(case)
    repository.add(session, CaseNote(case_id=case.id, author=actor.user_id, text=data.reason))
    session.flush()
    _audit(session, "reopen", case)
    return case


def set_priority(case: Case, priority: str, score: float, screening_id: uuid.UUID) -> None:
    """A new screening's priority and score become the case's."""
    case.priority, case.score, case.screening_id = priority, score, screening_id
    case.priority_rank = PRIORITY_RANK.get(priority, 0)


def workers(*, session: Session, organisation: str) -> list[tuple[uuid.UUID, str]]:
    """The case workers of an organisation (for assignment and transfer forms)."""
    return repository.workers_of(session, organisation, CASE_ROLES)


def cases_of_person(*, session: Session, person: Person, actor: Principal) -> list[Case]:
    """The cases of a person already read that the actor may see."""
    return [
        case
        for case in repository.cases_of_person(session, person.id)
        if may(actor, "protection.read", case.organisation, case.restricted)
    ]
