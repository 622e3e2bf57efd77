"""The Global Mobility Restriction Overview for a date: grouped counts turned into one
JSON-ready document (the web page, CSV, PDF and CLI all render this document).

Definitions: a measure is *in force* on D when its current version is
published, lifted or superseded and D lies in effective_from..effective_until (inclusive).
For a window of k days (k = 1 "since D-1", k = 7 "since D-7"):
- new: effective_from in D-k+1..D (the measure was not in force on D-k, started since);
- lifted: status lifted and effective_until in D-k..D-1 (in force at the start, not on D);
- expired: the same for any other status (a planned end date, a superseded run);
- changed: measures in force on D with a later version (not a mere re-verification)
  recorded during the k UTC calendar days ending on D.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from passage.geo import repository as geo_repository
from passage.kit import audit
from passage.kit.clock import utcnow
from passage.overview import repository
from passage.overview.csv_export import render_csv
from passage.overview.pdf import render_pdf
from passage.overview.repository import MeasureGroup, WindowCounts
from passage.restrictions.taxonomy import LEVEL_LABELS, MEASURE_TYPES, MeasureClass, country_level
from passage.restrictions.vocabulary import counts_for_level

TOP_COUNTRIES = 10
WINDOWS = {"since_1_day": 1, "since_7_days": 7}
CLASS_LABELS = {
    MeasureClass.ENTRY_RESTRICTION.value: "Entry restriction",
    MeasureClass.ENTRY_CONDITION.value: "Condition for authorised entry",
    MeasureClass.EXIT_RESTRICTION.value: "Exit restriction",
    MeasureClass.NONE.value: "No measures",
}
POE_STATUS_LABELS = {
    "fully_operational": "Fully operational",
    "partially_operational": "Partially operational",
    "closed": "Closed",
    "no_data": "No data",
}
NO_DATA = "No data"
SOURCES_NOTE = (
    "Measures recorded in Passage from official notices, IATA, media and IOM missions, and "
    "OxCGRT C8 (CC BY 4.0) where imported. No data never means no restriction."
)


def type_label(measure_type: str) -> str:
    """A readable label for a measure type key."""
    return measure_type.replace("_", " ").capitalize()


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def by_class(groups: Iterable[MeasureGroup]) -> list[dict[str, Any]]:
    """Measures in force per class, every class listed."""
    counts: dict[str, int] = defaultdict(int)
    for group in groups:
        counts[group.measure_class] += group.measures
    keys = list(CLASS_LABELS) + sorted(set(counts) - set(CLASS_LABELS))
    return [{"key": k, "label": CLASS_LABELS.get(k, k), "count": counts[k]} for k in keys]


def by_type(groups: Iterable[MeasureGroup]) -> list[dict[str, Any]]:
    """Measures in force per type (with its class), every type of the taxonomy listed."""
    counts: dict[str, int] = defaultdict(int)
    for group in groups:
        counts[group.measure_type] += group.measures
    keys = list(MEASURE_TYPES) + sorted(set(counts) - set(MEASURE_TYPES))
    return [
        {
            "key": key,
            "label": type_label(key),
            "class": MEASURE_TYPES[key][0].value if key in MEASURE_TYPES else None,
            "count": counts[key],
        }
        for key in keys
    ]


def by_country(groups: Iterable[MeasureGroup]) -> list[dict[str, Any]]:
    """Per imposing country: measures, stale measures, level (exit restrictions set none)."""
    rows: dict[str, dict[str, Any]] = {}
    for g in groups:
        row = rows.setdefault(
            g.country,
            {
                "country": g.country,
                "name": g.name or g.country,
                "region_code": g.region_code,
                "region": g.region_name,
                "measures": 0,
                "stale": 0,
                "levels": [],
                "last_verified_on": None,
            },
        )
        row["measures"] += g.measures
        row["stale"] += g.stale
        if counts_for_level(g.measure_class):
            row["levels"].append(g.max_level)
        if g.last_verified_on and (
            row["last_verified_on"] is None or g.last_verified_on > row["last_verified_on"]
        ):
            row["last_verified_on"] = g.last_verified_on
    for row in rows.values():
        row["level"] = country_level(row.pop("levels"))
    return sorted(rows.values(), key=lambda r: r["country"])


def _region_row(code: int | None, name: str | None, countries: int) -> dict[str, Any]:
    return {
        "region_code": code,
        "region": name or "Unknown region",
        "countries": countries,
        "countries_with_data": 0,
        "measures": 0,
        "highest_level": None,
    }


def by_region(
    countries: list[dict[str, Any]], regions: list[tuple[int | None, str | None, int]]
) -> list[dict[str, Any]]:
    """Per UN M49 region of the imposing country: measures, countries with data, countries."""
    rows = {code: _region_row(code, name, total) for code, name, total in regions}
    for country in countries:
        code = country["region_code"]
        row = rows.setdefault(code, _region_row(code, country["region"], 0))
        row["measures"] += country["measures"]
        row["countries_with_data"] += 1
        levels = [x for x in (row["highest_level"], country["level"]) if x is not None]
        row["highest_level"] = country_level(levels)
    return sorted(rows.values(), key=lambda r: (r["region_code"] is None, r["region"]))


def level_distribution(countries: list[dict[str, Any]], total: int) -> list[dict[str, Any]]:
    """How many countries are at each level 0-4, and how many have no data."""
    counts: dict[int, int] = defaultdict(int)
    for country in countries:
        if country["level"] is not None:
            counts[country["level"]] += 1
    rows = [
        {"level": lv, "label": LEVEL_LABELS[lv], "countries": counts[lv]} for lv in LEVEL_LABELS
    ]
    rows.append(
        {"level": None, "label": NO_DATA, "countries": max(0, total - sum(counts.values()))}
    )
    return rows


def most_restrictive(countries: list[dict[str, Any]], limit: int = TOP_COUNTRIES) -> list[dict]:
    """Countries with the highest level, then the most measures in force."""
    ranked = sorted(
        (c for c in countries if c["level"] is not None),
        key=lambda c: (-c["level"], -c["measures"], c["country"]),
    )
    keys = ("country", "name", "region", "level", "measures")
    return [{k: c[k] for k in keys} | {"rank": i + 1} for i, c in enumerate(ranked[:limit])]


def every_country_level(
    countries: list[dict[str, Any]], names: dict[str, str]
) -> list[dict[str, Any]]:
    """Every known country with its level on D (None: no data), by code."""
    levels = {c["country"]: c for c in countries}
    return [
        {
            "country": code,
            "name": name,
            "level": levels[code]["level"] if code in levels else None,
            "measures": levels[code]["measures"] if code in levels else 0,
        }
        for code, name in sorted(names.items())
    ]


def stale_countries(countries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Countries with in-force measures not verified recently, most stale first."""
    rows = [c for c in countries if c["stale"]]
    rows.sort(key=lambda c: (-c["stale"], c["country"]))
    keys = ("country", "name", "measures", "stale")
    return [
        {k: c[k] for k in keys}
        | {"last_verified_on": c["last_verified_on"].isoformat() if c["last_verified_on"] else None}
        for c in rows
    ]


