"""Pages of record linkage: the review queue (run, confirm, reject, merges and their undoing)
and the check of a registration for possible duplicates (a page, or a partial the intake form
asks for with HTMX)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.linkage import checks, service
from passage.web import forms
from passage.web.render import redirect, render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def _queue(request: Request, session: SessionDep, principal: Principal) -> Response:
    context = {
        "items": service.queue(session=session, actor=principal),
        "merges": service.merges(session=session, actor=principal),
    }
    return render(request, "linkage/queue.html", context)


@router.get("/linkage")
def queue_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("linkage.review")],
) -> Response:
    """The review queue: candidate duplicates with their explanation, and merges in force."""
    return _queue(request, session, principal)


@router.post("/linkage/runs")
async def start_run(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("linkage.review")],
) -> Response:
    """De-duplicate the organisation's registry now."""
    values = forms.form_values(await request.form())
    organisation = values.get("organisation") or None
    service.run(session=session, actor=principal, organisation=organisation)
    return redirect("/linkage")


@router.post("/linkage/candidates/{candidate_id}/decision")
async def decide(
    candidate_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("linkage.review")],
) -> Response:
    """Confirm (merge) or reject a candidate."""
    values = forms.form_values(await request.form())
    version = values.get("version") or "0"
    service.decide(
        session=session,
        actor=principal,
        candidate_id=candidate_id,
        decision=values.get("decision", ""),
        version=int(version) if version.isdigit() else 0,
        reason=values.get("reason"),
    )
    return redirect("/linkage")


@router.post("/linkage/merges/{merge_id}/undo")
def undo_merge(
    merge_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("linkage.review")],
) -> Response:
    """Undo a merge; the pair returns to the queue."""
    service.undo_merge(session=session, actor=principal, merge_id=merge_id)
    return redirect("/linkage")


@router.get("/linkage/check")
def check_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("linkage.check")],
    given_names: Annotated[str, Query(max_length=200)] = "",
    surname: Annotated[str, Query(max_length=200)] = "",
    birth_date: Annotated[str, Query(max_length=10)] = "",
    sex: Annotated[str, Query(max_length=1)] = "",
    nationality: Annotated[str, Query(max_length=3)] = "",
    phone: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    """Possible duplicates of a registration being typed (stores nothing)."""
    row: dict[str, Any] = {
        "given_name": given_names,
        "surname": surname,
        "date_of_birth": birth_date,
        "sex": sex,
        "nationality": nationality,
        "phone": phone,
    }
    asked = bool((given_names + surname).strip())
    found = checks.possible_duplicates(session=session, actor=principal, row=row) if asked else []
    context = {"found": found, "asked": asked, "values": row | {"given_names": given_names}}
    return render(request, "linkage/check.html", context, partial="linkage/_duplicates.html")
