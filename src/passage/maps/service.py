"""The restriction map's read operations: levels by country, the POE layer, a country's story."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from passage.geo import repository as geo_repository
from passage.geo import service as geo_service
from passage.geo.models import Country, PointOfEntry
from passage.kit.clock import today
from passage.maps import repository
from passage.maps.timeline import Step, level_timeline
from passage.restrictions import repository as restrictions_repository
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
    levels = restrictions_repository.levels_on(session, on)
    checks = restrictions_repository.level_checks_on(session, on)
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
    statuses = restrictions_repository.poe_statuses_on(session, on, country)
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
    statuses = restrictions_repository.poe_statuses_on(session, on, country)
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
    measures = list(restrictions_repository.in_force(session, country=country.iso3, on=on))
    intervals = repository.timeline_intervals(session, country.iso3)
    poes, total = geo_repository.search_poes(session, country=country.iso3, limit=500)
    statuses = restrictions_repository.poe_statuses_on(session, on, country.iso3)
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
