"""Every query about scoring models and screenings."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from passage.protection.scoring.models import ScoringModel, Screening


def add(session: Session, record: object) -> None:
    """Stage a new record."""
    session.add(record)


def current_models(session: Session) -> Sequence[ScoringModel]:
    """The current version of every model, by code."""
    statement = select(ScoringModel).where(ScoringModel.is_current.is_(True))
    return session.scalars(statement.order_by(ScoringModel.code)).all()


def current_model(session: Session, code: str) -> ScoringModel | None:
    """The current version of one model."""
    statement = select(ScoringModel).where(
        ScoringModel.code == code, ScoringModel.is_current.is_(True)
    )
    return session.scalar(statement)


def model_version(session: Session, code: str, version_no: int) -> ScoringModel | None:
    """One version of one model."""
    statement = select(ScoringModel).where(
        ScoringModel.code == code, ScoringModel.version_no == version_no
    )
    return session.scalar(statement)


def versions_of(session: Session, code: str) -> Sequence[ScoringModel]:
    """Every version of a model, newest first."""
    statement = select(ScoringModel).where(ScoringModel.code == code)
    return session.scalars(statement.order_by(ScoringModel.version_no.desc())).all()


def latest_version_no(session: Session, code: str) -> int:
    """The highest version number of a model (0 when there is none)."""
    statement = select(func.max(ScoringModel.version_no)).where(ScoringModel.code == code)
    return session.scalar(statement) or 0


def retire_current(session: Session, code: str) -> None:
    """Mark the current version of a model as no longer current."""
    session.execute(
        update(ScoringModel)
        .where(ScoringModel.code == code, ScoringModel.is_current.is_(True))
        .values(is_current=False)
        .execution_options(synchronize_session="fetch")
    )


def get_screening(session: Session, screening_id: uuid.UUID) -> Screening | None:
    """One screening by id, unchecked."""
    return session.get(Screening, screening_id)


def screenings_of_person(session: Session, person_id: uuid.UUID) -> Sequence[Screening]:
    """A person's screenings, newest first."""
    statement = select(Screening).where(Screening.person_id == person_id)
    return session.scalars(statement.order_by(Screening.created_at.desc())).all()


def screening_by_submission(session: Session, submission_id: str) -> Screening | None:
    """The screening imported from a Kobo/ODK submission, if any."""
    return session.scalar(select(Screening).where(Screening.submission_id == submission_id))
