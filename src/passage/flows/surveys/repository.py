"""Every query of flow monitoring surveys."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from passage.flows.models import FlowPoint
from passage.flows.surveys.models import FlowInterview, FlowSurvey


def add(session: Session, record: object) -> None:
    """Add a new record to the session."""
    session.add(record)


def surveys(session: Session) -> list[FlowSurvey]:
    """Every survey form, by name."""
    return list(session.scalars(select(FlowSurvey).order_by(FlowSurvey.name)))


def survey(session: Session, survey_id: uuid.UUID) -> FlowSurvey | None:
    """A survey form by id."""
    return session.get(FlowSurvey, survey_id)


def survey_by_code(session: Session, code: str) -> FlowSurvey | None:
    """A survey form by its code (the XLSForm's form_id)."""
    return session.scalar(select(FlowSurvey).where(FlowSurvey.code == code))


def interviews_by_submission(
    session: Session, survey_id: uuid.UUID, submissions: Iterable[str]
) -> dict[str, FlowInterview]:
    """A survey's interviews with the given submission ids, by submission id."""
    wanted = sorted(set(submissions))
    found: dict[str, FlowInterview] = {}
    for start in range(0, len(wanted), 500):
        statement = select(FlowInterview).where(
            FlowInterview.survey_id == survey_id,
            FlowInterview.submission.in_(wanted[start : start + 500]),
        )
        found |= {interview.submission: interview for interview in session.scalars(statement)}
    return found


def points_by_code(session: Session, codes: Iterable[str]) -> dict[str, FlowPoint]:
    """The points with these codes or labels, by what was asked."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    statement = select(FlowPoint).where(FlowPoint.code.in_(wanted) | FlowPoint.label.in_(wanted))
    found = {}
    for point in session.scalars(statement):
        found[point.code] = point
        found.setdefault(point.label, point)
    return {code: found[code] for code in wanted if code in found}


def interviews(
    session: Session,
    survey_id: uuid.UUID,
    *,
    point_ids: Sequence[uuid.UUID],
    start: date | None,
    end: date | None,
) -> list[tuple[str, date, dict[str, Any]]]:
    """A survey's interviews at these points between two days (inclusive), as (the point's
    label, the day, the answers): columns only, no records (results read thousands)."""
    if not point_ids:
        return []
    statement = (
        select(FlowPoint.label, FlowInterview.interviewed_on, FlowInterview.answers)
        .join(FlowPoint, FlowPoint.id == FlowInterview.point_id)
        .where(FlowInterview.survey_id == survey_id, FlowInterview.point_id.in_(point_ids))
    )
    if start is not None:
        statement = statement.where(FlowInterview.interviewed_on >= start)
    if end is not None:
        statement = statement.where(FlowInterview.interviewed_on <= end)
    return [(label, day, answers) for label, day, answers in session.execute(statement)]
