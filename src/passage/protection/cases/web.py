"""Pages of case management: the protection home, the priority queue, a caseload, one case
with every action on it, screening with a model, documents."""

from __future__ import annotations

import uuid
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.border.referrals.schemas import flag_label
from passage.db import SessionDep
from passage.errors import NotFound
from passage.kit.uploads import read_upload
from passage.protection import pages
from passage.protection.access import may
from passage.protection.cases import documents, lists, plan, screening
from passage.protection.cases import service as cases
from passage.protection.cases.actions import ACTIONS
from passage.protection.cases.schemas import (
    TRANSITIONS,
)
from passage.protection.referrals import service as referrals
from passage.protection.scoring import service as scoring
from passage.protection.scoring.schemas import ScreeningCreate
from passage.protection.vocabulary import CLOSURE_REASONS, PRIORITIES, SERVICE_TYPES
from passage.web import forms
from passage.web.render import redirect

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


@router.get("/protection")
def home(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
) -> Response:
    """The protection home: what waits, and where the work is."""
    rows, total = lists.priority_queue(session=session, actor=principal, limit=10)
    context = {
        "rows": rows,
        "total": total,
        "counts": lists.counts(session=session, actor=principal),
    }
    return pages.page(request, "protection/home.html", context)


@router.get("/protection/queue")
def queue_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
    page: Annotated[int, Query(ge=1, le=5000)] = 1,
) -> Response:
    """Open cases, the highest priority first, then the longest waiting."""
    rows, total = lists.priority_queue(session=session, actor=principal, offset=(page - 1) * 50)
    names = lists.user_names(session=session, user_ids=[row.case.assigned_to for row in rows])
    return pages.page(
        request,
        "protection/queue.html",
        {"rows": rows, "total": total, "page": page, "names": names},
    )


@router.get("/protection/caseload")
def caseload_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
    worker: uuid.UUID | None = None,
    after: Annotated[str | None, Query(max_length=120)] = None,
) -> Response:
    """A case worker's open cases with overdue follow-ups, and their reminders, a page at a
    time (the next page starts after the last case shown)."""
    rows, reminders, following = lists.caseload_lines(
        session=session, actor=principal, worker_id=worker, after=after
    )
    query = {"after": following} | ({"worker": str(worker)} if worker else {})
    context = {
        "rows": rows,
        "reminders": reminders,
        "next_page": f"/protection/caseload?{urlencode(query)}" if following else None,
    }
    return pages.page(request, "protection/caseload.html", context)


def _case_page(
    request: Request,
    session: Session,
    principal: Principal,
    case_id: uuid.UUID,
    errors: dict[str, str] | None = None,
    status: int = 200,
    failed: str = "",
) -> Response:
    case, person = cases.case_and_person(session=session, case_id=case_id, actor=principal)
    services, follow_ups, notes = plan.plan_of(session=session, case=case)
    latest = scoring.get_screening(session, case.screening_id) if case.screening_id else None
    explanation = scoring.explanation(session, latest) if latest else None
    context = {
        "case": case,
        "person": person,
        "services": services,
        "follow_ups": follow_ups,
        "notes": notes,
        "documents": documents.documents_of(session=session, case=case),
        "referrals": referrals.referrals_of_case(session=session, case=case),
        "providers": {p.id: p for p, _ in referrals.directory(session=session)},
        "screening": latest,
        "explanation": explanation,
        "models": scoring.current_models(session),
        "workers": cases.workers(session=session, organisation=case.organisation),
        "names": lists.user_names(
            session=session, user_ids=[case.assigned_to, *(n.author for n in notes)]
        ),
        "next_statuses": sorted(TRANSITIONS.get(case.status, frozenset())),
        "supervising": may(principal, "protection.supervise", case.organisation, False),
        "closure_reasons": CLOSURE_REASONS,
        "service_types": SERVICE_TYPES,
        "priorities": PRIORITIES,
        "errors": errors or {},
        "failed": failed,
        "border_flag_label": flag_label,
    }
    return pages.page(request, "protection/case.html", context, status)


@router.get("/protection/cases/{case_id}")
def case_page(
    case_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
) -> Response:
    """One case: person, score explained, plan, follow-ups, notes, documents, referrals."""
    return _case_page(request, session, principal, case_id)


