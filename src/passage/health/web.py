"""The port-health home page: today's work. The sub-domains' pages live in their own `web.py`;
every page works without JavaScript."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.health import access
from passage.health.cases import service as cases
from passage.health.pages import page
from passage.health.screening import criteria
from passage.health.screening import service as screening

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


@router.get("/health")
def home(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.read")],
) -> Response:
    """Today's work: screen a traveller, follow-ups due, open cases, recent screenings."""
    recent, _ = screening.search_screenings(session=session, actor=principal, limit=10)
    open_cases, _ = cases.search_cases(session=session, actor=principal, status="open", limit=10)
    context = {
        "poes": access.operable_poes(session, principal),
        "recent": recent,
        "open_cases": open_cases,
        "due": cases.due_follow_ups(session=session, actor=principal),
        "disease_names": criteria.names(criteria.current(session)),
        "poe_names": access.poe_names(session=session, poe_ids=[s.poe_id for s in recent]),
    }
    return page(request, "health/home.html", context)
