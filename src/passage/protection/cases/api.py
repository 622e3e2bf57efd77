"""JSON routes of case management: intake, open, the queue, a caseload, a case, its actions,
screenings, imports of Kobo/ODK submissions and re-scoring."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.errors import NotFound
from passage.kit.uploads import read_upload
from passage.protection.cases import lists, screening
from passage.protection.cases import service as cases
from passage.protection.cases.actions import ACTIONS
from passage.protection.cases.schemas import CaseOpen, CasePage, CaseRead, IntakeCreate
from passage.protection.registry.schemas import PersonRead
from passage.protection.scoring.schemas import ScreeningCreate, ScreeningRead

router = APIRouter(prefix="/api/v1/protection", tags=["protection"])


@router.post("/intake", status_code=201)
def intake(
    data: IntakeCreate,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> dict[str, Any]:
    """Register a person and open their first case."""
    person, case = cases.intake(session=session, data=data, actor=principal)
    return {"person": PersonRead.model_validate(person), "case": CaseRead.model_validate(case)}


@router.post("/cases", status_code=201)
def open_case(
    data: CaseOpen, session: SessionDep, principal: Annotated[Principal, Require("protection.edit")]
) -> CaseRead:
    """Open a case for a registered person."""
    return CaseRead.model_validate(cases.open_case(session=session, data=data, actor=principal))


@router.get("/cases")
def queue(
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> CasePage:
    """Open cases within reach: the highest priority first, then the longest waiting."""
    rows, total = lists.priority_queue(session=session, actor=principal, limit=limit, offset=offset)
    return CasePage(items=[CaseRead.model_validate(row.case) for row in rows], total=total)


@router.get("/caseload")
def caseload(
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
    worker: uuid.UUID | None = None,
) -> CasePage:
    """Your open cases (a supervisor: a worker's)."""
    rows, _ = lists.caseload(session=session, actor=principal, worker_id=worker)
    return CasePage(items=[CaseRead.model_validate(row.case) for row in rows], total=len(rows))


@router.get("/cases/{case_id}")
def read_case(
    case_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
) -> CaseRead:
    """One case (the read is audited)."""
    return CaseRead.model_validate(
        cases.get_case(session=session, case_id=case_id, actor=principal)
    )


@router.post("/cases/{case_id}/actions/{action}")
async def case_action(
    case_id: uuid.UUID,
    action: str,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> dict[str, Any]:
    """One action on a case (status, risk, assign, transfer, close, reopen, services,
    service-outcome, follow-ups, follow-up-done, notes); the body is the action's fields, with
    `service_id` or `follow_up_id` for the last-but-two."""
    if action not in ACTIONS:
        raise NotFound("no such action")
    schema, call, target = ACTIONS[action]
    body = await request.json() if await request.body() else {}
    if not isinstance(body, dict):
        body = {}
    record = (
        case_id if target == "case_id" else uuid.UUID(str(body.pop(target, "") or uuid.UUID(int=0)))
    )
    data = schema.model_validate(body)
    result = call(**{"session": session, target: record, "data": data, "actor": principal})
    return {"id": str(result.id), "version": getattr(result, "version", None)}


@router.post("/cases/{case_id}/screenings", status_code=201)
def screen_case(
    case_id: uuid.UUID,
    data: ScreeningCreate,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> ScreeningRead:
    """Score the case's person with a model's current version."""
    return ScreeningRead.model_validate(
        screening.screen_case(session=session, case_id=case_id, data=data, actor=principal)
    )


@router.post("/imports/submissions")
async def import_submissions(
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
    model_code: Annotated[str, Form(max_length=60)],
    file: Annotated[UploadFile, File()],
) -> dict[str, object]:
    """Import a Kobo or ODK export (CSV or XLSX); each rejected row with its line and reason."""
    content = await read_upload(file, max_megabytes=20)
    report = screening.import_submissions(
        session=session,
        model_code=model_code,
        filename=file.filename or "",
        content=content,
        actor=principal,
    )
    return report.to_dict()


@router.post("/models/{code}/rescore")
def rescore(
    code: str, session: SessionDep, principal: Annotated[Principal, Require("protection.rescore")]
) -> dict[str, int]:
    """Score every case again with the model's current version."""
    return {"cases": screening.rescore_all(session=session, model_code=code)}
