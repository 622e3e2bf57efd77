"""Every query about cases, their plans, follow-ups, notes, documents, transfers, reminders."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any, cast

from sqlalchemy import (
    Select,
    Table,
    bindparam,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from passage.auth.models import Grant, User
from passage.kit.clock import utcnow
from passage.protection import repository as shared
from passage.protection.access import Reach
from passage.protection.cases.models import (
    Case,
    CaseDocument,
    CaseNote,
    CaseService,
    CaseTransfer,
    FollowUp,
    Reminder,
)
from passage.protection.registry.models import Person
from passage.protection.scoring.models import Screening
from passage.protection.vocabulary import OPEN_STATUSES


def add(session: Session, record: object) -> None:
    """Stage a new record."""
    session.add(record)


def get_case(session: Session, case_id: uuid.UUID) -> Case | None:
    """One case by id, unchecked."""
    return session.get(Case, case_id)


def case_by_reference(session: Session, reference: str) -> Case | None:
    """One case by reference (C-...), unchecked."""
    return session.scalar(select(Case).where(Case.reference == reference.strip().upper()))


def case_of_border_referral(session: Session, referral_id: uuid.UUID) -> Case | None:
    """The case a border referral became, if any."""
    return session.scalar(select(Case).where(Case.border_referral_id == referral_id))


def cases_of_person(session: Session, person_id: uuid.UUID) -> Sequence[Case]:
    """Every case of a person, newest first (unchecked)."""
    statement = select(Case).where(Case.person_id == person_id)
    return session.scalars(statement.order_by(Case.opened_at.desc())).all()


def open_case_of_person(session: Session, person_id: uuid.UUID) -> Case | None:
    """The person's newest case that is not closed."""
    statement = select(Case).where(
        Case.person_id == person_id, Case.status.in_(sorted(OPEN_STATUSES))
    )
    return session.scalar(statement.order_by(Case.opened_at.desc()).limit(1))


def _with_person(reach: Reach) -> Select[Case, Person]:
    return (
        select(Case, Person)
        .join(Person, Person.id == Case.person_id)
        .where(shared.visible(reach, Case.organisation, Case.restricted))
    )


def queue(
    session: Session, reach: Reach, *, organisation: str | None, limit: int, offset: int
) -> tuple[list[tuple[Case, Person]], int]:
    """Open cases within reach, the highest priority first, then the longest waiting."""
    statement = _with_person(reach).where(Case.status.in_(sorted(OPEN_STATUSES)))
    if organisation:
        statement = statement.where(Case.organisation == organisation)
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    ordered = statement.order_by(
        Case.priority_rank.desc(), Case.waiting_since.asc(), Case.reference
    )
    rows = session.execute(ordered.limit(limit).offset(offset)).all()
    return [(case, person) for case, person in rows], total


def caseload(session: Session, reach: Reach, user_id: uuid.UUID) -> list[tuple[Case, Person]]:
    """The open cases assigned to a case worker, the highest priority first."""
    statement = _with_person(reach).where(
        Case.assigned_to == user_id, Case.status.in_(sorted(OPEN_STATUSES))
    )
    ordered = statement.order_by(Case.priority_rank.desc(), Case.waiting_since.asc())
    return [(case, person) for case, person in session.execute(ordered.limit(500)).all()]


def overdue_counts(session: Session, case_ids: Sequence[uuid.UUID], day: date) -> dict[Any, int]:
    """Case id -> number of follow-ups overdue on a day, for the cases given."""
    if not case_ids:
        return {}
    statement = (
        select(FollowUp.case_id, func.count())
        .where(FollowUp.case_id.in_(case_ids), FollowUp.done_at.is_(None), FollowUp.due_on < day)
        .group_by(FollowUp.case_id)
    )
    return {case_id: count for case_id, count in session.execute(statement)}


def services_of(session: Session, case_id: uuid.UUID) -> Sequence[CaseService]:
    """A case's service plan, oldest first."""
    statement = select(CaseService).where(CaseService.case_id == case_id)
    return session.scalars(statement.order_by(CaseService.created_at)).all()


def get_service(session: Session, service_id: uuid.UUID) -> CaseService | None:
    """One planned service, unchecked."""
    return session.get(CaseService, service_id)


