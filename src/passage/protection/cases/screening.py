"""Screening a case's person with a scoring model, importing Kobo/ODK submissions, and
re-scoring every case with a model's new version. The case takes the priority and score of
its newest screening. Services flush, never commit."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.errors import Invalid
from passage.kit import audit
from passage.kit.clock import utcnow
from passage.kit.i18n import N_
from passage.kit.ids import uuid7
from passage.kit.imports import ImportReport
from passage.protection.access import PURPOSE, may
from passage.protection.cases import repository
from passage.protection.cases.service import readable, set_priority, touched
from passage.protection.registry import repository as registry_repository
from passage.protection.scoring import engine, submissions
from passage.protection.scoring import service as scoring
from passage.protection.scoring.models import Screening
from passage.protection.scoring.schemas import ScreeningCreate
from passage.protection.vocabulary import PRIORITY_RANK

NO_PERSON = "no person with this person_reference that you may screen"
NO_COLUMNS = N_(
    "no column of this file names a question of the model or the person_reference: export "
    "the submissions with the questions' names (XML values and headers), not their labels"
)


def screen_case(
    *, session: Session, case_id: uuid.UUID, data: ScreeningCreate, actor: Principal
) -> Screening:
    """Score the case's person with the model's current version; the case takes the score."""
    case = readable(session, case_id, actor, "protection.edit")
    row = scoring.current_model(session, data.model_code)
    problems = engine.answer_problems(scoring.engine_model(row), data.answers)
    if problems:
        code, problem = next(iter(problems.items()))
        raise Invalid(problem, field=f"answers.{code}")
    screening = scoring.record_screening(
        session=session,
        person_id=case.person_id,
        case_id=case.id,
        row=row,
        answers=data.answers,
        actor=actor,
    )
    set_priority(case, screening.priority, screening.total, screening.id)
    touched(case)
    session.flush()
    return screening


def _import_row(
    session: Session, row: Any, values: dict[str, str], actor: Principal, report: ImportReport
) -> str | None:
    """Import one submission; the reason it was rejected (None when imported or unchanged)."""
    submission = submissions.submission_id(values)
    if submission and scoring.screening_by_submission(session, submission) is not None:
        report.unchanged += 1
        return None
    reference = submissions.person_reference(values)
    person = registry_repository.person_by_reference(session, reference) if reference else None
    if person is None:
        return NO_PERSON
    if not may(actor, "protection.edit", person.organisation, person.restricted):
        # the same answer as for an unknown reference (it must not reveal the person exists);
        # the attempt is audited like any refusal of a record outside the actor's scope
        audit.record(
            session,
            action="access.denied",
            object_type="protection_person",
            purpose=PURPOSE,
            details={"reason": "outside your scope", "route": "import of submissions"},
        )
        return NO_PERSON
    model = scoring.engine_model(row)
    answers = submissions.answers(values, [factor.code for factor in model.factors])
    if not answers:
        return "no answer to any question of the model"
    problems = engine.answer_problems(model, answers)
    if problems:
        code, problem = next(iter(problems.items()))
        return f"{code}: {problem}"
    case = repository.open_case_of_person(session, person.id)
    screening = scoring.record_screening(
        session=session,
        person_id=person.id,
        case_id=case.id if case else None,
        row=row,
        answers=answers,
        actor=actor,
        source="import",
        submission_id=submission,
    )
    if case is not None:
        set_priority(case, screening.priority, screening.total, screening.id)
    report.created += 1
    return None


def import_submissions(
    *, session: Session, model_code: str, filename: str, content: bytes, actor: Principal
) -> ImportReport:
    """Import a Kobo or ODK export (CSV or XLSX) of a model's form; each bad row is reported
    with its line and reason, the good ones are kept, a re-import changes nothing."""
    row = scoring.current_model(session, model_code)
    try:
        rows = submissions.read_rows(content, filename)
    except submissions.UnreadableFile as error:
        raise Invalid(str(error), field="file") from None
    questions = [factor.code for factor in scoring.engine_model(row).factors]
    if rows and not submissions.matched_columns(list(rows[0][1]), questions):
        raise Invalid(NO_COLUMNS, field="file")
    report, seen = ImportReport(), set()
    for line, values in rows:
        submission = submissions.submission_id(values)
        if submission and submission in seen:
            report.reject(line, "the same submission appears twice in the file", "instanceID")
            continue
        seen.add(submission)
        reason = _import_row(session, row, values, actor, report)
        if reason:
            report.reject(line, reason)
    audit.record(
        session,
        action="import",
        object_type="protection_screening",
        purpose=PURPOSE,
        details={"created": report.created, "rejected": len(report.rejected)},
    )
    return report


Scored = tuple[float, float, str, list[dict[str, Any]]]


class _Scores:
    """A model version's scores of answer sets, each set scored once (a score is a pure
    function of the version and the answers, and screening forms repeat answer sets)."""

    def __init__(self, model: engine.Model):
        self.model = model
        self.known: dict[str, Scored] = {}

    def of(self, answers: dict[str, Any]) -> Scored:
        key = json.dumps(answers, sort_keys=True, default=str)
        found = self.known.get(key)
        if found is None:
            score = engine.evaluate(self.model, answers)
            points = scoring.contributions_of(score)
            found = (score.total, score.maximum, score.priority, points)
            self.known[key] = found
        return found


def _rescored(row: Any, scores: _Scores, old: tuple[Any, ...], now: Any) -> dict[str, Any]:
    case_id, person_id, screening_id, answers = old
    total, maximum, priority, contributions = scores.of(answers)
    return {
        "id": uuid7(),
        "created_at": now,
        "updated_at": now,
        "version": 1,
        "person_id": person_id,
        "case_id": case_id,
        "model_code": row.code,
        "model_version": row.version_no,
        "answers": answers,
        "total": total,
        "maximum": maximum,
        "priority": priority,
        "contributions": contributions,
        "source": "rescore",
        "rescored_from": screening_id,
    }


def rescore_all(*, session: Session, model_code: str, batch: int = 20_000) -> int:
    """Score every case's newest screening with a model again, with its current version; each
    case takes the new priority (the old screenings stay, with their own version). One audit
    entry for the run: a re-score is a system action on the model, and no personal data is
    shown to anyone."""
    row = scoring.current_model(session, model_code)
    model = scoring.engine_model(row)
    if session.get_bind().dialect.name == "postgresql":
        count = _rescore_in_database(session, row, model, batch)
    else:
        count = _rescore_in_batches(session, row, _Scores(model), batch)
    audit.record(
        session,
        action="rescore",
        object_type="protection_scoring_model",
        details={"code": row.code, "version": row.version_no, "cases": count},
    )
    return count


def _rescore_in_batches(session: Session, row: Any, scores: _Scores, batch: int) -> int:
    """Read the newest screenings, score each answer set once, write each batch in one
    executemany of screenings and one of cases."""
    now, count = utcnow(), 0
    olds = list(repository.latest_screenings(session, row.code))
    for start in range(0, len(olds), batch):
        rows = [_rescored(row, scores, old, now) for old in olds[start : start + batch]]
        repository.insert_rescored(session, rows)
        repository.set_priorities(session, [_new_priority(r) for r in rows])
        count += len(rows)
    return count


def _new_priority(screening_row: dict[str, Any]) -> dict[str, Any]:
    return {
        "case": screening_row["case_id"],
        "priority": screening_row["priority"],
        "rank": PRIORITY_RANK[screening_row["priority"]],
        "score": screening_row["total"],
        "screening": screening_row["id"],
    }


def _rescore_in_database(session: Session, row: Any, model: engine.Model, batch: int) -> int:
    """Score each distinct answer set once here (the engine is the one scorer), then let
    PostgreSQL copy the screenings and update the cases, a batch of cases per statement."""
    scored = []
    for text in repository.latest_answer_sets(session, row.code):
        score = engine.evaluate(model, json.loads(text))
        points = json.dumps(scoring.contributions_of(score))
        scored.append((text, score.total, score.maximum, score.priority, points))
    repository.store_answer_scores(session, scored)
    count, before = 0, None
    while True:
        done, last = repository.rescore_batch(
            session,
            model_code=row.code,
            version_no=row.version_no,
            before=before,
            batch=batch,
            ranks=PRIORITY_RANK,
        )
        if last is None:
            break
        count, before = count + done, last
    repository.drop_answer_scores(session)
    return count
