"""HTML page of the webhook dead letters: messages given up after their last attempt, with
retry and discard."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.web.render import redirect, render
from passage.webhooks import service

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
Manager = Annotated[Principal, Require("webhooks.manage")]


@router.get("/admin/webhooks/dead-letters")
def dead_letters_page(
    request: Request,
    session: SessionDep,
    principal: Manager,
    done: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    """Dead messages, newest first, each with its last error."""
    context = {"dead": service.dead_letters(session=session), "done": done}
    return render(request, "webhooks/dead_letters.html", context)


@router.post("/admin/webhooks/dead-letters/{message_id}/retry")
def retry(
    message_id: uuid.UUID, request: Request, session: SessionDep, principal: Manager
) -> Response:
    """Queue a dead message again, due now."""
    service.retry_dead(session=session, message_id=message_id)
    return redirect("/admin/webhooks/dead-letters?done=retried")


@router.post("/admin/webhooks/dead-letters/{message_id}/discard")
def discard(
    message_id: uuid.UUID, request: Request, session: SessionDep, principal: Manager
) -> Response:
    """Give up on a dead message for good."""
    service.discard_dead(session=session, message_id=message_id)
    return redirect("/admin/webhooks/dead-letters?done=discarded")
