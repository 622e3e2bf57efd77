"""A point of entry's status history and the form to report its status."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from passage.access import Principal, can
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.geo import service as geo_service
from passage.kit.clock import today
from passage.restrictions import access, service
from passage.restrictions.schemas import PoeStatusCreate
from passage.restrictions.taxonomy import POE_STATUSES, WHO_MAY_CROSS
from passage.web import forms
from passage.web.render import redirect, render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def _poe_status_page(
    request: Request,
    session: Session,
    principal: Principal,
    poe_id: uuid.UUID,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    poe, history = service.poe_status_history(session=session, poe_id=poe_id)
    context = {
        "poe": poe,
        "history": history,
        "may_edit": can(principal, "poe_status.edit", geo_service.poe_target(poe)),
        "statuses": POE_STATUSES,
        "who_choices": WHO_MAY_CROSS,
        "values": {"effective_from": today().isoformat(), "who_may_cross": []},
        "errors": {},
        **extra,
    }
    return render(request, "restrictions/poe_status.html", context, status_code=status_code)


@router.get("/poes/{poe_id}/status")
def poe_status_page(
    poe_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("reference.read")],
) -> Response:
    """A point of entry's status history, with the report form for whoever may edit it."""
    return _poe_status_page(request, session, principal, poe_id)


def payload_from_form(values: dict[str, Any]) -> dict[str, Any]:
    """A PoeStatusCreate-shaped dict from the raw form values."""
    measures = [m.strip() for m in values.get("health_measures", "").split(",") if m.strip()]
    return {
        "status": values.get("status", ""),
        "effective_from": values.get("effective_from") or None,
        "who_may_cross": values["who_may_cross"],
        "health_measures": measures,
        "last_verified_on": values.get("last_verified_on") or None,
        "notes": values.get("notes") or None,
        "source": values.get("source") or None,
    }


@router.post("/poes/{poe_id}/status")
async def poe_status_create(
    poe_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("poe_status.edit")],
) -> Response:
    """Record a status report (border officers: only for their own point of entry)."""
    values = forms.form_values(await request.form(), lists=("who_may_cross",))
    try:
        data = PoeStatusCreate.model_validate(payload_from_form(values))
    except ValidationError as error:
        errors = forms.field_errors(error)
        return _poe_status_page(
            request, session, principal, poe_id, 422, values=values, errors=errors
        )
    access.record_poe_status(session=session, principal=principal, poe_id=poe_id, data=data)
    return redirect(f"/poes/{poe_id}/status")
