"""The officer's crossing lists: crossings at their POEs (filtered by POE, day, direction,
decision and open hits), overstays, and departures without a recorded entry. Each list is an
audited read through the service; registering and deciding are in `web`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any, get_args

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.border.crossings import service
from passage.border.crossings.models import Crossing
from passage.border.crossings.schemas import DecisionName
from passage.db import SessionDep
from passage.errors import Invalid
from passage.geo import service as geo_service
from passage.kit.clock import today
from passage.kit.readable import explain
from passage.web.render import render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
PAGE_SIZE = 50
VIEWS = ("crossings", "overstays", "departures")
DECISIONS: tuple[str, ...] = ("pending", *get_args(DecisionName))
SCREENING = ("open_hits", "resolved", "clear")


def _day(value: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise Invalid("give the day as YYYY-MM-DD", field="date") from None


def _poe_id(value: str) -> uuid.UUID | None:
    if not value.strip():
        return None
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        raise Invalid("choose a point of entry from the list", field="poe") from None


def _rows(session: Session, principal: Principal, filters: dict[str, Any], page: int) -> Any:
    """What the chosen view lists: (items, total) with their travellers."""
    poe_id, view = filters["poe_id"], filters["view"]
    crossings: Sequence[Crossing]
    if view == "overstays":
        on = filters["on"] or today()
        found = service.overstays(session=session, actor=principal, on=on, poe_id=poe_id)
        items: list[Any] = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        crossings = [item.crossing for item in items]
        total = len(found)
    elif view == "departures":
        crossings, total = service.departures_without_entry(
            session=session,
            actor=principal,
            poe_id=poe_id,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
        items = list(crossings)
    else:
        crossings, total = service.search_crossings(
            session=session,
            actor=principal,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
            poe_id=poe_id,
            direction=filters["direction"],
            on=filters["on"],
            decision=filters["decision"],
            screening_status=filters["screening"],
            name=filters["name"],
            document_number=filters["document"],
        )
        items = list(crossings)
    return items, total, service.travellers_of(session=session, crossings=crossings)


@router.get("/border/crossings")
def crossings_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("border.read")],
    view: Annotated[str, Query(max_length=12)] = "crossings",
    poe: Annotated[str, Query(max_length=40)] = "",
    direction: Annotated[str, Query(max_length=5)] = "",
    on: Annotated[str, Query(alias="date", max_length=10)] = "",
    decision: Annotated[str, Query(max_length=30)] = "",
    screening: Annotated[str, Query(max_length=12)] = "",
    name: Annotated[str, Query(max_length=200)] = "",
    document: Annotated[str, Query(max_length=30)] = "",
    page: Annotated[int, Query(ge=1, le=2000)] = 1,
) -> Response:
    """Crossings at your points of entry, newest first, filtered (a traveller's name in any
    spelling or script, a document number, a day ...); or overstays; or departures without a
    recorded entry."""
    values = {"view": view, "poe": poe, "direction": direction, "date": on}
    values |= {"decision": decision, "screening": screening, "name": name, "document": document}
    poes = geo_service.operable_poes(session=session, principal=principal, permission="border.read")
    errors: dict[str, str] = {}
    items: list[Any] = []
    total, travellers = 0, {}
    try:
        filters = {
            "view": view if view in VIEWS else "crossings",
            "poe_id": _poe_id(poe),
            "on": _day(on),
            "direction": direction if direction in ("entry", "exit") else None,
            "decision": decision if decision in DECISIONS else None,
            "screening": screening if screening in SCREENING else None,
            "name": name.strip() or None,
            "document": document.strip() or None,
        }
        items, total, travellers = _rows(session, principal, filters, page)
    except Invalid as error:
        errors[error.field or "date"] = explain(error, name_field=False)
    context = {
        "values": values,
        "view": values["view"] if values["view"] in VIEWS else "crossings",
        "errors": errors,
        "poes": poes,
        "poe_names": {p.id: p.name for p in poes},
        "items": items,
        "total": total,
        "travellers": travellers,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "decisions": DECISIONS,
        "screening_states": SCREENING,
    }
    return render(request, "border/crossings.html", context, status_code=422 if errors else 200)
