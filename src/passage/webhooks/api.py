"""JSON routes of the webhook outbox: the dead-letter list and its retry or discard."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.webhooks import service
from passage.webhooks.schemas import DeadLetterRead

router = APIRouter(prefix="/api/v1/webhooks", tags=["webhooks"])
Manager = Annotated[Principal, Require("webhooks.manage")]


@router.get("/dead-letters", response_model=list[DeadLetterRead])
def list_dead_letters(
    session: SessionDep, principal: Manager, topic: Annotated[str | None, Query()] = None
) -> list[DeadLetterRead]:
    """Messages given up after their last attempt, newest first."""
    return service.dead_letter_reads(session, topic)


@router.post("/dead-letters/{message_id}/retry", status_code=202)
def retry(message_id: uuid.UUID, session: SessionDep, principal: Manager) -> dict[str, str]:
    """Queue a dead message again, due now."""
    message = service.retry_dead(session=session, message_id=message_id)
    return {"id": str(message.id), "status": message.status}


@router.post("/dead-letters/{message_id}/discard")
def discard(message_id: uuid.UUID, session: SessionDep, principal: Manager) -> dict[str, str]:
    """Give up on a dead message for good."""
    message = service.discard_dead(session=session, message_id=message_id)
    return {"id": str(message.id), "status": message.status}
