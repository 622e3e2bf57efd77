"""Pages of family tracing: the requests and the form to file one, a request's matches for
case staff (match, confirm, reject), and the requester's page (where it stands, and only what
a found adult agreed to share)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from passage.access import Principal, ScopeTarget, can
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.linkage.tracing import service
from passage.linkage.tracing.schemas import TracingRequestCreate
from passage.linkage.tracing.vocabulary import RELATIONSHIPS, STATUSES
from passage.protection import pages
from passage.web import forms
from passage.web.render import redirect, render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
Filer = Annotated[Principal, Require("linkage.trace.request")]
Tracer = Annotated[Principal, Require("linkage.trace")]
OPTIONAL = (
    "surname",
    "birth_date",
    "sex",
    "nationality",
    "separation_place",
    "separation_date",
    "requester_contact",
    "notes",
    "organisation",
)


def _list_page(
    request: Request,
    session: SessionDep,
    principal: Principal,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    found = service.requests(session=session, actor=principal)
    context = {
        "requests": found,
        "handled": {item.id for item in found if _handles(principal, item.organisation)},
        "relationships": [(code, label) for code, label in RELATIONSHIPS.items()],
        "statuses": STATUSES,
        "values": values,
        "errors": errors,
    }
    return render(request, "linkage/tracing.html", context, status_code=status)


def _handles(principal: Principal, organisation: str) -> bool:
    return can(principal, "linkage.trace", ScopeTarget(organisation=organisation))


@router.get("/linkage/tracing")
def tracing_page(request: Request, session: SessionDep, principal: Filer) -> Response:
    """Tracing requests, and the form to file one."""
    return _list_page(request, session, principal, {}, {})


def _payload(values: dict[str, Any]) -> dict[str, Any]:
    payload = pages.blank_none(values, OPTIONAL)
    age = str(values.get("approximate_age") or "").strip()
    variants = str(values.get("name_variants") or "").splitlines()
    return payload | {
        "surname": payload["surname"] or "",
        "given_names": str(values.get("given_names") or "").strip(),
        "name_variants": [variant for variant in variants if variant.strip()],
        "approximate_age": age or None,
        "relationship": values.get("relationship", ""),
        "requester_name": str(values.get("requester_name") or "").strip(),
    }


@router.post("/linkage/tracing")
async def file_request(request: Request, session: SessionDep, principal: Filer) -> Response:
    """File a tracing request."""
    values = forms.form_values(await request.form())
    outcome = pages.submit(
        session,
        lambda: service.file_request(
            session=session,
            actor=principal,
            data=TracingRequestCreate.model_validate(_payload(values)),
        ),
    )
    if isinstance(outcome, forms.Rejected):
        return _list_page(request, session, principal, values, outcome.errors, outcome.status)
    if _handles(principal, outcome.organisation):
        return redirect(f"/linkage/tracing/{outcome.id}")
    return redirect(f"/linkage/tracing/{outcome.id}/requester")


@router.get("/linkage/tracing/{request_id}")
def request_page(
    request_id: uuid.UUID, request: Request, session: SessionDep, principal: Tracer
) -> Response:
    """A request and its matches, with their explanation (case staff only)."""
    tracing = service.handled_request(session=session, actor=principal, request_id=request_id)
    items = service.matches(session=session, actor=principal, request_id=request_id)
    context = {"tracing": tracing, "items": items}
    return render(request, "linkage/tracing_request.html", context)


@router.post("/linkage/tracing/{request_id}/match")
def run_match(
    request_id: uuid.UUID, request: Request, session: SessionDep, principal: Tracer
) -> Response:
    """Match the request against the persons who may be traced."""
    service.match(session=session, actor=principal, request_id=request_id)
    return redirect(f"/linkage/tracing/{request_id}")


@router.post("/linkage/tracing/matches/{match_id}/decision")
async def decide(
    match_id: uuid.UUID, request: Request, session: SessionDep, principal: Tracer
) -> Response:
    """Confirm or reject a match."""
    values = forms.form_values(await request.form())
    version = values.get("version") or "0"
    item = service.decide(
        session=session,
        actor=principal,
        match_id=match_id,
        decision=values.get("decision", ""),
        version=int(version) if version.isdigit() else 0,
    )
    return redirect(f"/linkage/tracing/{item.request_id}")


@router.get("/linkage/tracing/{request_id}/requester")
def requester_page(
    request_id: uuid.UUID, request: Request, session: SessionDep, principal: Filer
) -> Response:
    """What the requester may be told."""
    view = service.requester_view(session=session, actor=principal, request_id=request_id)
    return render(request, "linkage/tracing_requester.html", {"view": view})
