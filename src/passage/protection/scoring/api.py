"""JSON routes of scoring models: list, read a version, add a version, explain a screening."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.errors import NotFound
from passage.protection.cases import service as cases
from passage.protection.scoring import service as scoring
from passage.protection.scoring.schemas import (
    Explanation,
    ModelVersionCreate,
    ModelVersionRead,
    ScreeningRead,
)

router = APIRouter(prefix="/api/v1/protection", tags=["protection"])


@router.get("/models")
def list_models(
    session: SessionDep, principal: Annotated[Principal, Require("protection.read")]
) -> list[ModelVersionRead]:
    """The current version of every scoring model."""
    scoring.ensure_shipped(session)
    return [ModelVersionRead.model_validate(row) for row in scoring.current_models(session)]


@router.get("/models/{code}/versions/{version_no}")
def read_version(
    code: str,
    version_no: Annotated[int, Path(ge=1, le=100_000)],
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
) -> ModelVersionRead:
    """One version of a model (old versions stay, to reproduce old scores)."""
    return ModelVersionRead.model_validate(scoring.model_version(session, code, version_no))


@router.post("/models", status_code=201)
def add_version(
    data: ModelVersionCreate,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.models")],
) -> ModelVersionRead:
    """Add a version of a model (or a new model) without code: factors and thresholds as data."""
    return ModelVersionRead.model_validate(
        scoring.add_version(session=session, data=data, actor=principal)
    )


@router.get("/screenings/{screening_id}")
def read_screening(
    screening_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
) -> dict[str, Any]:
    """A screening with its explanation in words, factor by factor."""
    found = scoring.get_screening(session, screening_id)
    if found is None or found.case_id is None:
        raise NotFound("no such screening")
    cases.get_case(session=session, case_id=found.case_id, actor=principal)
    summary, lines = scoring.explanation(session, found)
    explanation = Explanation(summary=summary, lines=[line.__dict__ for line in lines])
    return {"screening": ScreeningRead.model_validate(found), "explanation": explanation}
