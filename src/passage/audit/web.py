"""HTML page of the audit trail (administrators)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import PlainTextResponse, Response

from passage.access import Principal
from passage.audit import service
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.kit.clock import IsoDate
from passage.web.render import render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
PAGE_SIZE = 50


@router.get("/admin/audit")
def audit_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("audit.read")],
    action: Annotated[str | None, Query(max_length=60)] = None,
    actor: Annotated[str | None, Query(max_length=64)] = None,
    object_type: Annotated[str | None, Query(max_length=60)] = None,
    object_id: Annotated[str | None, Query(max_length=64)] = None,
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    page: Annotated[int, Query(ge=1, le=2_000_000)] = 1,
) -> Response:
    """The newest entries, by who acted (named), filterable by person, object, action, days."""
    filters = service.EntryFilters(action, object_type, object_id, actor, since, until)
    items, total = service.list_entries(
        session=session, filters=filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    shown = {k: v for k, v in vars(filters).items() if v}
    context = {
        "entries": items,
        "total": total,
        "page": page,
        "filters": shown,
        "names": service.actor_names(session=session, entries=items),
        "people": service.people(session=session),
        "query": urlencode({("actor" if k == "actor_id" else k): v for k, v in shown.items()}),
        "pages": max(1, -(-total // PAGE_SIZE)),
    }
    return render(request, "audit/entries.html", context)


@router.post("/admin/audit/verify")
def audit_verify(
    request: Request, session: SessionDep, principal: Annotated[Principal, Require("audit.read")]
) -> Response:
    """Verify the chain and show the outcome."""
    report = service.verify(session)
    return render(request, "audit/verify.html", {"report": report}, partial="audit/_verify.html")


@router.get("/admin/audit/checkpoints.jsonl")
def audit_checkpoints(
    session: SessionDep, principal: Annotated[Principal, Require("audit.read")]
) -> Response:
    """The checkpoints kept here, one JSON line each, to store where the database is not."""
    lines = [item.to_line() for item in service.list_checkpoints(session=session, limit=1000)]
    headers = {"Content-Disposition": 'attachment; filename="audit-checkpoints.jsonl"'}
    return PlainTextResponse("".join(line + "\n" for line in lines), headers=headers)
