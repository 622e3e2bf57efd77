"""The overview page: a date picker, the figures in tables with server-drawn SVG bars."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.kit.clock import today
from passage.overview.queries import DateQuery, StaleQuery
from passage.overview.service import build_overview
from passage.web.render import render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
BAR_WIDTH = 200


def bar_width(value: int | float | None, maximum: int | float | None) -> int:
    """Pixel width of a bar scaled to the largest value of its table (at least 1 when > 0)."""
    if not value or not maximum:
        return 0
    return max(1, round(BAR_WIDTH * value / maximum))


@router.get("/overview")
def overview_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("overview.read")],
    date: DateQuery = None,
    stale_days: StaleQuery = 30,
) -> Response:
    """The Global Mobility Restriction Overview for a date (today by default)."""
    on = date or today()
    overview = build_overview(session=session, on=on, stale_days=stale_days)
    context = {
        "overview": overview,
        "on": on,
        "previous_day": (on - timedelta(days=1)).isoformat(),
        "next_day": (on + timedelta(days=1)).isoformat(),
        "bar_width": bar_width,
        "bar_max": BAR_WIDTH,
    }
    return render(request, "overview/overview.html", context)
