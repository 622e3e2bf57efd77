"""JSON, CSV and PDF routes of the Global Mobility Restriction Overview (public)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.kit.clock import today
from passage.overview.queries import DateQuery, KnownOnQuery, StaleQuery
from passage.overview.service import build_overview, export_overview
from passage.web.downloads import file_response

router = APIRouter(prefix="/api/v1", tags=["overview"])


def export(
    session: Session, on: date, stale_days: int, format: str, known_on: date | None = None
) -> Response:
    """The overview as a CSV or PDF download (audited as an export)."""
    content = export_overview(
        session=session, on=on, stale_days=stale_days, format=format, known_on=known_on
    )
    filename = f"passage-overview-{on.isoformat()}.{format}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    media_type = "text/csv; charset=utf-8" if format == "csv" else "application/pdf"
    return Response(content, media_type=media_type, headers=headers)


@router.get("/overview")
def read_overview(
    session: SessionDep,
    principal: Annotated[Principal, Require("overview.read")],
    date: DateQuery = None,
    stale_days: StaleQuery = 30,
    known_on: KnownOnQuery = None,
) -> dict[str, Any]:
    """The Global Mobility Restriction Overview for a date (as known now, or on `known_on`)."""
    return build_overview(
        session=session, on=date or today(), stale_days=stale_days, known_on=known_on
    )


@router.get(
    "/overview.csv",
    response_class=Response,
    responses=file_response("text/csv", "The overview as CSV with an HXL row"),
)
def overview_csv(
    session: SessionDep,
    principal: Annotated[Principal, Require("overview.read")],
    date: DateQuery = None,
    stale_days: StaleQuery = 30,
    known_on: KnownOnQuery = None,
) -> Response:
    """The overview as CSV with an HXL hashtag row (a level for every country)."""
    return export(session, date or today(), stale_days, "csv", known_on)


@router.get(
    "/overview.pdf",
    response_class=Response,
    responses=file_response("application/pdf", "The overview as a PDF"),
)
def overview_pdf(
    session: SessionDep,
    principal: Annotated[Principal, Require("overview.read")],
    date: DateQuery = None,
    stale_days: StaleQuery = 30,
    known_on: KnownOnQuery = None,
) -> Response:
    """The overview as a printable A4 PDF with charts."""
    return export(session, date or today(), stale_days, "pdf", known_on)
