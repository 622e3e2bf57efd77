"""The crossing statistics page of a point of entry: entries and exits per day as SVG bars."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.border.crossings import figures, stats
from passage.db import SessionDep
from passage.errors import Invalid
from passage.kit.clock import today
from passage.web.render import render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
DEFAULT_DAYS = 30
MAX_CHART_DAYS = 366


def _range(date_from: date | None, date_to: date | None) -> tuple[date, date]:
    """The days to chart: the given range, or the last 30 days; at most a year."""
    last = date_to or today()
    try:
        first = date_from or last - timedelta(days=DEFAULT_DAYS - 1)
    except OverflowError:
        first = last
    if last < first or (last - first).days >= MAX_CHART_DAYS:
        raise Invalid(
            "choose a range of 1 to %(limit)s days", params={"limit": MAX_CHART_DAYS}, field="from"
        )
    return first, last


@router.get("/poes/{poe_id}/statistics")
def poe_statistics_page(
    poe_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("border.stats")],
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
) -> Response:
    """Entries and exits per day at one POE (counts only), as a chart and a table."""
    poe = figures.poe_for_statistics(session=session, poe_id=poe_id, actor=principal)
    first, last = _range(date_from, date_to)
    rows = figures.statistics(
        session=session,
        actor=principal,
        date_from=first,
        date_to=last,
        group_by=["day"],
        poe_id=poe.id,
    )
    series = stats.daily_series(rows, first, last)
    context = {
        "poe": poe,
        "date_from": first,
        "date_to": last,
        "series": series,
        "chart": stats.bar_chart(series),
        "totals": stats.totals(rows),
    }
    return render(
        request, "border/statistics.html", context, partial="border/_statistics_chart.html"
    )
