"""JSON routes of cases and follow-up, and of the travellers of interest (health roles in
scope; every read of a record is audited)."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.health.cases import interest
from passage.health.cases import service as cases
from passage.health.cases.schemas import (
    CaseClosure,
    CaseConfirmation,
    CaseDetail,
    CaseOpen,
    CasePage,
    CaseRead,
    CaseReferral,
    FollowUpRead,
    FollowUpRecord,
    InterestPage,
)
from passage.health.screening.api import screening_read
from passage.web.downloads import table_response

router = APIRouter(prefix="/api/v1/health", tags=["port health"])
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=100_000)]


@router.post("/cases", status_code=201)
def open_case(
    data: CaseOpen,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.cases")],
) -> CaseRead:
    """Open a case from a screening that needs action."""
    case = cases.open_case_for(session=session, screening_id=data.screening_id, actor=principal)
    return CaseRead.model_validate(case)


@router.get("/cases")
def list_cases(
    session: SessionDep,
    principal: Annotated[Principal, Require("health.read")],
    status: Annotated[str | None, Query(max_length=20)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> CasePage:
    """Cases in your scope, newest first."""
    rows, total = cases.search_cases(
        session=session, actor=principal, status=status, limit=limit, offset=offset
    )
    return CasePage(total=total, items=[CaseRead.model_validate(case) for case, _ in rows])


def case_detail(session: Session, case_id: uuid.UUID, principal: Principal) -> CaseDetail:
    """A case with its screening and schedule."""
    case, item, tasks = cases.get_case(session=session, case_id=case_id, actor=principal)
    return CaseDetail(
        **CaseRead.model_validate(case).model_dump(),
        screening=screening_read(session, item),
        follow_ups=[FollowUpRead.model_validate(task) for task in tasks],
    )


@router.get("/cases/{case_id}")
def read_case(
    case_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.read")],
) -> CaseDetail:
    """One case with its screening and follow-up schedule (an audited read)."""
    return case_detail(session, case_id, principal)


@router.post("/cases/{case_id}/follow-ups/{task_id}")
def record_follow_up(
    case_id: uuid.UUID,
    task_id: uuid.UUID,
    data: FollowUpRecord,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.cases")],
) -> FollowUpRead:
    """Record the outcome of one follow-up (409 on a stale version)."""
    task = cases.record_follow_up(
        session=session, case_id=case_id, task_id=task_id, data=data, actor=principal
    )
    return FollowUpRead.model_validate(task)


@router.post("/cases/{case_id}/referral")
def refer_case(
    case_id: uuid.UUID,
    data: CaseReferral,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.cases")],
) -> CaseRead:
    """Refer the traveller to a health facility."""
    return CaseRead.model_validate(
        cases.refer(session=session, case_id=case_id, data=data, actor=principal)
    )


@router.post("/cases/{case_id}/confirmation")
def confirm_case(
    case_id: uuid.UUID,
    data: CaseConfirmation,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.cases")],
) -> CaseRead:
    """Convert to a confirmed case."""
    return CaseRead.model_validate(
        cases.confirm(session=session, case_id=case_id, data=data, actor=principal)
    )


@router.post("/cases/{case_id}/closure")
def close_case(
    case_id: uuid.UUID,
    data: CaseClosure,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.cases")],
) -> CaseRead:
    """Close a case."""
    return CaseRead.model_validate(
        cases.close(session=session, case_id=case_id, data=data, actor=principal)
    )


# ---------------------------------------------------------------- travellers of interest


@router.get(
    "/interest/export",
    response_class=Response,
    responses=table_response("The list as CSV, or XLSX with format=xlsx"),
)
def export_interest(
    session: SessionDep,
    principal: Annotated[Principal, Require("health.read")],
    status: Annotated[str, Query(max_length=10)] = "active",
    disease: Annotated[str | None, Query(max_length=40)] = None,
    file_format: Annotated[Literal["csv", "xlsx"], Query(alias="format")] = "csv",
) -> Response:
    """The travellers of interest in your scope as CSV or XLSX (audited with the count)."""
    content, media_type = interest.export(
        session=session, actor=principal, status=status, disease=disease, file_format=file_format
    )
    name = f"travellers-of-interest.{file_format}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(content, media_type=media_type, headers=headers)


@router.get("/interest")
def list_interest(
    session: SessionDep,
    principal: Annotated[Principal, Require("health.read")],
    status: Annotated[str, Query(max_length=10)] = "active",
    disease: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Offset = 0,
) -> InterestPage:
    """Travellers with a condition of interest in your scope (kept apart from alert lists)."""
    items, total = interest.list_interest(
        session=session,
        actor=principal,
        status=status,
        disease=disease,
        limit=limit,
        offset=offset,
    )
    return InterestPage(total=total, items=items)
