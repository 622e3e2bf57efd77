"""Scoring models and screenings: the shipped models, versions added without code, scoring
a person's answers and reading a score back in words. Services flush, never commit."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.errors import Invalid, NotFound
from passage.kit import audit
from passage.protection.access import PURPOSE
from passage.protection.scoring import engine, explain, repository
from passage.protection.scoring.models import ScoringModel, Screening
from passage.protection.scoring.schemas import ModelVersionCreate
from passage.protection.scoring.seeds import SHIPPED


def ensure_shipped(session: Session) -> int:
    """Store version 1 of each shipped model that is not there yet; how many were added."""
    added = 0
    for code, name, description, definition in SHIPPED:
        if repository.latest_version_no(session, code):
            continue
        engine.model_from_definition(code, 1, name, definition)  # a shipped model must load
        repository.add(
            session,
            ScoringModel(
                code=code,
                version_no=1,
                name=name,
                description=description,
                definition=definition,
                source="shipped",
                is_current=True,
            ),
        )
        added += 1
    session.flush()
    return added


def engine_model(row: ScoringModel) -> engine.Model:
    """The engine's model of a stored version."""
    return engine.model_from_definition(row.code, row.version_no, row.name, row.definition)


def current_models(session: Session) -> Sequence[ScoringModel]:
    """The current version of every model."""
    return repository.current_models(session)


def current_model(session: Session, code: str) -> ScoringModel:
    """The current version of a model; not found names the field."""
    row = repository.current_model(session, code)
    if row is None:
        raise NotFound("no such scoring model", field="model_code")
    return row


def model_version(session: Session, code: str, version_no: int) -> ScoringModel:
    """One version of a model."""
    row = repository.model_version(session, code, version_no)
    if row is None:
        raise NotFound("no such version of this scoring model")
    return row


def versions_of(session: Session, code: str) -> Sequence[ScoringModel]:
    """Every version of a model, newest first."""
    return repository.versions_of(session, code)


def add_version(
    *, session: Session, data: ModelVersionCreate, actor: Principal, source: str = "admin"
) -> ScoringModel:
    """Store a new version of a model (or the first of a new model); the old one stays, so
    its scores can be reproduced, and is no longer current."""
    version_no = repository.latest_version_no(session, data.code) + 1
    try:
        engine.model_from_definition(data.code, version_no, data.name, data.definition)
    except engine.ModelError as error:
        raise Invalid(error.message, field=f"definition.{error.where}".rstrip(".")) from None
    repository.retire_current(session, data.code)
    row = ScoringModel(
        code=data.code,
        version_no=version_no,
        name=data.name,
        description=data.description,
        definition=data.definition,
        source=source,
        is_current=True,
        created_by=actor.user_id,
    )
    repository.add(session, row)
    session.flush()
    audit.record(
        session,
        action="create",
        object_type="protection_scoring_model",
        object_id=row.id,
        details={"code": data.code, "version": version_no, "source": source},
    )
    return row


def contributions_of(score: engine.Score) -> list[dict[str, Any]]:
    """A score's contributions as stored: each factor's points (the words are rebuilt from the
    model version, which never changes, and the answers)."""
    return [{"factor": item.factor, "points": item.points} for item in score.contributions]


def score_answers(row: ScoringModel, answers: dict[str, Any]) -> engine.Score:
    """Score answers with a stored version; unknown question codes are refused."""
    model = engine_model(row)
    unknown = sorted(set(answers) - {factor.code for factor in model.factors})
    if unknown:
        raise Invalid(
            "not a question of this model: %(names)s",
            params={"names": ", ".join(unknown)},
            field="answers",
        )
    return engine.evaluate(model, answers)


def record_screening(
    *,
    session: Session,
    person_id: uuid.UUID,
    case_id: uuid.UUID | None,
    row: ScoringModel,
    answers: dict[str, Any],
    actor: Principal,
    source: str = "form",
    submission_id: str | None = None,
) -> Screening:
    """Score and store a person's answers with the model's current version (the caller checked
    the actor may screen this person)."""
    score = score_answers(row, answers)
    screening = Screening(
        person_id=person_id,
        case_id=case_id,
        model_code=row.code,
        model_version=row.version_no,
        answers=answers,
        total=score.total,
        maximum=score.maximum,
        priority=score.priority,
        contributions=contributions_of(score),
        source=source,
        submission_id=submission_id,
        screened_by=actor.user_id,
    )
    repository.add(session, screening)
    session.flush()
    audit.record(
        session,
        action="create",
        object_type="protection_screening",
        object_id=screening.id,
        purpose=PURPOSE,
        details={"model": row.code, "version": row.version_no, "source": source},
    )
    return screening


def explanation(session: Session, screening: Screening) -> tuple[str, list[explain.Line]]:
    """A stored screening in words: its summary and each factor's line."""
    row = model_version(session, screening.model_code, screening.model_version)
    thresholds = row.definition.get("thresholds", {})
    words = explain.summary(screening.total, screening.maximum, screening.priority, thresholds)
    score = engine.evaluate(engine_model(row), screening.answers)
    return words, explain.lines([asdict(item) for item in score.contributions])


def reproduce(session: Session, screening: Screening) -> engine.Score:
    """A stored screening scored again with the version it was scored with (the same score)."""
    row = model_version(session, screening.model_code, screening.model_version)
    return engine.evaluate(engine_model(row), screening.answers)


def screenings_of_person(session: Session, person_id: uuid.UUID) -> Sequence[Screening]:
    """A person's screenings, newest first (the caller read the person, audited)."""
    return repository.screenings_of_person(session, person_id)


def get_screening(session: Session, screening_id: uuid.UUID) -> Screening | None:
    """One screening, unchecked (the caller checks the person)."""
    return repository.get_screening(session, screening_id)


def screening_by_submission(session: Session, submission_id: str) -> Screening | None:
    """The screening imported from a submission, if any."""
    return repository.screening_by_submission(session, submission_id)
