"""JSON routes of alert lists, screening hits and ad-hoc screening."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from passage.access import Principal
from passage.auth.deps import Require
from passage.background.schemas import ACCEPTED_DOC, accepted
from passage.background.service import is_large
from passage.border.alerts import entries, screening, service
from passage.border.alerts import jobs as import_jobs
from passage.border.alerts.schemas import (
    AlertListCreate,
    AlertListRead,
    EntryEdit,
    EntryPage,
    EntryRead,
    EntryRemove,
    HitRead,
    HitResolve,
    ScreenRequest,
    ScreenResult,
)
from passage.db import SessionDep, commit_batch
from passage.kit.uploads import read_upload
from passage.web.downloads import table_response

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


@router.post("/alert-lists/{list_id}/import", response_model=dict[str, Any], responses=ACCEPTED_DOC)
async def import_list(
    session: SessionDep,
    principal: Annotated[Principal, Require("alerts.manage")],
    list_id: uuid.UUID,
    file: Annotated[UploadFile, File()],
    background: Annotated[bool, Query()] = False,
) -> Any:
    """Import a CSV into a list; lists each rejected row with its line and reason.

    A file over 1 MB (or any file with `background=true`) is imported as a background job:
    202 with the job, to follow at its `url` until it is done (with this report) or failed."""
    alert_list = service.get_list(session=session, list_id=list_id)
    content = await read_upload(file, max_megabytes=100)
    if background or is_large(content):
        job = import_jobs.submit(
            session=session,
            alert_list=alert_list,
            content=content,
            file_name=file.filename or "upload",
            actor=principal,
        )
        return accepted(job)
    report = await run_in_threadpool(
        service.import_csv,
        session=session,
        alert_list=alert_list,
        content=content,
        checkpoint=lambda: commit_batch(session),
    )
    return report.to_dict()


def _read(entry: entries.Entry) -> EntryRead:
    return EntryRead(id=entry.id, version=entry.version, columns=entries.columns_of(entry))


@router.get("/alert-lists/{list_id}/entries")
def list_entries(
    session: SessionDep,
    principal: Annotated[Principal, Require("alerts.manage")],
    list_id: uuid.UUID,
    ref: Annotated[str, Query(max_length=100)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> EntryPage:
    """A page of 50 entries of a list by reference (`ref`: those starting with it); audited."""
    _, found, total = entries.list_entries(
        session=session, list_id=list_id, ref=ref or None, page=page
    )
    return EntryPage(items=[_read(entry) for entry in found], total=total)


@router.get(
    "/alert-lists/{list_id}/export",
    response_class=Response,
    responses=table_response("The entries as CSV, or XLSX with format=xlsx"),
)
def export_list(
    session: SessionDep,
    principal: Annotated[Principal, Require("alerts.manage")],
    list_id: uuid.UUID,
    file_format: Annotated[entries.ExportFormat, Query(alias="format")] = "csv",
) -> Response:
    """A list's entries in the import's columns, as CSV or XLSX (audited with the count)."""
    content, media_type, name = entries.export(
        session=session, list_id=list_id, file_format=file_format
    )
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(content, media_type=media_type, headers=headers)


@router.get("/alert-lists/{list_id}/entries/{entry_id}")
def get_entry(
    session: SessionDep,
    principal: Annotated[Principal, Require("alerts.manage")],
    list_id: uuid.UUID,
    entry_id: uuid.UUID,
) -> EntryRead:
    """One entry of a list (audited)."""
    _, entry = entries.get_entry(session=session, list_id=list_id, entry_id=entry_id)
    return _read(entry)


@router.patch("/alert-lists/{list_id}/entries/{entry_id}")
def edit_entry(
    session: SessionDep,
    principal: Annotated[Principal, Require("alerts.manage")],
    list_id: uuid.UUID,
    entry_id: uuid.UUID,
    data: EntryEdit,
) -> EntryRead:
    """Change an entry from the version you read (409 when someone changed it since)."""
    entry = entries.edit_entry(
        session=session,
        list_id=list_id,
        entry_id=entry_id,
        version=data.version,
        values=data.columns,
    )
    return _read(entry)


@router.post("/alert-lists/{list_id}/entries/{entry_id}/remove")
def remove_entry(
    session: SessionDep,
    principal: Annotated[Principal, Require("alerts.manage")],
    list_id: uuid.UUID,
    entry_id: uuid.UUID,
    data: EntryRemove,
) -> EntryRead:
    """Remove an entry from the version you read: it is never screened again (audited)."""
    entry = entries.remove_entry(
        session=session, list_id=list_id, entry_id=entry_id, version=data.version
    )
    return _read(entry)


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
