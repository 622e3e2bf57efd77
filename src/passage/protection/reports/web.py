"""Report pages: the weekly or monthly counts with charts, their CSV with HXL, and the donor
summary. Counts only; cells under 5 are suppressed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.kit.clock import IsoDate, today
from passage.protection import pages
from passage.protection.reports import service as reports
from passage.protection.reports import tables

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


@router.get("/protection/reports")
def reports_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.reports")],
    period: Annotated[str, Query(pattern="^(week|month)$")] = "week",
    day: IsoDate | None = None,
    organisation: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """The report of a week or month: counts by category, charts, the CSV."""
    found, report = reports.report(
        session=session,
        actor=principal,
        kind=period,
        day=day or today(),
        organisation=organisation or None,
    )
    context = {
        "period": found,
        "report": report,
        "organisation": organisation,
        "previous_day": found.starts_on.fromordinal(found.starts_on.toordinal() - 1),
        "next_day": found.ends_on.fromordinal(found.ends_on.toordinal() + 1),
        "threshold": tables.THRESHOLD,
    }
    return pages.page(request, "protection/reports.html", context)


@router.get("/protection/reports.csv")
def reports_csv(
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.reports")],
    period: Annotated[str, Query(pattern="^(week|month)$")] = "week",
    day: IsoDate | None = None,
    organisation: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """The report as CSV with an HXL row (suppressed counts blank and flagged)."""
    found, report = reports.report(
        session=session,
        actor=principal,
        kind=period,
        day=day or today(),
        organisation=organisation or None,
    )
    name = f"protection-{found.kind}-{found.starts_on.isoformat()}.csv"
    return Response(
        tables.to_csv(report, found.starts_on, found.ends_on),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/protection/reports/donor")
def donor_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.reports")],
    first: IsoDate | None = None,
    last: IsoDate | None = None,
) -> Response:
    """People assisted, services by type and referrals by outcome over a period."""
    last = last or today()
    first = first or last.replace(day=1)
    summary = reports.donor_summary(
        session=session, actor=principal, first=min(first, last), last=max(first, last)
    )
    return pages.page(
        request, "protection/donor.html", {"summary": summary, "first": first, "last": last}
    )