def poe_summary(
    counts: list[tuple[str, int, int]], total: int, updated_since: date
) -> dict[str, Any]:
    """POEs by status on D ("no data" = active POEs without any report by then), freshness."""
    by_status = {status: n for status, n, _ in counts}
    reported = sum(by_status.values())
    updated = sum(fresh for _, _, fresh in counts)
    keys = [k for k in POE_STATUS_LABELS if k != "no_data"]
    keys += sorted(set(by_status) - set(keys))
    rows = [
        {"key": k, "label": POE_STATUS_LABELS.get(k, k), "count": by_status.get(k, 0)} for k in keys
    ]
    rows.append({"key": "no_data", "label": NO_DATA, "count": max(0, total - reported)})
    return {
        "total": total,
        "reported": reported,
        "by_status": rows,
        "updated_since": updated_since.isoformat(),
        "updated": updated,
        "updated_share": _share(updated, total),
    }


def changes(
    counts: dict[int, WindowCounts], changed: dict[int, int], on: date
) -> dict[str, dict[str, Any]]:
    """New, changed, lifted and otherwise ended measures per window of days ending on D."""
    return {
        key: {
            "days": days,
            "since": (on - timedelta(days=days)).isoformat(),
            "new": counts[days].new,
            "changed": changed.get(days, 0),
            "lifted": counts[days].lifted,
            "expired": counts[days].expired,
        }
        for key, days in WINDOWS.items()
    }


def build_overview(
    *, session: Session, on: date, stale_days: int = 30, known_on: date | None = None
) -> dict[str, Any]:
    """The Global Mobility Restriction Overview for a date, as a JSON-ready dict; with
    `known_on`, as it was known at the end of that day (measures and POE statuses recorded by
    then, bitemporal), else as known now."""
    verified_since = on - timedelta(days=stale_days)
    windows = tuple(WINDOWS.values())
    known_at = repository.end_of_day(known_on) if known_on else None
    groups = repository.measure_groups(
        session, on=on, verified_since=verified_since, known_at=known_at
    )
    countries = by_country(groups)
    total_countries = geo_repository.count_countries(session)
    in_force = sum(c["measures"] for c in countries)
    stale = sum(c["stale"] for c in countries)
    poes = poe_summary(
        repository.poe_status_counts(
            session, on=on, updated_since=verified_since, known_at=known_at
        ),
        repository.active_poe_count(session),
        verified_since,
    )
    return {
        "date": on.isoformat(),
        "known_on": known_on.isoformat() if known_on else None,
        "generated_at": utcnow().isoformat(timespec="seconds"),
        "stale_days": stale_days,
        "totals": {
            "measures_in_force": in_force,
            "countries": total_countries,
            "countries_with_data": len(countries),
            "countries_without_data": max(0, total_countries - len(countries)),
        },
        "by_class": by_class(groups),
        "by_type": by_type(groups),
        "by_region": by_region(countries, repository.countries_by_region(session)),
        "levels": level_distribution(countries, total_countries),
        "most_restrictive": most_restrictive(countries),
        "country_levels": every_country_level(countries, geo_repository.country_names(session)),
        "changes": changes(
            repository.window_counts(session, on=on, windows=windows, known_at=known_at),
            repository.changed_measures(session, on=on, windows=windows),
            on,
        ),
        "poes": poes,
        "stale": {
            "days": stale_days,
            "verified_before": verified_since.isoformat(),
            "measures": stale,
            "countries": stale_countries(countries),
        },
        "freshness": {
            "measures_verified_share": _share(in_force - stale, in_force),
            "poes_updated_share": poes["updated_share"],
            "days": stale_days,
        },
        "sources": SOURCES_NOTE,
    }


def export_overview(
    *, session: Session, on: date, stale_days: int, format: str, known_on: date | None = None
) -> str | bytes:
    """The overview as CSV (text) or PDF (bytes), recorded in the audit trail as an export."""
    overview = build_overview(session=session, on=on, stale_days=stale_days, known_on=known_on)
    details = {"date": on.isoformat(), "format": format}
    audit.record(session, action="export", object_type="overview", details=details)
    return render_csv(overview) if format == "csv" else render_pdf(overview)
