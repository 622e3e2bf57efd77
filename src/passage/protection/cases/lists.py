"""The lists case workers work from: the priority queue, a case worker's caseload with its
overdue follow-ups and reminders, and the dashboard's counts. Listings are audited (counts)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.errors import Forbidden
from passage.kit import audit
from passage.kit.clock import today, utcnow
from passage.protection.access import PURPOSE, organisations, reach
from passage.protection.cases import repository
from passage.protection.cases.models import Case, Reminder
from passage.protection.registry.models import Person


@dataclass(frozen=True)
class Row:
    """A case as a list shows it: the case, its person, days waiting, overdue follow-ups."""

    case: Case
    person: Person
    waiting_days: int | None
    overdue: int


def _waiting(moment: datetime | None, now: datetime) -> int | None:
    return None if moment is None else max(0, (now - moment).days)


def _rows(session: Session, found: list[tuple[Case, Person]]) -> list[Row]:
    now = utcnow()
    overdue = repository.overdue_counts(session, [case.id for case, _ in found], today())
    return [
        Row(case, person, _waiting(case.waiting_since, now), overdue.get(case.id, 0))
        for case, person in found
    ]


def _audit_list(session: Session, what: str, count: int) -> None:
    audit.record(
        session, action="list", object_type=what, purpose=PURPOSE, details={"count": count}
    )


def priority_queue(
    *,
    session: Session,
    actor: Principal,
    organisation: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Row], int]:
    """Open cases within reach, the highest priority first, then the longest waiting."""
    found, total = repository.queue(
        session, reach(actor), organisation=organisation, limit=limit, offset=offset
    )
    _audit_list(session, "protection_case", len(found))
    return _rows(session, found), total


def caseload(
    *, session: Session, actor: Principal, worker_id: uuid.UUID | None = None
) -> tuple[list[Row], list[tuple[Reminder, Case]]]:
    """A case worker's open cases and reminders: one's own, or (a supervisor) a worker's."""
    worker = worker_id or actor.user_id
    if worker is None:
        raise Forbidden("sign in to see a caseload")
    if worker != actor.user_id and organisations(actor, "protection.supervise") == frozenset():
        raise Forbidden("only a supervisor sees another worker's caseload")
    rows = _rows(session, repository.caseload(session, reach(actor), worker))
    reminders = repository.reminders_of(session, worker) if worker == actor.user_id else []
    _audit_list(session, "protection_case", len(rows))
    return rows, reminders


def counts(*, session: Session, actor: Principal) -> dict[str, int]:
    """Open cases within reach and assigned to the actor (for the dashboard)."""
    within = reach(actor)
    return {
        "open": repository.count_open(session, within),
        "mine": repository.count_open(session, within, actor.user_id) if actor.user_id else 0,
    }


def user_names(*, session: Session, user_ids: list[uuid.UUID | None]) -> dict[uuid.UUID, str]:
    """Names of the users a page mentions (case workers)."""
    return repository.user_names(session, [uid for uid in user_ids if uid is not None])
