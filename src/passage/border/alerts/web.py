"""HTML pages: the alert lists (create, import, counts) and the resolution of one hit."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.background.service import is_large
from passage.border.alerts import entries, screening, service
from passage.border.alerts import jobs as import_jobs
from passage.border.alerts.importer import COLUMNS
from passage.border.alerts.models import AlertList
from passage.border.alerts.schemas import AlertListCreate, HitResolve, ListedPersonView
from passage.db import SessionDep, commit_batch
from passage.errors import Invalid, PassageError
from passage.kit.imports import ImportReport
from passage.kit.readable import describe, explain
from passage.kit.uploads import read_upload
from passage.web import forms
from passage.web.render import redirect, render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
LISTS_PAGE = "border/alerts/lists.html"
HIT_PAGE = "border/alerts/hit.html"
ENTRY_PAGE = "border/alerts/entry.html"


def _form_error(error: ValidationError | PassageError) -> str:
    """The message above the form: the first invalid field and why, or the refusal."""
    return describe(error.errors()[0]) if isinstance(error, ValidationError) else explain(error)


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
    values = {
        "name": name,
        "kind": kind,
        "issuing_authority": issuing_authority.strip() or None,
        "description": description.strip() or None,
    }
    created = forms.submit(
        session,
        lambda: service.create_list(
            session=session, data=AlertListCreate.model_validate(values), actor=principal
        ),
    )
    if isinstance(created, forms.Rejected):
        message = _form_error(created.error)
        return _lists_page(request, session, status_code=created.status, form_error=message)
    return redirect("/alert-lists")


def _import(session: Session, alert_list: AlertList, content: bytes) -> ImportReport:
    return service.import_csv(
        session=session,
        alert_list=alert_list,
        content=content,
        checkpoint=lambda: commit_batch(session),
    )


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
    except PassageError as error:
        report: ImportReport | forms.Rejected = forms.reject(session, error)
    else:
        if is_large(content):  # runs on the server; its page shows progress, then the report
            job = import_jobs.submit(
                session=session,
                alert_list=alert_list,
                content=content,
                file_name=file_name,
                actor=principal,
            )
            return redirect(f"/jobs/{job.id}")
        report = await run_in_threadpool(
            forms.submit, session, lambda: _import(session, alert_list, content)
        )
    if isinstance(report, forms.Rejected):
        return _lists_page(
            request,
            session,
            status_code=report.status,
            import_list=alert_list,
            file_error=_form_error(report.error),
            file_name=file_name,
        )
    return _lists_page(request, session, import_list=alert_list, report=report, file_name=file_name)


@router.get("/alert-lists/{list_id}")
def entries_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("alerts.manage")],
    list_id: uuid.UUID,
    ref: Annotated[str, Query(max_length=100)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    """A list's entries by reference, 50 a page, with the exports (the read is audited)."""
    alert_list, found, total = entries.list_entries(
        session=session, list_id=list_id, ref=ref.strip() or None, page=page
    )
    context = {
        "alert_list": alert_list,
        "rows": [(entry, entries.columns_of(entry)) for entry in found],
        "total": total,
        "ref": ref,
        "page": page,
        "page_size": entries.PAGE_SIZE,
    }
    return render(request, "border/alerts/entries.html", context)


def _entry_page(
    request: Request,
    session: Session,
    list_id: uuid.UUID,
    entry_id: uuid.UUID,
    status_code: int = 200,
    **extra: object,
) -> Response:
    alert_list, entry = entries.get_entry(session=session, list_id=list_id, entry_id=entry_id)
    context = {
        "alert_list": alert_list,
        "entry": entry,
        "values": entries.columns_of(entry),
        "columns": COLUMNS[alert_list.kind],
        "errors": {},
        "saved": request.query_params.get("saved") == "1",
    }
    return render(request, ENTRY_PAGE, context | extra, status_code=status_code)


def _version(text: str) -> int:
    """The version the form was read at."""
    if not text.isdigit():
        raise Invalid("the form is missing the version it was read at; reload it", field="version")
    return int(text)


@router.get("/alert-lists/{list_id}/entries/{entry_id}")
def entry_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("alerts.manage")],
    list_id: uuid.UUID,
    entry_id: uuid.UUID,
) -> Response:
    """One entry with the form to change it and the button to remove it."""
    return _entry_page(request, session, list_id, entry_id)


@router.post("/alert-lists/{list_id}/entries/{entry_id}")
async def entry_edit(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("alerts.manage")],
    list_id: uuid.UUID,
    entry_id: uuid.UUID,
) -> Response:
    """Change an entry from the form; a stale version or a bad value re-shows the form."""
    values = forms.form_values(await request.form())
    version = values.pop("version", "")
    values.pop("csrf_token", None)
    edited = forms.submit(
        session,
        lambda: entries.edit_entry(
            session=session,
            list_id=list_id,
            entry_id=entry_id,
            version=_version(version),
            values=values,
        ),
    )
    if isinstance(edited, forms.Rejected):
        if edited.status in (403, 404) and isinstance(edited.error, PassageError):
            raise edited.error
        typed = {} if edited.status == 409 else {"values": values}  # a stale form is reloaded
        return _entry_page(
            request, session, list_id, entry_id, edited.status, errors=edited.errors, **typed
        )
    return redirect(f"/alert-lists/{list_id}/entries/{entry_id}?saved=1")


@router.post("/alert-lists/{list_id}/entries/{entry_id}/remove")
def entry_remove(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("alerts.manage")],
    list_id: uuid.UUID,
    entry_id: uuid.UUID,
    version: Annotated[int, Form()],
) -> Response:
    """Remove an entry (never screened again); a stale version re-shows the entry."""
    removed = forms.submit(
        session,
        lambda: entries.remove_entry(
            session=session, list_id=list_id, entry_id=entry_id, version=version
        ),
    )
    if isinstance(removed, forms.Rejected):
        if removed.status in (403, 404) and isinstance(removed.error, PassageError):
            raise removed.error
        return _entry_page(
            request, session, list_id, entry_id, removed.status, errors=removed.errors
        )
    return redirect(f"/alert-lists/{list_id}")


def _hit_page(
    request: Request,
    session: Session,
    hit_id: uuid.UUID,
    principal: Principal,
    status_code: int = 200,
    **extra: object,
) -> Response:
    hit, crossing = screening.get_hit(session=session, hit_id=hit_id, actor=principal)
    sides = screening.hit_sides(session=session, hit=hit, crossing=crossing)
    context = {
        "hit": hit,
        "crossing": crossing,
        "traveller": sides.traveller,
        "document": sides.document,
        "person": ListedPersonView.model_validate(sides.person) if sides.person else None,
        "listed_document": sides.listed_document,
    }
    return render(request, HIT_PAGE, context | extra, status_code=status_code)


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
    values = {"version": version, "status": status, "reason": reason}
    resolved = forms.submit(
        session,
        lambda: screening.resolve_hit(
            session=session, hit_id=hit_id, data=HitResolve.model_validate(values), actor=principal
        ),
    )
    if isinstance(resolved, forms.Rejected):
        if resolved.status in (403, 404) and isinstance(resolved.error, PassageError):
            raise resolved.error
        message = _form_error(resolved.error)
        return _hit_page(
            request, session, hit_id, principal, resolved.status, form_error=message, reason=reason
        )
    return redirect(f"/hits/{hit_id}")
