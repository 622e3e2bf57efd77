"""HTML pages: the alert lists (create, import, counts) and the resolution of one hit."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.border.alerts import repository, screening, service
from passage.border.alerts.importer import COLUMNS
from passage.border.alerts.schemas import AlertListCreate, HitResolve, ListedPersonView
from passage.border.models import ScreeningHit
from passage.db import SessionDep
from passage.errors import PassageError
from passage.kit import audit
from passage.kit.uploads import read_upload
from passage.web.render import redirect, render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
LISTS_PAGE = "border/alerts/lists.html"
HIT_PAGE = "border/alerts/hit.html"


def _lists_page(
    request: Request, session: Session, status_code: int = 200, **extra: object
) -> Response:
    context = {"lists": service.list_lists(session=session), "columns": COLUMNS, **extra}
    return render(request, LISTS_PAGE, context, status_code=status_code)


@router.get("/alert-lists")
def lists_page(
    request: Request, session: SessionDep, principal: Annotated[Principal, Require("alerts.manage")]
) -> Response:
    """The alert lists with their counts, the form to create one and the import forms."""
    return _lists_page(request, session)


@router.post("/alert-lists")
def lists_create(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("alerts.manage")],
    name: Annotated[str, Form()],
    kind: Annotated[str, Form()],
    issuing_authority: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
) -> Response:
    """Create a list from the form; errors re-show the page with the message."""
    try:
        data = AlertListCreate.model_validate(
            {
                "name": name,
                "kind": kind,
                "issuing_authority": issuing_authority.strip() or None,
                "description": description.strip() or None,
            }
        )
        service.create_list(session=session, data=data, actor=principal)
    except ValidationError as error:
        first = error.errors()[0]
        message = f"{first['loc'][-1]}: {first['msg']}"
        return _lists_page(request, session, status_code=422, form_error=message)
    except PassageError as error:
        return _lists_page(request, session, status_code=error.status, form_error=error.message)
    return redirect("/alert-lists")


@router.post("/alert-lists/{list_id}/import")
async def lists_import(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("alerts.manage")],
    list_id: uuid.UUID,
    file: Annotated[UploadFile, File()],
) -> Response:
    """Import a CSV into a list and show the counts and every rejected row."""
    alert_list = service.get_list(session=session, list_id=list_id)
    file_name = file.filename or "upload"
    try:
        content = await read_upload(file, max_megabytes=100)
        report = await run_in_threadpool(
            service.import_csv, session=session, alert_list=alert_list, content=content
        )
    except PassageError as error:
        return _lists_page(
            request,
            session,
            status_code=error.status,
            import_list=alert_list,
            file_error=error.message,
            file_name=file_name,
        )
    return _lists_page(request, session, import_list=alert_list, report=report, file_name=file_name)


def _hit_context(session: Session, hit: ScreeningHit, crossing_id: uuid.UUID) -> dict[str, Any]:
    """Both sides of a hit: the traveller and document presented, and the listed entry."""
    crossing = repository.get_crossing(session, crossing_id)
    assert crossing is not None  # the hit's foreign key guarantees it
    traveller = repository.get_traveller(session, crossing.traveller_id)
    audit.record(
        session,
        action="read",
        object_type="traveller",
        object_id=crossing.traveller_id,
        purpose=screening.PURPOSE,
    )
    document = (
        repository.get_travel_document(session, crossing.document_id)
        if crossing.document_id
        else None
    )
    person = repository.get_person(session, hit.alert_person_id) if hit.alert_person_id else None
    listed_document = (
        repository.get_document_entry(session, hit.lost_document_id)
        if hit.lost_document_id
        else None
    )
    return {
        "hit": hit,
        "crossing": crossing,
        "traveller": traveller,
        "document": document,
        "person": ListedPersonView.model_validate(person) if person else None,
        "listed_document": listed_document,
    }


def _hit_page(
    request: Request,
    session: Session,
    hit_id: uuid.UUID,
    principal: Principal,
    status_code: int = 200,
    **extra: object,
) -> Response:
    hit, crossing = screening.get_hit(session=session, hit_id=hit_id, actor=principal)
    context = _hit_context(session, hit, crossing.id) | extra
    return render(request, HIT_PAGE, context, status_code=status_code)


@router.get("/hits/{hit_id}")
def hit_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("alerts.resolve")],
    hit_id: uuid.UUID,
) -> Response:
    """One hit: traveller and listed data side by side, the explanation, and the form."""
    return _hit_page(request, session, hit_id, principal)


@router.post("/hits/{hit_id}/resolve")
def hit_resolve(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("alerts.resolve")],
    hit_id: uuid.UUID,
    version: Annotated[int, Form()],
    status: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    """Resolve a hit from the form; errors re-show it with the message."""
    try:
        data = HitResolve.model_validate({"version": version, "status": status, "reason": reason})
        screening.resolve_hit(session=session, hit_id=hit_id, data=data, actor=principal)
    except ValidationError as error:
        first = error.errors()[0]
        message = f"{first['loc'][-1]}: {first['msg']}"
        return _hit_page(
            request, session, hit_id, principal, 422, form_error=message, reason=reason
        )
    except PassageError as error:
        if error.status in (403, 404):
            raise
        return _hit_page(
            request,
            session,
            hit_id,
            principal,
            error.status,
            form_error=error.message,
            reason=reason,
        )
    return redirect(f"/hits/{hit_id}")
