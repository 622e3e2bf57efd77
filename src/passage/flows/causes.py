"""An alert's chart and its possible causes: restriction measures taking effect or ending, and
POE status reports, in the point's country and the countries near it, around the alert.

"Near" is read from the data Passage holds, not from a border table it does not have: the
countries with a point of entry within 300 km of the point (when the point has coordinates),
plus the point's own country. An imported series with neither shows no causes."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from passage.flows import alerts, chart, repository
from passage.flows.engine import judge
from passage.flows.models import FlowAlert, FlowPoint
from passage.kit.i18n import gettext_ as _
from passage.restrictions.labels import poe_status_label

NEAR_KM = 300.0
BEFORE, AFTER = 60, 14


@dataclass(frozen=True)
class Cause:
    """A change near the point around the alert."""

    on: date
    country: str
    kind: str  # measure | poe
    text: str


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def near_countries(session: Session, point: FlowPoint) -> list[str]:
    """The point's country and those with a point of entry within NEAR_KM of it."""
    found = {point.country_iso3} if point.country_iso3 else set()
    if point.latitude is not None and point.longitude is not None:
        for country, latitude, longitude in repository.poes_with_coordinates(session):
            if _km(point.latitude, point.longitude, latitude, longitude) <= NEAR_KM:
                found.add(country)
    return sorted(found)


def causes(session: Session, point: FlowPoint, starts_on: date, ends_on: date) -> list[Cause]:
    """Measures and POE statuses changing near the point within the window, by date."""
    countries = near_countries(session, point)
    if not countries:
        return []
    found = []
    for version in repository.measure_changes(session, countries, starts_on, ends_on):
        if starts_on <= version.effective_from <= ends_on:
            found.append(
                Cause(
                    version.effective_from,
                    version.country_iso3,
                    "measure",
                    _("In force: %(title)s") % {"title": version.title},
                )
            )
        until = version.effective_until
        if until is not None and starts_on <= until <= ends_on:
            found.append(
                Cause(
                    until,
                    version.country_iso3,
                    "measure",
                    _("Ends: %(title)s") % {"title": version.title},
                )
            )
    for status, poe in repository.poe_status_changes(session, countries, starts_on, ends_on):
        text = _("%(poe)s: %(status)s") % {
            "poe": poe.name,
            "status": poe_status_label(status.status),
        }
        found.append(Cause(status.effective_from, status.country_iso3, "poe", text))
    return sorted(found, key=lambda cause: (cause.on, cause.country, cause.text))


def alert_chart(
    session: Session, point: FlowPoint, alert: FlowAlert
) -> tuple[chart.Chart, list[Cause]]:
    """The chart of an alert's series around it, with the causes near the point."""
    one = next(
        (
            s
            for s in alerts.series(session, [point.id], every=True)
            if s.granularity == alert.granularity and s.key.code == alert.series
        ),
        None,
    )
    if one is None:
        return chart.Chart(), []
    index = next((i for i, p in enumerate(one.periods) if p.start == alert.period_start), 0)
    window = slice(max(index - BEFORE, 0), index + AFTER + 1)
    periods = [(p.start, str(p)) for p in one.periods[window]]
    values = one.values[window]
    judged = {j.period.start: j for j in judge(one.periods, one.values, one.config)}
    bands: list[tuple[float | None, float | None]] = []
    for start, _label in periods:
        found_judgement = judged.get(start)
        if found_judgement is None:
            bands.append((None, None))
            continue
        side = found_judgement.upper if alert.direction == "up" else found_judgement.lower
        bands.append((found_judgement.expected, side))
    starts_on = periods[0][0] - timedelta(days=1)
    found = causes(session, point, starts_on, periods[-1][0])
    events = [(cause.on, f"{cause.country}: {cause.text}") for cause in found]
    drawn = chart.build(
        periods, values, alert_start=alert.period_start, expected=alert.expected,
        threshold=alert.threshold, events=events, bands=bands,
    )  # fmt: skip
    return drawn, found
