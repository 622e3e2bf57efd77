"""Pages of cases and follow-up, and the travellers-of-interest list and map."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from passage.access import Principal, can
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.errors import NotFound
from passage.geo import service as geo_service
from passage.health import access
from passage.health.cases import facilities, interest
from passage.health.cases import service as cases
from passage.health.cases.forms import action_payload
from passage.health.cases.schemas import (
    CLOSURE_REASONS,
    CaseClosure,
    CaseConfirmation,
    CaseReferral,
    FollowUpRecord,
)
from passage.health.cases.service import TRANSITIONS
from passage.health.pages import page
from passage.health.screening import criteria
from passage.health.screening.service import vocabulary_of
from passage.kit.clock import today
from passage.web import forms
from passage.web.render import redirect

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
CASE_STATUSES = tuple(TRANSITIONS)


@router.get("/health/cases")
def cases_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.read")],
    status: Annotated[str, Query(max_length=20)] = "",
    due: Annotated[str, Query(max_length=10)] = "",
    page_number: Annotated[int, Query(alias="page", ge=1, le=2000)] = 1,
) -> Response:
    """Cases in your scope, newest first (`due=today`: with a follow-up due today or overdue)."""
    rows, total = cases.search_cases(
        session=session,
        actor=principal,
        status=status if status in CASE_STATUSES else None,
        due_by=today() if due == "today" else None,
        limit=50,
        offset=(page_number - 1) * 50,
    )
    context = {
        "rows": rows,
        "total": total,
        "status": status,
        "due": due == "today",
        "statuses": CASE_STATUSES,
        "page": page_number,
        "poe_names": access.poe_names(session=session, poe_ids=[case.poe_id for case, _ in rows]),
        "disease_names": criteria.names(criteria.current(session)),
    }
    return page(request, "health/cases.html", context)


def _case_page(
    request: Request,
    session: Session,
    principal: Principal,
    case_id: uuid.UUID,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    case, screening, tasks = cases.get_case(session=session, case_id=case_id, actor=principal)
    poe = geo_service.get_poe(session=session, poe_id=case.poe_id)
    diseases = criteria.current(session)
    context = {
        "case": case,
        "screening": screening,
        "tasks": tasks,
        "poe": poe,
        "next_statuses": TRANSITIONS[case.status],
        "facilities": facilities.facilities_for(session=session, poe=poe),
        "may_manage": can(principal, "health.cases", geo_service.poe_target(poe)),
        "diseases": diseases,
        "disease_names": criteria.names(diseases),
        "closure_reasons": CLOSURE_REASONS,
        "symptoms": vocabulary_of(diseases),
        "errors": errors or {},
        "values": values or {},
        "today": today(),
    }
    return page(request, "health/case.html", context, status)


@router.get("/health/cases/{case_id}")
def case_page(
    case_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.read")],
) -> Response:
    """A case: the screening, the follow-up schedule, referral, confirmation and closure."""
    return _case_page(request, session, principal, case_id)


async def _case_action(
    request: Request,
    session: Session,
    principal: Principal,
    case_id: uuid.UUID,
    schema: type[BaseModel],
    action: Callable[[Any], object],
    anchor: str,
) -> Response:
    form = await request.form()
    values = forms.form_values(form)
    payload = action_payload(schema, values, forms.form_values(form, lists=("symptoms",)))
    outcome = forms.submit(session, lambda: action(schema.model_validate(payload)))
    if isinstance(outcome, forms.Rejected):
        if isinstance(outcome.error, NotFound) and outcome.error.field is None:
            raise outcome.error from None
        errors = {f"{anchor}.{k}": v for k, v in outcome.errors.items()}
        return _case_page(request, session, principal, case_id, errors, values, outcome.status)
    return redirect(f"/health/cases/{case_id}#{anchor}")


@router.post("/health/cases/{case_id}/follow-ups/{task_id}")
async def record_follow_up(
    case_id: uuid.UUID,
    task_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.cases")],
) -> Response:
    """Record the outcome of one follow-up."""

    def act(data: Any) -> None:
        cases.record_follow_up(
            session=session, case_id=case_id, task_id=task_id, data=data, actor=principal
        )

    return await _case_action(
        request, session, principal, case_id, FollowUpRecord, act, f"task-{task_id}"
    )


@router.post("/health/cases/{case_id}/referral")
async def refer_case(
    case_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.cases")],
) -> Response:
    """Refer the traveller to a health facility."""

    def act(data: Any) -> None:
        cases.refer(session=session, case_id=case_id, data=data, actor=principal)

    return await _case_action(request, session, principal, case_id, CaseReferral, act, "referral")


@router.post("/health/cases/{case_id}/confirmation")
async def confirm_case(
    case_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.cases")],
) -> Response:
    """Convert to a confirmed case."""

    def act(data: Any) -> None:
        cases.confirm(session=session, case_id=case_id, data=data, actor=principal)

    return await _case_action(
        request, session, principal, case_id, CaseConfirmation, act, "confirmation"
    )


@router.post("/health/cases/{case_id}/closure")
async def close_case(
    case_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.cases")],
) -> Response:
    """Close the case."""

    def act(data: Any) -> None:
        cases.close(session=session, case_id=case_id, data=data, actor=principal)

    return await _case_action(request, session, principal, case_id, CaseClosure, act, "closure")


@router.post("/health/screenings/{screening_id}/case")
def open_case(
    screening_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.cases")],
) -> Response:
    """Open a case from a screening that needs action."""
    case = cases.open_case_for(session=session, screening_id=screening_id, actor=principal)
    return redirect(f"/health/cases/{case.id}")


# ---------------------------------------------------------------- travellers of interest


@router.get("/health/interest")
def interest_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.read")],
    status: Annotated[str, Query(max_length=10)] = "active",
    disease: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    """Travellers with a condition of interest: a table, and a map of where they entered."""
    items, total = interest.list_interest(
        session=session, actor=principal, status=status, disease=disease or None
    )
    by_poe: dict[uuid.UUID, dict[str, Any]] = {}
    for item in items:
        if item.latitude is None or item.longitude is None:
            continue
        point = by_poe.setdefault(
            item.poe_id,
            {"name": item.poe_name, "lat": item.latitude, "lon": item.longitude, "count": 0},
        )
        point["count"] += 1
    diseases = criteria.current(session)
    context = {
        "items": items,
        "total": total,
        "status": status,
        "disease": disease,
        "diseases": diseases,
        "disease_names": criteria.names(diseases),
        "points": json.dumps(list(by_poe.values())),
    }
    return page(request, "health/interest.html", context)
