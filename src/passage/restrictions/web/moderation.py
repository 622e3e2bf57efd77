"""Comments and discrepancy reports on a measure's page, and the moderation queue."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.kit.readable import first_invalid
from passage.restrictions import access, moderation
from passage.restrictions.schemas import CommentCreate, DiscrepancyCreate, DiscrepancyResolve
from passage.restrictions.web.measures import measure_page
from passage.web import forms
from passage.web.render import redirect, render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


@router.post("/measures/{measure_id}/comments")
async def comment_measure(
    measure_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.edit")],
) -> Response:
    """Add an editor's comment."""
    form = await request.form()
    try:
        data = CommentCreate.model_validate({"body": form.get("body") or ""})
    except ValidationError:
        return measure_page(
            request, session, principal, measure_id, 422, comment_error="write a comment first"
        )
    moderation.add_comment(session=session, measure_id=measure_id, body=data.body, actor=principal)
    return redirect(f"/measures/{measure_id}#comments")


@router.post("/measures/{measure_id}/discrepancies")
async def report_discrepancy(
    measure_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.report")],
) -> Response:
    """Anyone reports that a measure is wrong; it goes to the moderation queue."""
    access.visible_measure(session=session, principal=principal, measure_id=measure_id)
    form = await request.form()
    values = {"body": form.get("body") or "", "source_url": form.get("source_url") or None}
    try:
        data = DiscrepancyCreate.model_validate(values)
    except ValidationError as error:
        return measure_page(
            request,
            session,
            principal,
            measure_id,
            422,
            report_errors=forms.field_errors(error),
            report_values=values,
        )
    moderation.report_discrepancy(session=session, measure_id=measure_id, data=data)
    return measure_page(request, session, principal, measure_id, report_sent=True)


@router.get("/moderation")
def moderation_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.moderate")],
) -> Response:
    """Open discrepancy reports with their measures."""
    reports, versions = moderation.open_reports(session=session, actor=principal)
    return render(
        request, "restrictions/moderation.html", {"reports": reports, "versions": versions}
    )


@router.post("/moderation/{report_id}")
async def resolve_report(
    report_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.moderate")],
) -> Response:
    """Accept or dismiss a report."""
    form = await request.form()
    try:
        data = DiscrepancyResolve.model_validate(
            {k: form.get(k) or None for k in ("version", "status", "note")}
        )
    except ValidationError as error:
        raise first_invalid(error) from None
    moderation.resolve_discrepancy(session=session, report_id=report_id, data=data, actor=principal)
    return redirect("/moderation")
