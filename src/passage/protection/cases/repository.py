"""Every query about cases, their plans, follow-ups, notes, documents, transfers, reminders."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    Select,
    Table,
    and_,
    bindparam,
    func,
    insert,
    or_,
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


def caseload_lines(
    session: Session,
    reach: Reach,
    user_id: uuid.UUID,
    day: date,
    *,
    after: tuple[int, datetime, uuid.UUID] | None = None,
    limit: int = 100,
) -> list[Any]:
    """The open cases assigned to a case worker as the caseload page shows them, the highest
    priority first, then the longest waiting (since opened when not waiting), in one query:
    only the columns shown, each case's follow-ups overdue on a day counted beside it. A page
    starts after the (rank, waiting since, id) of the last line of the page before (keyset).
    Each line: id, reference, case_type, priority, score, status, priority_rank, waited,
    given_names, surname, overdue."""
    overdue = (
        select(func.count())
        .select_from(FollowUp)
        .where(FollowUp.case_id == Case.id, FollowUp.done_at.is_(None), FollowUp.due_on < day)
        .scalar_subquery()
    )
    waited = func.coalesce(Case.waiting_since, Case.opened_at)
    statement = (
        select(
            Case.id,
            Case.reference,
            Case.case_type,
            Case.priority,
            Case.score,
            Case.status,
            Case.priority_rank,
            waited.label("waited"),
            Person.given_names,
            Person.surname,
            overdue.label("overdue"),
        )
        .join(Person, Person.id == Case.person_id)
        .where(
            shared.visible(reach, Case.organisation, Case.restricted),
            Case.assigned_to == user_id,
            Case.status.in_(sorted(OPEN_STATUSES)),
        )
    )
    if after is not None:
        rank, since, case_id = after
        statement = statement.where(
            or_(
                Case.priority_rank < rank,
                and_(Case.priority_rank == rank, waited > since),
                and_(Case.priority_rank == rank, waited == since, Case.id > case_id),
            )
        )
    ordered = statement.order_by(Case.priority_rank.desc(), waited.asc(), Case.id.asc())
    return list(session.execute(ordered.limit(limit)).all())


def reminder_lines(session: Session, user_id: uuid.UUID) -> list[Any]:
    """A case worker's reminders of follow-ups still not done, oldest first, as the caseload
    page shows them (case_id, reference, due_on)."""
    statement = (
        select(Reminder.case_id, Case.reference, Reminder.due_on)
        .join(Case, Case.id == Reminder.case_id)
        .join(FollowUp, FollowUp.id == Reminder.follow_up_id)
        .where(Reminder.user_id == user_id, FollowUp.done_at.is_(None))
        .order_by(Reminder.due_on)
    )
    return list(session.execute(statement.limit(200)).all())


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


def latest_screenings(session: Session, model_code: str) -> Iterator[tuple[Any, ...]]:
    """(case id, person id, screening id, answers) of each case's newest screening with a
    model, for re-scoring with a new version (the SQLite path)."""
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


def insert_rescored(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Store new screenings made from older ones with a model's new version, in one
    executemany (each row: the fields of a Screening)."""
    if rows:
        session.connection().execute(insert(cast(Table, Screening.__table__)), list(rows))


