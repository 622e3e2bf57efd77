"""The staff pages of feedback: the work queue (overdue first), one item with its handling
steps and the referral to protection, entry on someone's behalf, Kobo/ODK imports, reports."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.errors import Invalid
from passage.feedback import handling, imports, photos, reports, service
from passage.feedback.schemas import Action, FeedbackRecord, Referral
from passage.feedback.vocabulary import (
    CATEGORIES,
    CHANNELS,
    LANGUAGES,
    STATUSES,
    category_label,
    channel_label,
    status_label,
)
from passage.kit.clock import today
from passage.kit.uploads import read_chosen_file
from passage.protection import pages
from passage.web import forms

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
STAFF_CHANNELS = [code for code in CHANNELS if code not in {"web", "kobo"}]


@router.get("/feedback/queue")
def queue_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("feedback.read")],
    status: Annotated[str | None, Query(max_length=20)] = None,
    category: Annotated[str | None, Query(max_length=40)] = None,
    overdue: bool = False,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    """The work queue within reach, overdue first."""
    filters = {"status": status, "category": category, "overdue": overdue}
    items, total = service.queue(
        session=session, actor=principal, filters=filters, limit=50, offset=(page - 1) * 50
    )
    context = {
        "items": items,
        "total": total,
        "filters": filters,
        "overdue_ids": {item.id for item in items if service.is_overdue(item)},
        "statuses": pages.options(STATUSES, status_label),
        "categories": pages.options(CATEGORIES, category_label),
    }
    return pages.page(request, "feedback/queue.html", context)


def _item_page(
    request: Request,
    session: SessionDep,
    item: Any,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "item": item,
        "photos": photos.of_item(session=session, item=item),
        "overdue": service.is_overdue(item),
        "errors": errors or {},
        "languages_spoken": list(LANGUAGES.items()),
    }
    return pages.page(request, "feedback/item.html", context, status)


@router.get("/feedback/items/{item_id}")
def item_page(
    item_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("feedback.read")],
) -> Response:
    """One item with its handling steps (the read is audited)."""
    return _item_page(
        request, session, service.get(session=session, item_id=item_id, actor=principal)
    )


@router.get("/feedback/items/{item_id}/photos/{photo_id}")
def photo(
    item_id: uuid.UUID,
    photo_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("feedback.read")],
) -> Response:
    """A photo sent with an item, shown on the item's page (the read is audited)."""
    found, content = photos.read(
        session=session, item_id=item_id, photo_id=photo_id, actor=principal
    )
    headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
    return Response(content, media_type=found.content_type, headers=headers)


def _optional_int(value: Any) -> int | None:
    return int(value) if str(value or "").isdigit() else None


@router.post("/feedback/items/{item_id}/actions/{action}")
async def act(
    item_id: uuid.UUID,
    action: str,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("feedback.handle")],
) -> Response:
    """One handling step from the item page."""
    values = forms.form_values(await request.form())
    payload = pages.blank_none(values, ("answer", "answer_language", "note")) | {
        "version": values.get("version", ""),
        "satisfaction": _optional_int(values.get("satisfaction")),
    }
    outcome = pages.submit(
        session,
        lambda: handling.act(
            session=session,
            item_id=item_id,
            action=action,
            data=Action.model_validate(payload),
            actor=principal,
        ),
    )
    if isinstance(outcome, forms.Rejected):
        item = service.get(session=session, item_id=item_id, actor=principal)
        return _item_page(request, session, item, outcome.errors, outcome.status)
    return RedirectResponse(f"/feedback/items/{item_id}", status_code=303)


@router.post("/feedback/items/{item_id}/referral")
async def refer(
    item_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("feedback.handle")],
) -> Response:
    """Refer the item to protection (the person consented)."""
    values = forms.form_values(await request.form())
    outcome = pages.submit(
        session,
        lambda: handling.refer(
            session=session,
            item_id=item_id,
            data=Referral.model_validate({"version": values.get("version", "")}),
            actor=principal,
        ),
    )
    if isinstance(outcome, forms.Rejected):
        item = service.get(session=session, item_id=item_id, actor=principal)
        return _item_page(request, session, item, outcome.errors, outcome.status)
    return RedirectResponse(f"/feedback/items/{item_id}", status_code=303)


