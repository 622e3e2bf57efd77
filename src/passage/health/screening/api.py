"""JSON routes of screening (health roles in scope; every read of a record is audited) and of
the disease criteria (read by health roles and administrators, changed by administrators)."""

from __future__ import annotations

import uuid
from enum import Enum
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.health.cases import service as cases
from passage.health.screening import criteria
from passage.health.screening import service as screening
from passage.health.screening.models import HealthScreening
from passage.health.screening.schemas import (
    CriteriaInput,
    CriteriaRead,
    ScreeningCreate,
    ScreeningPage,
    ScreeningRead,
)

router = APIRouter(prefix="/api/v1/health")
SCREENING: list[str | Enum] = ["port health"]
CRITERIA: list[str | Enum] = ["port health administration"]  # no personal data
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=100_000)]


def screening_read(session: Session, item: HealthScreening) -> ScreeningRead:
    """A screening with the id of its case, if any."""
    case = cases.case_of_screening(session=session, screening_id=item.id)
    return ScreeningRead.model_validate(item).model_copy(update={"case_id": case and case.id})


@router.post("/screenings", status_code=201, tags=SCREENING)
def create_screening(
    data: ScreeningCreate,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.screen")],
) -> ScreeningRead:
    """Screen a traveller per the SOP; the answer carries the classification and why."""
    item = screening.screen(session=session, data=data, actor=principal)
    return screening_read(session, item)


@router.get("/screenings", tags=SCREENING)
def list_screenings(
    session: SessionDep,
    principal: Annotated[Principal, Require("health.read")],
    poe: uuid.UUID | None = None,
    classification: Annotated[str | None, Query(max_length=30)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ScreeningPage:
    """Screenings in your scope, newest first."""
    items, total = screening.search_screenings(
        session=session,
        actor=principal,
        poe_id=poe,
        classification=classification,
        limit=limit,
        offset=offset,
    )
    return ScreeningPage(total=total, items=[screening_read(session, i) for i in items])


@router.get("/screenings/{screening_id}", tags=SCREENING)
def read_screening(
    screening_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.read")],
) -> ScreeningRead:
    """One screening (an audited read)."""
    item = screening.get_screening(session=session, screening_id=screening_id, actor=principal)
    return screening_read(session, item)


@router.get("/crossings/{crossing_id}/prefill", tags=SCREENING)
def prefill(
    crossing_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.screen")],
) -> dict[str, Any]:
    """Screening form values from a crossing registered at a POE in your scope."""
    return screening.prefill_from_crossing(
        session=session, crossing_id=crossing_id, actor=principal
    )


# ---------------------------------------------------------------- criteria (no personal data)


@router.get("/criteria", tags=CRITERIA)
def list_criteria(
    session: SessionDep, principal: Annotated[Principal, Require("health.criteria.read")]
) -> list[CriteriaRead]:
    """The current revision of every disease's screening criteria."""
    return [CriteriaRead.model_validate(row) for row in criteria.current(session)]


@router.get("/criteria/{disease_code}", tags=CRITERIA)
def criteria_history(
    disease_code: str,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.criteria.read")],
) -> list[CriteriaRead]:
    """Every revision of one disease's criteria, newest first."""
    return [CriteriaRead.model_validate(row) for row in criteria.revisions(session, disease_code)]


@router.post("/criteria", status_code=201, tags=CRITERIA)
def save_criteria(
    data: CriteriaInput,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
) -> CriteriaRead:
    """Save the next revision of a disease's criteria, or a new disease (409 when stale)."""
    row = criteria.save_revision(session=session, data=data, actor=principal)
    return CriteriaRead.model_validate(row)
