"""HTML pages of the restriction map: the world map (with a server-rendered table for no-JS
visitors) and a country's page (its level and measures on a date, its level over time, its
points of entry)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.geo import service as geo_service
from passage.kit.clock import today
from passage.kit.i18n import current_language
from passage.maps import service
from passage.maps.timeline import timeline_chart
from passage.restrictions import labels
from passage.web.render import render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def level_labels() -> dict[int, str]:
    """The documented 0-4 scale, translated."""
    return labels.level_labels()


def status_labels() -> dict[str, str]:
    """POE statuses in the visitor's language ("unknown": no report yet)."""
    return {status: labels.poe_status_label(status) for status in service.POE_STATUSES}


@router.get("/map")
def map_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.read")],
    on: Annotated[date | None, Query(alias="date")] = None,
) -> Response:
    """World choropleth of entry-restriction levels on a date, a date slider and the POEs."""
    last = today()
    on = min(max(on or last, service.MAP_START), last)
    found = service.map_levels(session=session, on=on)
    levels, stale, checked = found["levels"], set(found["stale"]), found["last_verified"]
    rows = [
        (c, levels.get(c.iso3), checked.get(c.iso3) if c.iso3 in stale else None)
        for c in geo_service.list_countries(session=session)
    ]
    context = {
        "on": on,
        "start": service.MAP_START,
        "last": last,
        "offset": (on - service.MAP_START).days,
        "days": (last - service.MAP_START).days,
        "rows": rows,
        "level_labels": level_labels(),
        "status_labels": status_labels(),
        "poe_statuses": service.POE_STATUSES,
        "with_data": len(levels),
    }
    return render(request, "maps/map.html", context)


@router.get("/map/mobility")
def mobility_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.read")],
    on: Annotated[date | None, Query(alias="date")] = None,
    days: Annotated[int | None, Query(ge=1, le=366)] = None,
) -> Response:
    """The population mobility map: a time slider and the layers the reader may see
    (restriction levels, POE status, flows between places, stranded migrants), with the same
    data in tables for visitors without JavaScript."""
    last = today()
    on = min(max(on or last, service.MAP_START), last)
    days = days if days in service.FLOW_PERIODS else service.DEFAULT_FLOW_DAYS
    found = service.mobility(session=session, actor=principal, on=on, days=days)
    countries = sorted(
        geo_service.list_countries(session=session),
        key=lambda country: country.name(current_language()),
    )
    names = {country.iso3: country.name(current_language()) for country in countries}
    stranded = found.get("stranded")
    stranded_counts = {row["iso3"]: row["count"] for row in (stranded or {}).get("countries", [])}
    levels = found["levels"]["levels"]
    context = {
        "on": on,
        "start": service.MAP_START,
        "last": last,
        "offset": (on - service.MAP_START).days,
        "slider_days": (last - service.MAP_START).days,
        "days": days,
        "periods": service.FLOW_PERIODS,
        "found": found,
        "layers": found["layers"],
        "names": names,
        "rows": [
            (country, levels.get(country.iso3), stranded_counts.get(country.iso3, 0))
            for country in countries
            if country.iso3 in levels or country.iso3 in stranded_counts
        ],
        "stranded": stranded,
        "unknown_place": stranded_counts.get("unknown"),
        "threshold": (stranded or {}).get("threshold", service.SUPPRESSION_THRESHOLD),
        "level_labels": level_labels(),
        "status_labels": status_labels(),
        "poe_statuses": service.POE_STATUSES,
        "with_data": len(levels),
    }
    return render(request, "maps/mobility.html", context)


@router.get("/countries/{iso3}")
def country_page(
    iso3: str,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("reference.read")],
    on: Annotated[date | None, Query(alias="date")] = None,
) -> Response:
    """One country: its level and measures on a date, its level over time, its POEs."""
    last = today()
    story = service.country_story(session=session, iso3=iso3, on=on or last, until=last)
    context = {
        "country": story.country,
        "story": story,
        "chart": timeline_chart(story.timeline, last),
        "level_labels": level_labels(),
        "status_labels": status_labels(),
        "last": last,
    }
    return render(request, "maps/country.html", context)
