"""JSON routes of feedback: the public submission (idempotent by the device's id) and status by
tracking code, entry on someone's behalf, the staff queue and handling, Kobo/ODK imports and
the reports."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.feedback import handling, imports, photos, reports, service
from passage.feedback.models import FeedbackItem
from passage.feedback.schemas import (
    Action,
    FeedbackRead,
    FeedbackRecord,
    FeedbackSubmit,
    PhotoRead,
    Receipt,
    Referral,
    StatusRead,
)
from passage.kit.uploads import read_upload

router = APIRouter(prefix="/api/v1/feedback", tags=["feedback"])


class CodeLookup(BaseModel):
    """A tracking code, sent in the body (never in a URL that proxies would log)."""

    code: str = Field(min_length=1, max_length=40)


def source_of(request: Request) -> service.Source:
    """The request's source address, for throttling only."""
    return service.Source(address=request.client.host if request.client else None)


def read_item(item: FeedbackItem) -> FeedbackRead:
    """An item as staff read it, with its overdue flag."""
    return FeedbackRead.model_validate(item).model_copy(
        update={"overdue": service.is_overdue(item)}
    )


@router.post(
    "",
    status_code=201,
    max_body_size=photos.JSON_BODY_BYTES,
    responses={429: {"description": "Too many submissions from this connection; try later"}},
)
async def submit(
    data: FeedbackSubmit,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("public")],
) -> Receipt:
    """Send feedback (no account); keep the tracking code, shown only the first time."""
    # The hot path of the public channel: one worker thread for the database work, and the
    # receipt serialised on the event loop (a sync route would take a second hop for that).
    return await run_in_threadpool(
        service.submit, session=session, data=data, source=source_of(request)
    )


@router.post(
    "/status",
    responses={
        404: {"description": "No feedback has this code"},
        429: {"description": "Too many wrong codes from this connection; try again later"},
    },
)
def status_by_code(
    data: CodeLookup,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("public")],
) -> StatusRead:
    """The status and answer of feedback, by its tracking code (wrong codes are throttled)."""
    return service.status_by_code(session=session, code=data.code, source=source_of(request))


@router.post("/recorded", status_code=201, max_body_size=photos.JSON_BODY_BYTES)
def record(
    data: FeedbackRecord,
    session: SessionDep,
    principal: Annotated[Principal, Require("feedback.record")],
) -> Receipt:
    """Enter feedback on someone's behalf (hotline, partner, face to face)."""
    return service.record(session=session, data=data, actor=principal)


@router.get("")
def queue(
    session: SessionDep,
    principal: Annotated[Principal, Require("feedback.read")],
    status: Annotated[str | None, Query(max_length=20)] = None,
    category: Annotated[str | None, Query(max_length=40)] = None,
    overdue: bool = False,
    spam: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict[str, Any]:
    """The work queue within reach, overdue first."""
    filters = {"status": status, "category": category, "overdue": overdue, "spam": spam}
    items, total = service.queue(
        session=session, actor=principal, filters=filters, limit=limit, offset=offset
    )
    return {"items": [read_item(item) for item in items], "total": total}


@router.get(
    "/reports",
    responses={
        200: {
            "description": "The counts as JSON, or as CSV with an HXL row (`format=csv`)",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    },
)
def report(
    session: SessionDep,
    principal: Annotated[Principal, Require("feedback.reports")],
    starts_on: date,
    ends_on: date,
    format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
) -> Any:
    """Counts for a period with cells under 5 suppressed; `format=csv` adds the HXL row."""
    found = reports.monthly(session=session, starts_on=starts_on, ends_on=ends_on, actor=principal)
    if format == "csv":
        return Response(reports.to_csv(found), media_type="text/csv; charset=utf-8")
    return reports.as_dict(found)


@router.post("/import")
async def import_export(
    session: SessionDep,
    principal: Annotated[Principal, Require("feedback.import")],
    file: Annotated[UploadFile, File()],
) -> dict[str, object]:
    """Import a Kobo/ODK export (CSV or XLSX): counts and each rejected row."""
    content = await read_upload(file)
    found = imports.import_export(
        session=session, content=content, filename=file.filename or "", actor=principal
    )
    return found.to_dict()


@router.get("/{item_id}")
def get(
    item_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("feedback.read")],
) -> FeedbackRead:
    """One item (audited), with its photos' ids."""
    item = service.get(session=session, item_id=item_id, actor=principal)
    found = [PhotoRead.model_validate(p) for p in photos.of_item(session=session, item=item)]
    return read_item(item).model_copy(update={"photos": found})


PHOTO_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}


@router.get(
    "/{item_id}/photos/{photo_id}",
    response_class=Response,
    responses={
        200: {"description": "The photo (JPEG, without metadata)", "content": {"image/jpeg": {}}},
        404: {"description": "No such photo within your reach"},
    },
)
def photo(
    item_id: uuid.UUID,
    photo_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("feedback.read")],
) -> Response:
    """A photo sent with an item, for staff who may read the item (audited)."""
    found, content = photos.read(
        session=session, item_id=item_id, photo_id=photo_id, actor=principal
    )
    return Response(content, media_type=found.content_type, headers=PHOTO_HEADERS)


@router.post("/{item_id}/actions/{action}")
def act(
    item_id: uuid.UUID,
    action: str,
    data: Action,
    session: SessionDep,
    principal: Annotated[Principal, Require("feedback.handle")],
) -> FeedbackRead:
    """Acknowledge, assign, start, answer, close or reopen."""
    return read_item(
        handling.act(session=session, item_id=item_id, action=action, data=data, actor=principal)
    )


@router.post("/{item_id}/referral")
def refer(
    item_id: uuid.UUID,
    data: Referral,
    session: SessionDep,
    principal: Annotated[Principal, Require("feedback.handle")],
) -> FeedbackRead:
    """Refer to protection (only with the person's consent)."""
    return read_item(handling.refer(session=session, item_id=item_id, data=data, actor=principal))