def follow_ups_of(session: Session, case_id: uuid.UUID) -> Sequence[FollowUp]:
    """A case's follow-ups, by due date."""
    statement = select(FollowUp).where(FollowUp.case_id == case_id)
    return session.scalars(statement.order_by(FollowUp.due_on, FollowUp.created_at)).all()


def get_follow_up(session: Session, follow_up_id: uuid.UUID) -> FollowUp | None:
    """One follow-up, unchecked."""
    return session.get(FollowUp, follow_up_id)


def notes_of(session: Session, case_id: uuid.UUID) -> Sequence[CaseNote]:
    """A case's notes, newest first."""
    statement = select(CaseNote).where(CaseNote.case_id == case_id)
    return session.scalars(statement.order_by(CaseNote.created_at.desc())).all()


def documents_of(session: Session, case_id: uuid.UUID) -> Sequence[CaseDocument]:
    """A case's documents (without their content), newest first."""
    statement = select(CaseDocument).where(CaseDocument.case_id == case_id)
    return session.scalars(statement.order_by(CaseDocument.created_at.desc())).all()


def get_document(session: Session, document_id: uuid.UUID) -> CaseDocument | None:
    """One document, unchecked."""
    return session.get(CaseDocument, document_id)


def transfers_of(session: Session, case_id: uuid.UUID) -> Sequence[CaseTransfer]:
    """A case's transfers, oldest first."""
    statement = select(CaseTransfer).where(CaseTransfer.case_id == case_id)
    return session.scalars(statement.order_by(CaseTransfer.created_at)).all()


def due_reminders(session: Session, day: date, limit: int = 1000) -> Sequence[FollowUp]:
    """Follow-ups overdue on a day that nobody was reminded of yet."""
    statement = select(FollowUp).where(
        FollowUp.done_at.is_(None), FollowUp.due_on < day, FollowUp.reminded_at.is_(None)
    )
    return session.scalars(statement.order_by(FollowUp.due_on).limit(limit)).all()


def reminders_of(session: Session, user_id: uuid.UUID) -> list[tuple[Reminder, Case]]:
    """A case worker's reminders of follow-ups still not done, oldest first."""
    statement = (
        select(Reminder, Case)
        .join(Case, Case.id == Reminder.case_id)
        .join(FollowUp, FollowUp.id == Reminder.follow_up_id)
        .where(Reminder.user_id == user_id, FollowUp.done_at.is_(None))
        .order_by(Reminder.due_on)
    )
    return [(reminder, case) for reminder, case in session.execute(statement.limit(200)).all()]


def count_open(session: Session, reach: Reach, user_id: uuid.UUID | None = None) -> int:
    """Open cases within reach (assigned to a worker, if given)."""
    statement = select(func.count(Case.id)).where(
        Case.status.in_(sorted(OPEN_STATUSES)),
        shared.visible(reach, Case.organisation, Case.restricted),
    )
    if user_id is not None:
        statement = statement.where(Case.assigned_to == user_id)
    return session.scalar(statement) or 0


def restrict_cases_of(session: Session, person_id: uuid.UUID) -> None:
    """Mark every case of a person as restricted."""
    session.execute(
        update(Case)
        .where(Case.person_id == person_id)
        .values(restricted=True)
        .execution_options(synchronize_session="fetch")
    )


def latest_screenings(session: Session, model_code: str) -> Iterator[tuple[Any, ...]]:
    """(case id, person id, screening id, answers) of each case's newest screening with a
    model, for re-scoring with a new version."""
    newest = (
        select(Screening.case_id, func.max(Screening.created_at).label("at"))
        .where(Screening.model_code == model_code, Screening.case_id.is_not(None))
        .group_by(Screening.case_id)
        .subquery()
    )
    statement = select(
        Screening.case_id, Screening.person_id, Screening.id, Screening.answers
    ).join(newest, (newest.c.case_id == Screening.case_id) & (newest.c.at == Screening.created_at))
    result = session.execute(
        statement.where(Screening.model_code == model_code).execution_options(yield_per=5000)
    )
    for row in result:
        yield tuple(row)


