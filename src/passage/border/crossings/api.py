"""JSON routes of point-of-entry operations: crossings, decisions, travellers, statistics."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import Require
from passage.border.crossings import figures, service, stats
from passage.border.crossings.schemas import (
    CrossingCreate,
    CrossingDetail,
    CrossingPage,
    CrossingRead,
    DecisionCreate,
    DocumentRead,
    OverstayRead,
    StatisticsRead,
    StatisticsRow,
    TravellerDetail,
    TravellerRead,
)
from passage.db import SessionDep
from passage.errors import Invalid
from passage.kit.clock import IsoDate, today
from passage.web.downloads import file_response

router = APIRouter(prefix="/api/v1", tags=["border"])
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=100_000)]
DEFAULT_STATISTICS_DAYS = 30


def _detail(session: Session, crossing_id: uuid.UUID, principal: Principal) -> CrossingDetail:
    crossing, traveller, document = service.get_crossing_detail(
        session=session, crossing_id=crossing_id, actor=principal
    )
    return CrossingDetail(
        **CrossingRead.model_validate(crossing).model_dump(),
        traveller=TravellerRead.model_validate(traveller),
        document=DocumentRead.model_validate(document) if document else None,
    )


@router.post("/crossings", status_code=201)
def register_crossing(
    data: CrossingCreate,
    session: SessionDep,
    principal: Annotated[Principal, Require("border.operate")],
) -> CrossingRead:
    """Register an entry or exit from the MRZ and/or typed details at a POE in your scope."""
    crossing = service.register_crossing(session=session, data=data, actor=principal)
    return CrossingRead.model_validate(crossing)


@router.get("/crossings")
def search_crossings(
    session: SessionDep,
    principal: Annotated[Principal, Require("border.read")],
    poe: uuid.UUID | None = None,
    direction: Literal["entry", "exit"] | None = None,
    on: Annotated[IsoDate | None, Query(alias="date")] = None,
    decision: Annotated[str | None, Query(max_length=30)] = None,
    name: Annotated[str | None, Query(max_length=200)] = None,
    document: Annotated[str | None, Query(max_length=30)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> CrossingPage:
    """Crossings in your scope, newest first, by POE, direction, day (UTC), decision, the
    traveller's name (any spelling or script) and document number."""
    items, total = service.search_crossings(
        session=session,
        actor=principal,
        limit=limit,
        offset=offset,
        poe_id=poe,
        direction=direction,
        on=on,
        decision=decision,
        name=(name or "").strip() or None,
        document_number=(document or "").strip() or None,
    )
    return CrossingPage(total=total, items=[CrossingRead.model_validate(c) for c in items])


@router.get("/crossings/{crossing_id}")
def read_crossing(
    crossing_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("border.read")],
) -> CrossingDetail:
    """One crossing with its traveller and document (an audited read)."""
    return _detail(session, crossing_id, principal)


@router.post("/crossings/{crossing_id}/decision")
def decide(
    crossing_id: uuid.UUID,
    data: DecisionCreate,
    session: SessionDep,
    principal: Annotated[Principal, Require("border.operate")],
) -> CrossingRead:
    """Record the decision (409 when admitting with alert hits still open, or a stale version)."""
    crossing = service.record_decision(
        session=session, crossing_id=crossing_id, data=data, actor=principal
    )
    return CrossingRead.model_validate(crossing)


@router.get("/travellers/{traveller_id}")
def read_traveller(
    traveller_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("border.read")],
) -> TravellerDetail:
    """A traveller with documents and the crossings in your scope (an audited read)."""
    traveller, documents, crossings = service.get_traveller(
        session=session, traveller_id=traveller_id, actor=principal
    )
    return TravellerDetail(
        **TravellerRead.model_validate(traveller).model_dump(),
        documents=[DocumentRead.model_validate(d) for d in documents],
        crossings=[CrossingRead.model_validate(c) for c in crossings],
    )


