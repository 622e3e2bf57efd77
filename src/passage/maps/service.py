"""The restriction map's read operations: levels by country, the POE layer, a country's story."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal, can
from passage.flows import service as flows_service
from passage.flows.movements import Movement, Place
from passage.geo import repository as geo_repository
from passage.geo import service as geo_service
from passage.geo.models import Country, PointOfEntry
from passage.kit.clock import today
from passage.maps import repository
from passage.maps.timeline import Step, level_timeline
from passage.protection.reports import service as reports_service
from passage.protection.reports import tables as report_tables
from passage.restrictions import service as restrictions_service
from passage.restrictions import taxonomy
from passage.restrictions.models import MeasureVersion, PoeStatus

MAP_START = date(2020, 1, 1)
UNKNOWN_STATUS = "unknown"
POE_STATUSES = (*taxonomy.POE_STATUSES, UNKNOWN_STATUS)


def map_levels(*, session: Session, on: date) -> dict[str, Any]:
    """Every country's level on a date (countries without data are absent: no data), when
    the measures setting each level were last checked, and the countries whose level is stale
    (last checked more than STALE_AFTER_DAYS days before the date, or before today)."""
    levels, checks = restrictions_service.levels_on_date(session=session, on=on)
    now = today()
    stale = sorted(code for code in levels if taxonomy.is_stale(checks.get(code), on, now))
    return {
        "date": on,
        "levels": levels,
        "last_verified": {code: checks.get(code) for code in levels},
        "stale": stale,
        "stale_days": taxonomy.STALE_AFTER_DAYS,
    }


def map_countries(*, session: Session) -> dict[str, dict[str, str]]:
    """World-atlas feature id (ISO 3166 numeric, zero-padded) -> alpha-3 code and name."""
    return {
        f"{m49:03d}": {"iso3": iso3, "name": name}
        for m49, (iso3, name) in repository.countries_by_m49(session).items()
    }


def poe_features(*, session: Session, on: date, country: str | None = None) -> dict[str, Any]:
    """Points of entry with their status on a date, as a lean GeoJSON FeatureCollection."""
    if country:
        country = geo_service.get_country(session=session, iso3=country, field="country").iso3
    statuses = restrictions_service.poe_statuses_on(session=session, on=on, country=country)
    now = today()
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(lon or 0, 4), round(lat or 0, 4)]},
            "properties": {
                "id": str(poe_id),
                "code": code,
                "name": name,
                "kind": kind,
                **_poe_status(statuses.get(poe_id), on, now),
            },
        }
        for poe_id, code, name, kind, lat, lon in repository.located_poes(session, country)
    ]
    return {"type": "FeatureCollection", "date": on.isoformat(), "features": features}


def _poe_status(report: PoeStatus | None, on: date, now: date) -> dict[str, Any]:
    """A POE's status on a date, when it was last checked, and whether that is stale (no
    report: "unknown", nothing to be stale)."""
    if report is None:
        return {"status": UNKNOWN_STATUS, "last_verified_on": None, "stale": False}
    checked = report.last_verified_on or report.effective_from
    return {
        "status": report.status,
        "last_verified_on": checked.isoformat(),
        "stale": taxonomy.is_stale(checked, on, now),
    }


def poe_status_codes(*, session: Session, on: date, country: str | None = None) -> dict[str, Any]:
    """Each reported point of entry's status on a date, by id (absent: unknown): what the map
    fetches on each step of the date slider, the points themselves being fetched once."""
    if country:
        country = geo_service.get_country(session=session, iso3=country, field="country").iso3
    statuses = restrictions_service.poe_statuses_on(session=session, on=on, country=country)
    now = today()
    described = {str(poe_id): _poe_status(report, on, now) for poe_id, report in statuses.items()}
    return {
        "date": on.isoformat(),
        "statuses": {poe_id: status["status"] for poe_id, status in described.items()},
        "stale": {
            poe_id: status["last_verified_on"]
            for poe_id, status in described.items()
            if status["stale"]
        },
    }


@dataclass(frozen=True)
class CountryStory:
    """Everything the country page shows about restrictions on one date."""

    country: Country
    on: date
    level: int | None
    setting: list[Any]
    measures: list[MeasureVersion]
    timeline: list[Step]
    poes: list[tuple[PointOfEntry, PoeStatus | None]]
    poe_total: int
    level_checked: date | None = None  # when the measures setting the level were last checked
    level_stale: bool = False
    stale_poes: frozenset[Any] = frozenset()  # ids of POEs whose report is stale
    stale_days: int = taxonomy.STALE_AFTER_DAYS


def country_story(*, session: Session, iso3: str, on: date, until: date) -> CountryStory:
    """A country's level and measures on `on`, its timeline up to `until`, its POEs' status."""
    country = geo_service.get_country(session=session, iso3=iso3, field="country")
    answer = restrictions_service.level_on(session=session, country=country.iso3, on=on)
    measures = list(
        restrictions_service.measures_in_force(session=session, country=country.iso3, on=on)
    )
    intervals = repository.timeline_intervals(session, country.iso3)
    poes, total = geo_repository.search_poes(session, country=country.iso3, limit=500)
    statuses = restrictions_service.poe_statuses_on(session=session, on=on, country=country.iso3)
    return CountryStory(
        country=country,
        on=on,
        level=answer["level"],
        setting=answer["measures"],
        measures=measures,
        timeline=level_timeline(intervals, MAP_START, max(until, MAP_START)),
        poes=[(poe, statuses.get(poe.id)) for poe in poes],
        poe_total=total,
        level_checked=answer["last_verified_on"],
        level_stale=answer["stale"],
        stale_poes=frozenset(
            poe_id
            for poe_id, report in statuses.items()
            if _poe_status(report, on, today())["stale"]
        ),
    )


# The population mobility map: the layers above, flows between places and stranded migrants.
FLOW_PERIODS = (7, 30, 90)  # days of counts shown, ending on the chosen date
DEFAULT_FLOW_DAYS = 30
FLOWS_PERMISSION = "flows.read"
STRANDED_PERMISSION = "protection.reports"
SUPPRESSION_THRESHOLD = report_tables.THRESHOLD


def _place(place: Place) -> dict[str, Any]:
    return {"code": place.code, "name": place.name, "lat": place.latitude, "lon": place.longitude}


def _movement(movement: Movement) -> dict[str, Any]:
    return {
        "origin": _place(movement.origin),
        "destination": _place(movement.destination),
        "count": movement.count,
        "points": list(movement.points),
    }


def flows_layer(*, session: Session, actor: Principal, first: date, last: date) -> dict[str, Any]:
    """Movements between places counted within the actor's reach over [first, last]."""
    found = flows_service.movements_between(session=session, actor=actor, first=first, last=last)
    return {"from": first, "to": last, "movements": [_movement(m) for m in found]}