def workers_of(session: Session, organisation: str, roles: Sequence[str]) -> list[tuple[Any, str]]:
    """(user id, full name) of the active users holding one of `roles` for an organisation (or
    globally), by name."""
    from_grants = (
        select(User.id, User.full_name)
        .join(Grant, Grant.user_id == User.id)
        .where(
            User.is_active.is_(True),
            Grant.role.in_(list(roles)),
            ((Grant.scope_type == "organisation") & (Grant.scope_value == organisation))
            | (Grant.scope_type == "global"),
        )
        .distinct()
    )
    return [
        (user_id, name) for user_id, name in session.execute(from_grants.order_by(User.full_name))
    ]


def user_names(session: Session, user_ids: Sequence[uuid.UUID]) -> dict[Any, str]:
    """User id -> full name, for the users given."""
    ids = [user_id for user_id in set(user_ids) if user_id is not None]
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())


def set_priorities(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Give many cases their new priority, rank, score and screening in one statement per call
    (UPDATE ... FROM VALUES), each case's version bumped."""
    if not rows:
        return
    table = cast(Table, Case.__table__)
    if session.get_bind().dialect.name == "sqlite":  # no arrays there
        _set_priorities_one_by_one(session, table, rows)
        return
    # one statement whose rows travel as one JSON document, whatever the batch size (a
    # VALUES list of thousands of rows costs more to compile than to run, arrays of UUIDs more
    # to convert)
    statement = text(
        f"UPDATE {table.name} AS c SET priority = n.priority, priority_rank = n.rank, "
        "score = n.score, screening_id = n.screening, version = c.version + 1, "
        "updated_at = :now "
        "FROM jsonb_to_recordset(CAST(:rows AS jsonb)) "
        "AS n(case_id uuid, priority varchar, rank integer, score double precision, "
        "screening uuid) WHERE c.id = n.case_id"
    )
    document = [
        {
            "case_id": str(r["case"]),
            "priority": r["priority"],
            "rank": r["rank"],
            "score": r["score"],
            "screening": str(r["screening"]),
        }
        for r in rows
    ]
    session.connection().execute(statement, {"rows": json.dumps(document), "now": utcnow()})


def insert_rescored(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Store new screenings made from older ones with a model's new version (each row: the
    fields of a Screening, `answers` being the older screening's own)."""
    if not rows:
        return
    table = cast(Table, Screening.__table__)
    if session.get_bind().dialect.name == "sqlite":  # no arrays there
        session.connection().execute(insert(table), list(rows))
        return
    # the answers are copied in the database from the screening rescored; the rows travel as
    # one JSON document
    statement = text(
        f"INSERT INTO {table.name} (created_at, updated_at, version, model_code, "
        "model_version, source, answers, id, person_id, case_id, total, maximum, priority, "
        "contributions, rescored_from) "
        "SELECT :now, :now, 1, :code, :version_no, 'rescore', old.answers, n.id, n.person_id, "
        "n.case_id, n.total, n.maximum, n.priority, n.contributions, n.rescored_from "
        "FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS n(id uuid, person_id uuid, "
        "case_id uuid, total double precision, maximum double precision, priority varchar, "
        "contributions jsonb, rescored_from uuid) "
        f"JOIN {table.name} AS old ON old.id = n.rescored_from"
    )
    document = [
        {
            "id": str(r["id"]),
            "person_id": str(r["person_id"]),
            "case_id": str(r["case_id"]),
            "total": r["total"],
            "maximum": r["maximum"],
            "priority": r["priority"],
            "contributions": r["contributions"],
            "rescored_from": str(r["rescored_from"]),
        }
        for r in rows
    ]
    first = rows[0]
    session.connection().execute(
        statement,
        {
            "rows": json.dumps(document),
            "now": first["created_at"],
            "code": first["model_code"],
            "version_no": first["model_version"],
        },
    )


def _set_priorities_one_by_one(
    session: Session, table: Table, rows: Sequence[dict[str, Any]]
) -> None:
    statement = (
        update(table)
        .where(table.c.id == bindparam("case_id"))
        .values(
            priority=bindparam("priority"),
            priority_rank=bindparam("rank"),
            score=bindparam("score"),
            screening_id=bindparam("screening"),
            version=table.c.version + 1,
        )
    )
    session.connection().execute(statement, [{**row, "case_id": row["case"]} for row in rows])
