"""JSON routes of reports: a week's or month's counts, and the donor summary."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.kit.clock import IsoDate, today
from passage.protection.reports import service as reports

router = APIRouter(prefix="/api/v1/protection", tags=["protection"])


@router.get("/reports/{period}")
def report(
    period: Annotated[str, Path(pattern="^(week|month)$")],
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.reports")],
    day: IsoDate | None = None,
    organisation: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    """Counts by nationality, sex, age band, situation, priority, service and place (cells
    under 5 are null)."""
    _, found = reports.report(
        session=session, actor=principal, kind=period, day=day or today(), organisation=organisation
    )
    return found


@router.get("/donor-summary")
def donor_summary(
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.reports")],
    first: IsoDate,
    last: IsoDate,
) -> dict[str, Any]:
    """People assisted, services by type, referrals by outcome (cells under 5 are null)."""
    found = reports.donor_summary(session=session, actor=principal, first=first, last=last)
    found["services"] = [cell.__dict__ for cell in found["services"]]
    found["referrals"] = [cell.__dict__ for cell in found["referrals"]]
    return found