def action_payload(schema: type[BaseModel], values: dict[str, Any]) -> dict[str, Any]:
    """The fields of an action's schema from its form (blank means not given)."""
    return {
        name: (values[name] if values[name] != "" else None)
        for name in schema.model_fields
        if name in values
    }


@router.post("/protection/cases/{case_id}/actions/{action}")
async def case_action(
    case_id: uuid.UUID,
    action: str,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> Response:
    """One action on a case (status, risk, assignment, transfer, closure, reopening, services,
    follow-ups, notes); supervisors' actions are refused to others with a clear message."""
    if action not in ACTIONS:
        raise NotFound("no such action")
    schema, call, target = ACTIONS[action]
    values = forms.form_values(await request.form())
    record_id = case_id if target == "case_id" else values.get(target, "")

    def run() -> object:
        data = schema.model_validate(action_payload(schema, values))
        return call(
            **{
                "session": session,
                target: uuid.UUID(str(record_id)),
                "data": data,
                "actor": principal,
            }
        )

    outcome = pages.submit(session, run)
    if isinstance(outcome, forms.Rejected):
        if isinstance(outcome.error, NotFound):
            raise outcome.error
        return _case_page(
            request, session, principal, case_id, outcome.errors, outcome.status, action
        )
    return redirect(f"/protection/cases/{case_id}#{action}")


@router.post("/protection/cases/{case_id}/documents")
async def upload_document(
    case_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
    file: Annotated[UploadFile, File()],
) -> Response:
    """Upload a document (PDF, PNG or JPEG, at most 5 MB)."""

    content = await read_upload(file, max_megabytes=6)
    outcome = pages.submit(
        session,
        lambda: documents.upload(
            session=session,
            case_id=case_id,
            filename=file.filename or "document",
            content=content,
            actor=principal,
        ),
    )
    if isinstance(outcome, forms.Rejected):
        return _case_page(
            request, session, principal, case_id, outcome.errors, outcome.status, "documents"
        )
    return redirect(f"/protection/cases/{case_id}#documents")


@router.get("/protection/documents/{document_id}")
def download_document(
    document_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
) -> Response:
    """A case document, as an attachment (the download is audited)."""
    document, content = documents.download(
        session=session, document_id=document_id, actor=principal
    )
    headers = {
        "Content-Disposition": f'attachment; filename="{document.filename}"',
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }
    return Response(content, media_type=document.content_type, headers=headers)


def _screen_page(
    request: Request,
    session: Session,
    principal: Principal,
    case_id: uuid.UUID,
    code: str,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    case, person = cases.case_and_person(session=session, case_id=case_id, actor=principal)
    models = scoring.current_models(session)
    chosen = next((m for m in models if m.code == code), models[0] if models else None)
    model = scoring.engine_model(chosen) if chosen else None
    context = {
        "case": case,
        "person": person,
        "models": models,
        "chosen": chosen,
        "model": model,
        "values": values,
        "errors": errors,
    }
    return pages.page(request, "protection/screen.html", context, status)


@router.get("/protection/cases/{case_id}/screen")
def screen_page(
    case_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
    model: Annotated[str, Query(max_length=60)] = "general_protection",
) -> Response:
    """The screening form of a scoring model for the case's person."""
    scoring.ensure_shipped(session)
    return _screen_page(request, session, principal, case_id, model, {}, {})


@router.post("/protection/cases/{case_id}/screen")
async def screen(
    case_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> Response:
    """Score the answers; the case takes the priority, the case page explains the score."""
    form = await request.form()
    values = forms.form_values(form)
    code = values.get("model_code", "")
    answers: dict[str, Any] = {}
    for key in {k for k in form if k.startswith("answer.")}:
        chosen = [v for v in form.getlist(key) if isinstance(v, str) and v.strip()]
        if chosen:
            answers[key.removeprefix("answer.")] = " ".join(chosen)
    outcome = pages.submit(
        session,
        lambda: screening.screen_case(
            session=session,
            case_id=case_id,
            data=ScreeningCreate(model_code=code, answers=answers),
            actor=principal,
        ),
    )
    if isinstance(outcome, forms.Rejected):
        return _screen_page(
            request, session, principal, case_id, code, values, outcome.errors, outcome.status
        )
    return redirect(f"/protection/cases/{case_id}#score")
