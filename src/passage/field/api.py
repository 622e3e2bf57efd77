"""JSON routes of field nodes: enrolment and the signed batches up and pages down (the node's
signature is its credential), and the central's administration of nodes and conflicts."""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.errors import Invalid
from passage.field import central, merge, node, service
from passage.field.schemas import (
    ConflictRead,
    ConflictResolve,
    EnrolRequest,
    NodeRead,
    NodeRevoke,
    TokenCreate,
    TokenIssued,
)
from passage.kit.uploads import MEGABYTE, read_body

router = APIRouter(tags=["field"])
PREFIX = "/api/v1/field"
BATCH_MAX_MEGABYTES = 64
Node = Annotated[Principal, Require("field.sync")]
Manager = Annotated[Principal, Require("field.manage")]
Reviewer = Annotated[Principal, Require("field.review")]


async def _message(request: Request) -> Any:
    body = await read_body(request, max_megabytes=BATCH_MAX_MEGABYTES)
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise Invalid("the body is not JSON") from None


@router.post(f"{PREFIX}/enrol")
def enrol(data: EnrolRequest, session: SessionDep, principal: Node) -> dict[str, Any]:
    """Enrol a node with a one-time token issued for its site."""
    return central.enrol(
        session=session, token=data.token, name=data.name, public_x=data.public_key
    )


@router.post(f"{PREFIX}/up", max_body_size=BATCH_MAX_MEGABYTES * MEGABYTE)
async def receive_batch(request: Request, session: SessionDep, principal: Node) -> dict[str, Any]:
    """A node's signed batch of changes and audit entries, applied once each (in a worker
    thread: a batch takes seconds, the server's other requests go on meanwhile)."""
    message = await _message(request)
    return await run_in_threadpool(central.receive, session=session, message=message)


@router.post(f"{PREFIX}/down", max_body_size=MEGABYTE)
async def send_page(request: Request, session: SessionDep, principal: Node) -> dict[str, Any]:
    """The next signed page of reference data after the node's cursors."""
    message = await _message(request)
    return await run_in_threadpool(central.serve_down, session=session, message=message)


@router.get(f"{PREFIX}/nodes", response_model=list[NodeRead])
def list_nodes(session: SessionDep, principal: Manager) -> list[NodeRead]:
    """Every enrolled node: last contact, waiting changes, conflicts, refusals."""
    return service.node_reads(session=session)


@router.post(f"{PREFIX}/tokens", response_model=TokenIssued, status_code=201)
def issue_token(data: TokenCreate, session: SessionDep, principal: Manager) -> TokenIssued:
    """A one-time enrolment token for a site, shown once."""
    token = central.issue_token(
        session=session,
        poe_id=data.poe_id,
        office=data.office,
        organisation=data.organisation,
        actor_id=principal.user_id,
    )
    return TokenIssued(token=token)


@router.post(f"{PREFIX}/nodes/{{node_id}}/revoke", response_model=NodeRead)
def revoke_node(
    node_id: uuid.UUID, data: NodeRevoke, session: SessionDep, principal: Manager
) -> NodeRead:
    """Revoke a node: its later changes are refused and counted."""
    central.revoke(session=session, node_id=node_id, version=data.version)
    return service.node_read(session=session, node_id=node_id)


@router.get(f"{PREFIX}/conflicts", response_model=list[ConflictRead])
def list_conflicts(
    session: SessionDep, principal: Reviewer, status: str | None = "open"
) -> list[ConflictRead]:
    """The conflict review queue (open ones by default)."""
    rows = service.conflicts(session=session, status=status)
    return [ConflictRead.model_validate(row) for row in rows]


@router.post(f"{PREFIX}/conflicts/{{conflict_id}}/resolve", response_model=ConflictRead)
def resolve_conflict(
    conflict_id: uuid.UUID, data: ConflictResolve, session: SessionDep, principal: Reviewer
) -> ConflictRead:
    """Keep the node's value or the central's; the choice is audited and sent to the node."""
    row = merge.resolve(
        session=session,
        conflict_id=conflict_id,
        choice=data.choice,
        version=data.version,
        actor_id=principal.user_id,
    )
    return ConflictRead.model_validate(row)


@router.get(f"{PREFIX}/status")
def sync_status(
    session: SessionDep, principal: Annotated[Principal, Require("field.status")]
) -> dict[str, Any]:
    """This node's sync state: last sync, waiting changes, errors, reference data as of."""
    return service.status_json(node.status(session=session))