def set_priorities(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Give many cases their new priority, rank, score and screening (each row: case,
    priority, rank, score, screening) in one executemany, each case's version bumped."""
    if not rows:
        return
    table = cast(Table, Case.__table__)
    statement = (
        update(table)
        .where(table.c.id == bindparam("case_id"))
        .values(
            priority=bindparam("priority"),
            priority_rank=bindparam("rank"),
            score=bindparam("score"),
            screening_id=bindparam("screening"),
            version=table.c.version + 1,
            updated_at=bindparam("now"),
        )
    )
    now = utcnow()
    session.connection().execute(
        statement, [{**row, "case_id": row["case"], "now": now} for row in rows]
    )


# ---------------------------------------------------------------- re-scoring in PostgreSQL
# Each case's newest screening with a model, cases in descending order before a case id
# (keyset; the order of ix_protection_screenings_latest walked backwards).
_LATEST = (
    "SELECT DISTINCT ON (case_id) id, case_id, person_id, answers FROM protection_screenings "
    "WHERE model_code = :code AND case_id < :before "
    "ORDER BY case_id DESC, created_at DESC, id DESC"
)
_SCORES = "pg_temp.protection_rescore_scores"
_PAST_LAST_CASE = uuid.UUID(int=(1 << 128) - 1)
# A version 7 UUID (RFC 9562) as kit.ids makes them: 48 bits of Unix milliseconds, the
# version, random bits and the variant (a version 4 UUID's random bits, its version set to 7).
_UUID7 = (
    "CAST(encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING substring("
    "int8send(CAST(floor(extract(epoch FROM clock_timestamp()) * 1000) AS bigint)) FROM 3) "
    "FROM 1 FOR 6), 52, 1), 53, 1), 'hex') AS uuid)"
)


def latest_answer_sets(session: Session, model_code: str) -> Iterator[str]:
    """The distinct answer sets of the cases' newest screenings with a model, each as
    PostgreSQL writes the JSON (keys sorted, numbers as stored): one score per set."""
    statement = text(f"SELECT DISTINCT latest.answers::text FROM ({_LATEST}) AS latest")
    yield from session.scalars(statement, {"code": model_code, "before": _PAST_LAST_CASE})


def store_answer_scores(
    session: Session, rows: Iterable[tuple[str, float, float, str, str]]
) -> None:
    """Keep (answers as text, total, maximum, priority, contributions as JSON) of each answer
    set in a temporary table of this transaction, copied in (COPY FROM STDIN)."""
    session.execute(
        text(
            f"CREATE TEMPORARY TABLE {_SCORES.removeprefix('pg_temp.')} (answers text NOT NULL, "
            "total double precision, maximum double precision, priority varchar(10), "
            "contributions jsonb) ON COMMIT DROP"
        )
    )
    driver = session.connection().connection.driver_connection
    columns = "answers, total, maximum, priority, contributions"
    copy_in = f"COPY {_SCORES} ({columns}) FROM STDIN"
    with driver.cursor() as cursor, cursor.copy(copy_in) as copy:  # type: ignore[union-attr]
        for row in rows:
            copy.write_row(row)
    session.execute(text(f"ANALYZE {_SCORES}"))


def drop_answer_scores(session: Session) -> None:
    """Drop the temporary table of scored answer sets (re-scoring done)."""
    session.execute(text(f"DROP TABLE IF EXISTS {_SCORES}"))


def rescore_batch(
    session: Session,
    *,
    model_code: str,
    version_no: int,
    before: uuid.UUID | None,
    batch: int,
    ranks: dict[str, int],
) -> tuple[int, uuid.UUID | None]:
    """Re-score the next cases (at most `batch`, descending case ids before `before`) in one
    statement: each case's newest screening gives a new one (its id a version 7 UUID made here),
    its answers copied and its score taken from the stored answer sets; the case takes the new
    priority, rank, score and screening, its version bumped. (Cases re-scored, the last case
    id looked at: None when no case was left.)"""
    statement = text(
        f"WITH latest AS ({_LATEST} LIMIT :batch), "
        "inserted AS (INSERT INTO protection_screenings (id, created_at, updated_at, version, "
        "person_id, case_id, model_code, model_version, answers, total, maximum, priority, "
        "contributions, source, rescored_from) "
        f"SELECT {_UUID7}, :now, :now, 1, o.person_id, o.case_id, :code, :version_no, "
        "o.answers, s.total, s.maximum, s.priority, s.contributions, 'rescore', o.id "
        f"FROM latest AS o JOIN {_SCORES} AS s ON s.answers = o.answers::text "
        "RETURNING id, case_id, total, priority), "
        "updated AS (UPDATE protection_cases AS c SET priority = i.priority, "
        "priority_rank = CAST(CAST(:ranks AS jsonb) ->> i.priority AS integer), "
        "score = i.total, screening_id = i.id, version = c.version + 1, updated_at = :now "
        "FROM inserted AS i WHERE c.id = i.case_id RETURNING c.id) "
        "SELECT (SELECT count(*) FROM updated), (SELECT min(CAST(case_id AS text)) FROM latest)"
    )
    found = session.execute(
        statement,
        {
            "code": model_code,
            "version_no": version_no,
            "before": before or _PAST_LAST_CASE,
            "batch": batch,
            "ranks": json.dumps(ranks),
            "now": utcnow(),
        },
    ).one()
    return int(found[0]), (uuid.UUID(found[1]) if found[1] else None)
