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
    hash: str


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
    """Check the whole hash chain; reports the first altered, inserted or deleted entry."""
    report = service.verify(session)
    problem = report.problem
    return {
        "ok": report.ok,
        "checked": report.checked,
        "problem": None if problem is None else problem.__dict__,
    }
