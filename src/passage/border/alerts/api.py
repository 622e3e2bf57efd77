"""JSON routes of alert lists, screening hits and ad-hoc screening."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile
from starlette.concurrency import run_in_threadpool

from passage.access import Principal
from passage.auth.deps import Require
from passage.border.alerts import screening, service
from passage.border.alerts.schemas import (
    AlertListCreate,
    AlertListRead,
    HitRead,
    HitResolve,
    ScreenRequest,
    ScreenResult,
)
from passage.db import SessionDep
from passage.kit.uploads import read_upload

router = APIRouter(prefix="/api/v1", tags=["alert lists"])


@router.post("/alert-lists", status_code=201)
def create_list(
    session: SessionDep,
    principal: Annotated[Principal, Require("alerts.manage")],
    data: AlertListCreate,
) -> AlertListRead:
    """Create a person or document alert list."""
    alert_list = service.create_list(session=session, data=data, actor=principal)
    return AlertListRead.model_validate(alert_list)


@router.get("/alert-lists")
def list_lists(
    session: SessionDep, principal: Annotated[Principal, Require("alerts.manage")]
) -> list[AlertListRead]:
    """Every alert list with its entry counts."""
    return service.list_lists(session=session)


@router.post("/alert-lists/{list_id}/import")
async def import_list(
    session: SessionDep,
    principal: Annotated[Principal, Require("alerts.manage")],
    list_id: uuid.UUID,
    file: Annotated[UploadFile, File()],
) -> dict[str, Any]:
    """Import a CSV into a list; lists each rejected row with its line and reason."""
    alert_list = service.get_list(session=session, list_id=list_id)
    content = await read_upload(file, max_megabytes=100)
    report = await run_in_threadpool(
        service.import_csv, session=session, alert_list=alert_list, content=content
    )
    return report.to_dict()


@router.get("/crossings/{crossing_id}/hits")
def crossing_hits(
    session: SessionDep,
    principal: Annotated[Principal, Require("border.read")],
    crossing_id: uuid.UUID,
) -> list[HitRead]:
    """The screening hits of a crossing (in your scope)."""
    hits = screening.crossing_hits(session=session, crossing_id=crossing_id, actor=principal)
    return [HitRead.model_validate(hit) for hit in hits]


@router.post("/hits/{hit_id}/resolve")
def resolve_hit(
    session: SessionDep,
    principal: Annotated[Principal, Require("alerts.resolve")],
    hit_id: uuid.UUID,
    data: HitResolve,
) -> HitRead:
    """Resolve a hit: confirmed or false_positive, with a reason and the version you read."""
    hit = screening.resolve_hit(session=session, hit_id=hit_id, data=data, actor=principal)
    return HitRead.model_validate(hit)


@router.post("/alerts/screen")
def screen(
    session: SessionDep,
    principal: Annotated[Principal, Require("alerts.resolve")],
    data: ScreenRequest,
) -> ScreenResult:
    """Screen a name, birth date, nationality or document without a crossing (a preview)."""
    matches = screening.screen_request(session=session, data=data)
    return ScreenResult(matches=matches, threshold=screening.threshold())
