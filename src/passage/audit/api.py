"""JSON routes of the audit trail (administrators)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict

from passage.access import Principal
from passage.audit import service
from passage.auth.deps import Require
from passage.db import SessionDep

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


class AuditEntryRead(BaseModel):
    """An audit entry (no personal data is ever stored in one)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    occurred_at: datetime
    actor_type: str
    actor_id: str | None
    action: str
    object_type: str | None
    object_id: str | None
    purpose: str | None
    request_id: str | None
    details: dict[str, Any]
    hash: str | None  # None while the entry waits to be chained (seconds, usually)


class AuditPage(BaseModel):
    """A page of entries, newest first."""

    total: int
    items: list[AuditEntryRead]


@router.get("/entries", response_model=AuditPage)
def list_entries(
    session: SessionDep,
    principal: Annotated[Principal, Require("audit.read")],
    action: str | None = None,
    object_id: str | None = None,
    actor_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=100_000_000)] = 0,
) -> AuditPage:
    """Entries filtered by action, object or actor."""
    items, total = service.list_entries(
        session=session,
        action=action,
        object_id=object_id,
        actor_id=actor_id,
        limit=limit,
        offset=offset,
    )
    return AuditPage(total=total, items=[AuditEntryRead.model_validate(i) for i in items])


@router.get("/verify")
def verify(
    session: SessionDep, principal: Annotated[Principal, Require("audit.read")]
) -> dict[str, Any]:
    """Chain the entries waiting to be chained, then check the whole hash chain; reports the
    first altered, inserted or deleted entry, and how many entries waited (and how long)."""
    report = service.verify(session)
    problem = report.problem
    return {
        "ok": report.ok,
        "checked": report.checked,
        "checkpoints": report.checkpoints,
        "pending": report.pending,
        "oldest_pending_seconds": report.oldest_pending_seconds,
        "problem": None if problem is None else problem.__dict__,
    }


class CheckpointRead(BaseModel):
    """A signed checkpoint of the chain head, as exported: keep copies outside the database."""

    statement: str
    mac: str
    signature: str | None
    kid: str | None


@router.get("/checkpoints", response_model=list[CheckpointRead])
def list_checkpoints(
    session: SessionDep,
    principal: Annotated[Principal, Require("audit.read")],
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[CheckpointRead]:
    """The checkpoints kept here, newest first (for a monitor to copy elsewhere)."""
    items = service.list_checkpoints(session=session, limit=limit, offset=offset)
    return [CheckpointRead.model_validate(item.__dict__) for item in items]


@router.post("/checkpoints", response_model=CheckpointRead, status_code=201)
def make_checkpoint(
    session: SessionDep, principal: Annotated[Principal, Require("audit.read")]
) -> CheckpointRead:
    """Sign a checkpoint of the head now."""
    row = service.make_checkpoint(session=session)
    return CheckpointRead(
        statement=row.statement, mac=row.mac, signature=row.signature, kid=row.kid
    )
