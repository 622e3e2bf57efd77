"""The lists case workers work from: the priority queue, a case worker's caseload with its
overdue follow-ups and reminders, and the dashboard's counts. Listings are audited (counts)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.errors import Forbidden, Invalid
from passage.kit import audit
from passage.kit.clock import as_utc, today, utcnow
from passage.protection.access import PURPOSE, organisations, reach
from passage.protection.cases import repository
from passage.protection.cases.models import Case, Reminder
from passage.protection.registry.models import Person

CASELOAD_PAGE = 100


@dataclass(frozen=True)
class Row:
    """A case as a list shows it: the case, its person, days waiting, overdue follow-ups."""

    case: Case
    person: Person
    waiting_days: int | None
    overdue: int

    @property
    def id(self) -> uuid.UUID:
        """The case's id (named as a Line names it)."""
        return self.case.id

    @property
    def reference(self) -> str:
        """The case's reference (named as a Line names it)."""
        return self.case.reference

    @property
    def case_type(self) -> str:
        """The case's case type (named as a Line names it)."""
        return self.case.case_type

    @property
    def priority(self) -> str | None:
        """The case's priority (named as a Line names it)."""
        return self.case.priority

    @property
    def score(self) -> float | None:
        """The case's score (named as a Line names it)."""
        return self.case.score

    @property
    def status(self) -> str:
        """The case's status (named as a Line names it)."""
        return self.case.status

    @property
    def given_names(self) -> str:
        """The person's given names (named as a Line names it)."""
        return self.person.given_names

    @property
    def surname(self) -> str:
        """The person's surname (named as a Line names it)."""
        return self.person.surname


@dataclass(frozen=True)
class Line:
    """A case as the caseload page shows it: only what the page prints."""

    id: uuid.UUID
    reference: str
    case_type: str
    priority: str | None
    score: float | None
    status: str
    given_names: str
    surname: str
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


def _worker(actor: Principal, worker_id: uuid.UUID | None) -> uuid.UUID:
    """Whose caseload: one's own, or (a supervisor) a worker's."""
    worker = worker_id or actor.user_id
    if worker is None:
        raise Forbidden("sign in to see a caseload")
    if worker != actor.user_id and organisations(actor, "protection.supervise") == frozenset():
        raise Forbidden("only a supervisor sees another worker's caseload")
    return worker


def caseload(
    *, session: Session, actor: Principal, worker_id: uuid.UUID | None = None
) -> tuple[list[Row], list[tuple[Reminder, Case]]]:
    """A case worker's open cases and reminders: one's own, or (a supervisor) a worker's."""
    worker = _worker(actor, worker_id)
    rows = _rows(session, repository.caseload(session, reach(actor), worker))
    reminders = repository.reminders_of(session, worker) if worker == actor.user_id else []
    _audit_list(session, "protection_case", len(rows))
    return rows, reminders


def caseload_lines(
    *,
    session: Session,
    actor: Principal,
    worker_id: uuid.UUID | None = None,
    after: str | None = None,
) -> tuple[list[Line], list[Any], str | None]:
    """A page of the caseload: a case worker's open cases (only the columns shown, overdue
    follow-ups counted in the same query), their reminders (case id, reference, due date) on
    the first page, and the position after which the next page starts (None on the last)."""
    worker = _worker(actor, worker_id)
    now, position = utcnow(), _position(after)
    found = repository.caseload_lines(
        session, reach(actor), worker, today(), after=position, limit=CASELOAD_PAGE + 1
    )
    lines = [_line(values, now) for values in found[:CASELOAD_PAGE]]
    following = None
    if len(found) > CASELOAD_PAGE:
        last = found[CASELOAD_PAGE - 1]
        following = f"{last.priority_rank}~{last.waited.isoformat()}~{last.id}"
    mine = worker == actor.user_id and position is None
    reminders = repository.reminder_lines(session, worker) if mine else []
    _audit_list(session, "protection_case", len(lines))
    return lines, reminders, following


def _line(values: Any, now: datetime) -> Line:
    return Line(
        id=values.id,
        reference=values.reference,
        case_type=values.case_type,
        priority=values.priority,
        score=values.score,
        status=values.status,
        given_names=values.given_names,
        surname=values.surname,
        waiting_days=_waiting(values.waited, now),
        overdue=values.overdue,
    )


def _position(after: str | None) -> tuple[int, datetime, uuid.UUID] | None:
    """A caseload position (rank~waiting since~case id) as the page before wrote it."""
    if not after:
        return None
    try:
        rank, since, case_id = after.split("~")
        return int(rank), as_utc(datetime.fromisoformat(since)), uuid.UUID(case_id)
    except ValueError:
        raise Invalid("not a position in the caseload", field="after") from None


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