def stranded_layer(*, session: Session, actor: Principal, on: date) -> dict[str, Any]:
    """Stranded migrants per country on a date (suppressed counts), placed at each country's
    centroid; the persons whose country is not recorded are one more row, unplaced."""
    found = reports_service.stranded_by_country(session=session, actor=actor, on=on)
    countries = {c.iso3: c for c in geo_service.list_countries(session=session)}
    rows = []
    for iso3, count in found["countries"].items():
        country = countries.get(iso3)
        rows.append(
            {
                "iso3": iso3,
                "name": country.name_en if country else iso3,
                "count": count,
                "lat": country.latitude if country else None,
                "lon": country.longitude if country else None,
            }
        )
    return {
        "date": on,
        "total": found["total"],
        "threshold": found["threshold"],
        "countries": rows,
    }


def visible_layers(actor: Principal) -> list[str]:
    """The layers of the mobility map the actor may see: restriction levels and POE status for
    every reader of the tracker; flows for flow readers; stranded migrants for readers of the
    protection reports."""
    layers = ["levels", "poes"]
    if can(actor, FLOWS_PERMISSION):
        layers.append("flows")
    if can(actor, STRANDED_PERMISSION):
        layers.append("stranded")
    return layers


def mobility(*, session: Session, actor: Principal, on: date, days: int) -> dict[str, Any]:
    """Every layer the actor may see on a date of the time slider: restriction levels and POE
    statuses as on the date, flows over the `days` ending on it, stranded migrants on it."""
    first = on - timedelta(days=days - 1)
    levels = map_levels(session=session, on=on)
    found: dict[str, Any] = {
        "date": on,
        "from": first,
        "days": days,
        "layers": visible_layers(actor),
        "levels": {"levels": levels["levels"], "stale": levels["stale"]},
        "poes": {"points": poe_points(session=session, on=on)},
    }
    if "flows" in found["layers"]:
        found["flows"] = flows_layer(session=session, actor=actor, first=first, last=on)
    if "stranded" in found["layers"]:
        found["stranded"] = stranded_layer(session=session, actor=actor, on=on)
    return found


def reported_poes(*, session: Session, on: date) -> list[tuple[PointOfEntry, PoeStatus]]:
    """The points of entry with a reported status on a date, by country and code (the table
    of the mobility map; the points without a report are unknown)."""
    statuses = restrictions_service.poe_statuses_on(session=session, on=on)
    poes = geo_repository.get_poes_by_ids(session, list(statuses))
    found = [(poes[poe_id], report) for poe_id, report in statuses.items() if poe_id in poes]
    return sorted(found, key=lambda pair: (pair[0].country_iso3, pair[0].code))


def poe_points(*, session: Session, on: date) -> list[dict[str, Any]]:
    """The reported points of entry on a date with their status, for the mobility map."""
    now = today()
    return [
        {
            "id": str(poe.id),
            "code": poe.code,
            "name": poe.name,
            "country": poe.country_iso3,
            **_poe_status(report, on, now),
            "lat": poe.latitude,
            "lon": poe.longitude,
        }
        for poe, report in reported_poes(session=session, on=on)
    ]