@router.get("/border/overstays")
def list_overstays(
    session: SessionDep,
    principal: Annotated[Principal, Require("border.read")],
    on: IsoDate | None = None,
    poe: uuid.UUID | None = None,
) -> list[OverstayRead]:
    """Entries whose allowed stay ended before `on` (default today) with no exit recorded."""
    found = service.overstays(session=session, actor=principal, on=on or today(), poe_id=poe)
    return [
        OverstayRead(
            crossing=CrossingRead.model_validate(item.crossing),
            stay_ended_on=item.stay_ended_on,
            days_over=item.days_over,
        )
        for item in found
    ]


@router.get("/border/departures-without-entry")
def list_departures_without_entry(
    session: SessionDep,
    principal: Annotated[Principal, Require("border.read")],
    poe: uuid.UUID | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> CrossingPage:
    """Exits for which no entry of the traveller was recorded."""
    items, total = service.departures_without_entry(
        session=session, actor=principal, poe_id=poe, limit=limit, offset=offset
    )
    return CrossingPage(total=total, items=[CrossingRead.model_validate(c) for c in items])


# ---------------------------------------------------------------- statistics


def _statistics(
    session: Session,
    principal: Principal,
    poe: uuid.UUID | None,
    date_from: date | None,
    date_to: date | None,
    group_by: str | None,
) -> tuple[date, date, list[str], list[dict[str, object]]]:
    last = date_to or today()
    first = date_from or _days_before(last, DEFAULT_STATISTICS_DAYS - 1)
    try:
        keys = stats.parse_group_by(group_by)
        stats.check_range(first, last)
    except ValueError as error:
        raise Invalid(str(error), field="group_by" if "group" in str(error) else "from") from None
    rows = figures.statistics(
        session=session,
        actor=principal,
        date_from=first,
        date_to=last,
        group_by=keys,
        poe_id=poe,
    )
    return first, last, keys, rows


def _days_before(day: date, days: int) -> date:
    try:
        return day - timedelta(days=days)
    except OverflowError:
        return date.min


FromQuery = Annotated[
    IsoDate | None, Query(alias="from", description="First UTC day (default: 30 days ago).")
]
ToQuery = Annotated[IsoDate | None, Query(alias="to", description="Last UTC day (default: today).")]
GroupQuery = Annotated[
    str | None,
    Query(max_length=80, description="Comma-separated: poe, day, nationality, sex, age_band."),
]


@router.get("/border/statistics")
def read_statistics(
    session: SessionDep,
    principal: Annotated[Principal, Require("border.stats")],
    poe: uuid.UUID | None = None,
    date_from: FromQuery = None,
    date_to: ToQuery = None,
    group_by: GroupQuery = None,
) -> StatisticsRead:
    """Entries and exits in your scope, grouped; aggregate counts, no personal data."""
    first, last, keys, rows = _statistics(session, principal, poe, date_from, date_to, group_by)
    return StatisticsRead(
        date_from=first,
        date_to=last,
        group_by=keys,
        totals=stats.totals(rows),
        rows=[StatisticsRow.model_validate(row) for row in rows],
    )


@router.get(
    "/border/statistics.csv",
    response_class=Response,
    responses=file_response("text/csv", "The statistics as CSV"),
)
def statistics_csv(
    session: SessionDep,
    principal: Annotated[Principal, Require("border.stats")],
    poe: uuid.UUID | None = None,
    date_from: FromQuery = None,
    date_to: ToQuery = None,
    group_by: GroupQuery = None,
    suppress: Annotated[bool, Query(description="Write counts of 1 to 4 as '<5'.")] = True,
) -> Response:
    """The statistics as CSV with an HXL hashtag row; audited as an export."""
    first, last, keys, rows = _statistics(session, principal, poe, date_from, date_to, group_by)
    figures.record_statistics_export(
        session=session,
        date_from=first,
        date_to=last,
        group_by=keys,
        poe_id=poe,
        suppressed=suppress,
        rows=len(rows),
    )
    filename = f"passage-crossings-{first.isoformat()}-{last.isoformat()}.csv"
    return Response(
        stats.render_csv(rows, keys, suppress),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
