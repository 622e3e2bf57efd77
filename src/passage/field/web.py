"""HTML pages of field nodes: on the central, the node list (tokens, revocation) and the
conflict review queue; on a node, the sync page."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import SESSION_COOKIE, CurrentUser, Require, verify_csrf
from passage.config import get_settings
from passage.db import SessionDep
from passage.field import central, keys, merge, node, service
from passage.web.forms import Rejected, submit
from passage.web.render import redirect, render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
Manager = Annotated[Principal, Require("field.manage")]
Reviewer = Annotated[Principal, Require("field.review")]


def _nodes_page(request: Request, session: Session, status: int = 200, **extra: object) -> Response:
    context = {"nodes": service.node_reads(session=session), **extra}
    return render(request, "field/nodes.html", context, status_code=status)


@router.get("/admin/field")
def nodes_page(request: Request, session: SessionDep, principal: Manager) -> Response:
    """Enrolled nodes: last contact, waiting changes, conflicts, refusals; tokens."""
    return _nodes_page(request, session)


@router.post("/admin/field/tokens")
def issue_token(
    request: Request,
    session: SessionDep,
    principal: Manager,
    poe_id: Annotated[str, Form()] = "",
    office: Annotated[str, Form()] = "",
    organisation: Annotated[str, Form()] = "",
) -> Response:
    """Issue a one-time enrolment token; the page shows it this once."""
    outcome = submit(
        session,
        lambda: central.issue_token(
            session=session,
            poe_id=uuid.UUID(poe_id.strip()) if poe_id.strip() else None,
            office=office.strip() or None,
            organisation=organisation.strip() or None,
            actor_id=principal.user_id,
        ),
    )
    if isinstance(outcome, Rejected):
        return _nodes_page(request, session, outcome.status, errors=outcome.errors)
    return _nodes_page(request, session, new_token=outcome)


@router.post("/admin/field/nodes/{node_id}/revoke")
def revoke_node(
    node_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Manager,
    version: Annotated[int, Form()],
) -> Response:
    """Revoke a node (a lost laptop)."""
    central.revoke(session=session, node_id=node_id, version=version)
    return redirect("/admin/field")


@router.get("/admin/field/conflicts")
def conflicts_page(request: Request, session: SessionDep, principal: Reviewer) -> Response:
    """Fields edited both at a node and here: choose the value to keep."""
    rows = service.conflicts(session=session, status="open")
    return render(request, "field/conflicts.html", {"conflicts": rows})


@router.post("/admin/field/conflicts/{conflict_id}/resolve")
def resolve_conflict(
    conflict_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Reviewer,
    choice: Annotated[str, Form()],
    version: Annotated[int, Form()],
) -> Response:
    """Keep the node's value or the central's (audited)."""
    merge.resolve(
        session=session,
        conflict_id=conflict_id,
        choice=choice,
        version=version,
        actor_id=principal.user_id,
    )
    return redirect("/admin/field/conflicts")


@router.get("/field/sync")
def sync_page(
    request: Request, session: SessionDep, principal: Annotated[Principal, Require("field.status")]
) -> Response:
    """This node's sync: last sync, waiting changes, errors, reference data as of."""
    locked = keys.is_sealed(session=session) and not keys.is_open(session=session)
    context = {"sync": node.status(session=session), "locked": locked}
    return render(request, "field/sync.html", context)


@router.get("/field/unlock")
def unlock_page(
    request: Request, session: SessionDep, principal: Annotated[Principal, Require("account")]
) -> Response:
    """A node whose data stays locked for this officer (their first sign-in here, no one
    else signed in): the enrolment secret opens it."""
    return _unlock_page(request, session)


def _unlock_page(
    request: Request, session: Session, status: int = 200, **extra: object
) -> Response:
    context = {
        "sealed": keys.is_sealed(session=session),
        "open": keys.is_open(session=session),
        **extra,
    }
    return render(request, "field/unlock.html", context, status_code=status)


@router.post("/field/unlock")
def unlock(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    principal: Annotated[Principal, Require("account")],
    password: Annotated[str, Form()],
    secret: Annotated[str, Form()],
) -> Response:
    """Open the node's data with the enrolment secret and keep it wrapped for this officer."""
    outcome = submit(
        session,
        lambda: keys.unlock_with_secret(
            session=session,
            user=user,
            password=password,
            secret=secret,
            holder=keys.web_holder(request.cookies.get(SESSION_COOKIE, "")),
            hours=get_settings().session_hours,
        ),
    )
    if isinstance(outcome, Rejected):
        return _unlock_page(request, session, outcome.status, errors=outcome.errors)
    return redirect("/field/sync")
