"""JSON routes of the restriction map: one country's level, all levels, the POE layer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.kit.clock import IsoDate, today
from passage.maps import service
from passage.maps.schemas import FlowsLayer, MobilityRead, StrandedLayer
from passage.restrictions import service as restrictions_service
from passage.restrictions.schemas import LevelRead

router = APIRouter(prefix="/api/v1", tags=["restriction map"])
DateQuery = Annotated[IsoDate | None, Query(alias="date", description="YYYY-MM-DD; default today")]


@router.get("/countries/{iso3}/level", response_model=LevelRead)
def country_level(
    iso3: str,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.read")],
    on: DateQuery = None,
) -> LevelRead:
    """A country's entry-restriction level (0-4, null = no data) and the measures that set it."""
    answer = restrictions_service.level_on(session=session, country=iso3, on=on or today())
    return LevelRead(**answer)


@router.get("/map/levels")
def map_levels(
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.read")],
    on: DateQuery = None,
) -> dict[str, Any]:
    """Every country's level on a date: {date, levels: {ISO3: level}}; absent = no data."""
    return service.map_levels(session=session, on=on or today())


@router.get("/map/countries")
def map_countries(
    session: SessionDep, principal: Annotated[Principal, Require("reference.read")]
) -> dict[str, dict[str, str]]:
    """World-atlas feature ids (ISO 3166 numeric) -> {iso3, name}, to colour the boundaries."""
    return service.map_countries(session=session)


@router.get("/map/poes", responses={404: {"description": "No such country"}})
def map_poes(
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.read")],
    on: DateQuery = None,
    country: Annotated[str | None, Query(min_length=3, max_length=3)] = None,
) -> dict[str, Any]:
    """Points of entry with their status on a date (GeoJSON; no report: "unknown")."""
    return service.poe_features(session=session, on=on or today(), country=country)


@router.get("/map/poes/statuses", responses={404: {"description": "No such country"}})
def map_poe_statuses(
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.read")],
    on: DateQuery = None,
    country: Annotated[str | None, Query(min_length=3, max_length=3)] = None,
) -> dict[str, Any]:
    """The status of each reported point of entry on a date: {date, statuses: {id: status},
    stale: {id: last verified}} (absent: unknown, or not stale). A few kilobytes, for the map's
    date slider; the points come once."""
    return service.poe_status_codes(session=session, on=on or today(), country=country)


DaysQuery = Annotated[
    int,
    Query(ge=1, le=366, description="Days of flow counts shown, ending on the date (default 30)"),
]


@router.get(
    "/map/mobility",
    response_model=MobilityRead,
    response_model_exclude_unset=True,
    tags=["mobility map"],
)
def map_mobility(
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.read")],
    on: DateQuery = None,
    days: DaysQuery = service.DEFAULT_FLOW_DAYS,
) -> dict[str, Any]:
    """The population mobility map on one date of its time slider: every layer the reader may
    see (`layers`). Restriction levels and POE statuses as on the date; flows between places
    (flows.read, within the reader's countries) whose whole counting period lies within the
    `days` ending on the date; stranded migrants per country on the date (protection.reports,
    within the reader's organisations; aggregated counts, cells under 5 null). The points of
    entry themselves come once from /api/v1/map/poes."""
    return service.mobility(session=session, actor=principal, on=on or today(), days=days)


@router.get(
    "/map/flows",
    response_model=FlowsLayer,
    tags=["mobility map"],
    responses={422: {"description": "The period ends before it starts or is over 366 days"}},
)
def map_flows(
    session: SessionDep,
    principal: Annotated[Principal, Require("flows.read")],
    first: Annotated[IsoDate, Query(alias="from", description="YYYY-MM-DD, first day")],
    last: Annotated[IsoDate, Query(alias="to", description="YYYY-MM-DD, last day")],
) -> dict[str, Any]:
    """Movements between places (origin -> destination; a missing end is the counting point)
    counted at the flow monitoring points within the reader's countries, each cell's whole
    period (day, week, month) within [from, to], a point read in its finest granularity."""
    return service.flows_layer(session=session, actor=principal, first=first, last=last)


@router.get("/map/stranded", response_model=StrandedLayer, tags=["mobility map"])
def map_stranded(
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.reports")],
    on: DateQuery = None,
) -> dict[str, Any]:
    """Stranded migrants per country on a date (persons with a case open that day, stranded),
    within the reader's organisations: aggregated counts only, a count under 5 (or one that
    could be worked out from the total) is null, as in the protection reports."""
    return service.stranded_layer(session=session, actor=principal, on=on or today())