def _record_page(
    request: Request, values: dict[str, Any], errors: dict[str, str], status: int = 200
) -> Response:
    context = {
        "values": values,
        "errors": errors,
        "categories": pages.options(CATEGORIES, category_label),
        "channels": pages.options(STAFF_CHANNELS, channel_label),
        "languages_spoken": list(LANGUAGES.items()),
    }
    return pages.page(request, "feedback/record.html", context, status)


@router.get("/feedback/record")
def record_page(
    request: Request, principal: Annotated[Principal, Require("feedback.record")]
) -> Response:
    """Enter feedback received by phone, from a partner or face to face."""
    return _record_page(request, {"channel": "hotline"}, {})


@router.post("/feedback/record")
async def record(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("feedback.record")],
) -> Response:
    """Store feedback entered on someone's behalf; the code is shown once, to pass on."""
    values = forms.form_values(await request.form())
    payload = pages.blank_none(
        values, ("contact", "place", "country_iso3", "interpreter_language", "organisation")
    ) | {
        "client_id": f"staff-{uuid.uuid4().hex}",
        "category": values.get("category", ""),
        "message": values.get("message", ""),
        "language": values.get("language") or "en",
        "channel": values.get("channel") or "hotline",
        "consent_to_refer": values.get("consent_to_refer") == "yes",
    }
    outcome = pages.submit(
        session,
        lambda: service.record(
            session=session, data=FeedbackRecord.model_validate(payload), actor=principal
        ),
    )
    if isinstance(outcome, forms.Rejected):
        return _record_page(request, values, outcome.errors, outcome.status)
    return pages.page(request, "feedback/recorded.html", {"receipt": outcome})


@router.get("/feedback/import")
def import_page(
    request: Request, principal: Annotated[Principal, Require("feedback.import")]
) -> Response:
    """Import feedback from a Kobo or ODK export."""
    return pages.page(request, "feedback/import.html", {"errors": {}, "report": None})


@router.post("/feedback/import")
async def import_export(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("feedback.import")],
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Import an export; each rejected row is listed with its line and reason."""

    async def run() -> Any:
        filename, content = await read_chosen_file(file)
        return imports.import_export(
            session=session, content=content, filename=filename, actor=principal
        )

    try:
        report = await run()
    except Invalid as error:
        rejected = forms.reject(session, error)
        context = {"errors": pages.errors_of(error), "report": None}
        return pages.page(request, "feedback/import.html", context, rejected.status)
    return pages.page(request, "feedback/import.html", {"errors": {}, "report": report})


def _period(starts_on: date | None, ends_on: date | None) -> tuple[date, date]:
    end = ends_on or today()
    return starts_on or (end.replace(day=1) if ends_on is None else end - timedelta(days=30)), end


@router.get("/feedback/reports")
def reports_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("feedback.reports")],
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Response:
    """Counts for a period (cells under 5 suppressed), as tables and bars."""
    start, end = _period(starts_on, ends_on)
    found = reports.monthly(session=session, starts_on=start, ends_on=end, actor=principal)
    return pages.page(request, "feedback/reports.html", {"report": found})


@router.get("/feedback/reports.csv")
def reports_csv(
    session: SessionDep,
    principal: Annotated[Principal, Require("feedback.reports")],
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Response:
    """The same report as CSV with its HXL row."""
    start, end = _period(starts_on, ends_on)
    found = reports.monthly(session=session, starts_on=start, ends_on=end, actor=principal)
    headers = {"Content-Disposition": f'attachment; filename="feedback-{start}-{end}.csv"'}
    return Response(reports.to_csv(found), media_type="text/csv; charset=utf-8", headers=headers)
