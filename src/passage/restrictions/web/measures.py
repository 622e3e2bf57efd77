"""The measures' pages: search, one measure (current version, workflow buttons, comments,
discrepancy form, history) and its workflow steps (publish, lift, verify)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.exchange import partners as exchange_partners
from passage.geo import service as geo_service
from passage.kit.clock import today
from passage.kit.readable import first_invalid
from passage.restrictions import access, moderation, service
from passage.restrictions.schemas import WorkflowAction
from passage.restrictions.taxonomy import TARGET_KINDS, MeasureClass
from passage.restrictions.web.editor import TARGET_FIELDS, types_by_class
from passage.web import forms
from passage.web.render import redirect, render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
PAGE_SIZE = 50
STALE_AFTER_DAYS = 30


# ------------------------------------------------------------------ search


@router.get("/measures")
def measures_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.read")],
    country: Annotated[str, Query(max_length=3)] = "",
    target_kind: Annotated[str, Query(max_length=12)] = "",
    target: Annotated[str, Query(max_length=3)] = "",
    measure_class: Annotated[str, Query(max_length=30)] = "",
    measure_type: Annotated[str, Query(max_length=40)] = "",
    status: Annotated[str, Query(max_length=20)] = "",
    on: Annotated[date | None, Query()] = None,
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1, le=2000)] = 1,
) -> Response:
    """Search measures; HTMX swaps only the results."""
    filters = {
        "country": country.upper() or None,
        "target_kind": target_kind if target_kind in TARGET_KINDS else None,
        "target": target.upper() or None,
        "measure_class": measure_class or None,
        "measure_type": measure_type or None,
        "status": status or None,
        "on": on,
        "text": q or None,
    }
    items, total = access.search_visible(
        session=session,
        principal=principal,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
        **filters,
    )
    typed = {
        "country": country,
        "target_kind": target_kind,
        "target": target,
        "measure_class": measure_class,
        "measure_type": measure_type,
        "status": status,
        "on": on.isoformat() if on else "",
        "q": q,
    }
    context = {
        "measures": items,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "query": urlencode(typed),
        "filters": {**filters, "on": typed["on"], "q": q},
        "countries": geo_service.list_countries(session=session),
        "classes": [c.value for c in MeasureClass],
        "types": types_by_class(),
        "target_kinds": TARGET_KINDS,
        "statuses": _statuses(principal),
    }
    return render(
        request, "restrictions/measures.html", context, partial="restrictions/_results.html"
    )


def _statuses(principal: Principal) -> tuple[str, ...]:
    """The statuses a principal may search by (drafts for editors only)."""
    if access.sees_drafts(principal):
        return ("draft", *access.PUBLIC_STATUSES)
    return access.PUBLIC_STATUSES


# ------------------------------------------------------------------ one measure


def measure_page(
    request: Request,
    session: Session,
    principal: Principal,
    measure_id: uuid.UUID,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    """The measure page, with `extra` context (a form's errors or a confirmation)."""
    measure, current = access.visible_measure(
        session=session, principal=principal, measure_id=measure_id
    )
    editor = access.sees_drafts(principal)
    history = access.visible_history(session=session, principal=principal, measure_id=measure_id)
    context = {
        "measure": measure,
        "current": current,
        "country": geo_service.find_country(session=session, iso3=measure.country_iso3),
        "stale": bool(service.stale_measures([current], today(), STALE_AFTER_DAYS)),
        "stale_days": STALE_AFTER_DAYS,
        "history": list(reversed(history)),
        "origin": exchange_partners.origin(session, "measure", measure_id),
        "comments": moderation.comments_of(session=session, measure_id=measure_id)
        if editor
        else [],
        "target_fields": TARGET_FIELDS,
        "today": today().isoformat(),
        **extra,
    }
    return render(request, "restrictions/measure.html", context, status_code=status_code)


@router.get("/measures/{measure_id}")
def show_measure(
    measure_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.read")],
) -> Response:
    """A measure: current version, workflow buttons, comments, discrepancy form, history."""
    return measure_page(request, session, principal, measure_id)


async def _workflow(
    request: Request, session: Session, principal: Principal, measure_id: uuid.UUID, step: str
) -> Response:
    form = await request.form()
    try:
        action = WorkflowAction.model_validate(
            {k: form.get(k) or None for k in ("version", "on", "note")}
        )
    except ValidationError as error:
        raise first_invalid(error) from None
    outcome = forms.submit(
        session,
        lambda: access.run_workflow(
            session=session, principal=principal, measure_id=measure_id, step=step, action=action
        ),
    )
    if isinstance(outcome, forms.Rejected):
        message = next(iter(outcome.errors.values()))
        return measure_page(
            request, session, principal, measure_id, outcome.status, workflow_error=message
        )
    return redirect(f"/measures/{measure_id}")


@router.post("/measures/{measure_id}/publish")
async def publish_measure(
    measure_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.publish")],
) -> Response:
    """Publish a draft."""
    return await _workflow(request, session, principal, measure_id, "publish")


@router.post("/measures/{measure_id}/lift")
async def lift_measure(
    measure_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.publish")],
) -> Response:
    """Lift a published measure from a date."""
    return await _workflow(request, session, principal, measure_id, "lift")


@router.post("/measures/{measure_id}/verify")
async def verify_measure(
    measure_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.edit")],
) -> Response:
    """Mark a measure verified today."""
    return await _workflow(request, session, principal, measure_id, "verify")
