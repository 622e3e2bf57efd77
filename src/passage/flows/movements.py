"""Movements between places for the population mobility map: the counts of the registry that
name an origin or an intended destination, summed over a period and placed on the map.

A counted cell goes from its origin to its destination; a missing end is the point where the
people were counted (an incoming cell with an origin only: origin -> point; an outgoing cell
with a destination only: point -> destination). A cell with neither names no movement between
places and is left out, as are the "of which" vulnerability cells (never added to totals) and a
movement from a place to itself.

Period semantics: a cell counts when its whole period (a day, an ISO week, a month) lies within
the chosen [first, last]; a week or month that only overlaps it is left out rather than
counted whole. A point that counts the same people in several granularities (an imported
monthly series beside daily ones) is read in its finest one within the period only, so nobody
is counted twice.

A place is an ISO 3166 alpha-3 country (drawn at its centroid), a flow monitoring point (by
code or imported label) or a point of entry (by code); any other name is kept, unplaced, for
the table. Counts only: nothing here is personal."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import cast

from sqlalchemy.orm import Session

from passage.flows import repository
from passage.flows.engine import GRANULARITIES, Granularity, Period
from passage.flows.models import FlowPoint

Row = tuple[uuid.UUID, str, date, str, str, int]


@dataclass(frozen=True)
class Place:
    """One end of a movement: its code as counted, a name, and where it is (None: not placed)."""

    code: str
    name: str
    latitude: float | None = None
    longitude: float | None = None

    @property
    def placed(self) -> bool:
        """Whether the map can draw it."""
        return self.latitude is not None and self.longitude is not None


@dataclass(frozen=True)
class Movement:
    """People counted going from one place to another over the period, and where."""

    origin: Place
    destination: Place
    count: int
    points: tuple[str, ...]


def _whole(rows: Sequence[Row], last: date) -> list[Row]:
    """The rows whose period ends by `last`, each point in its finest granularity only."""
    kept = [
        row for row in rows if Period(cast(Granularity, row[1]), row[2]).end <= last
    ]  # fmt: skip
    finest: dict[uuid.UUID, int] = {}
    for point_id, granularity, *_ in kept:
        rank = GRANULARITIES.index(cast(Granularity, granularity))
        finest[point_id] = min(rank, finest.get(point_id, rank))
    return [row for row in kept if GRANULARITIES.index(cast(Granularity, row[1])) == finest[row[0]]]


def _point_place(point: FlowPoint, session: Session) -> Place:
    if point.latitude is not None and point.longitude is not None:
        return Place(point.code, point.name, point.latitude, point.longitude)
    country = repository.countries_located(session, [point.country_iso3 or ""])
    found = country.get((point.country_iso3 or "").upper())
    if found is None:
        return Place(point.code, point.name)
    return Place(point.code, point.name, found.latitude, found.longitude)


def _places(session: Session, names: set[str]) -> dict[str, Place]:
    """Each named place resolved: a country, then a flow monitoring point, then a POE."""
    countries = repository.countries_located(session, names)
    points = repository.points_by_label(session, names)
    poes = repository.poes_by_codes(session, names)
    found = {}
    for name in names:
        country, point, poe = countries.get(name.upper()), points.get(name), poes.get(name)
        if country is not None:
            found[name] = Place(country.iso3, country.name_en, country.latitude, country.longitude)
        elif point is not None:
            found[name] = _point_place(point, session)
        elif poe is not None:
            found[name] = Place(poe.code, poe.name, poe.latitude, poe.longitude)
        else:
            found[name] = Place(name, name)
    return found


def between(
    session: Session, *, countries: Sequence[str] | None, first: date, last: date
) -> list[Movement]:
    """The movements counted at the points of these countries (None: all) over [first, last],
    largest first."""
    rows = _whole(
        repository.movements_between_places(session, countries=countries, first=first, last=last),
        last,
    )
    points = repository.points_by_ids(session, {row[0] for row in rows})
    here = {point_id: _point_place(point, session) for point_id, point in points.items()}
    places = _places(session, {name for row in rows for name in row[3:5] if name})
    totals: dict[tuple[Place, Place], int] = defaultdict(int)
    via: dict[tuple[Place, Place], set[str]] = defaultdict(set)
    for point_id, _granularity, _start, origin, destination, count in rows:
        source = places[origin] if origin else here[point_id]
        target = places[destination] if destination else here[point_id]
        if source.code == target.code:
            continue
        totals[(source, target)] += count
        via[(source, target)].add(points[point_id].code)
    found = [
        Movement(source, target, count, tuple(sorted(via[(source, target)])))
        for (source, target), count in totals.items()
        if count > 0
    ]
    return sorted(found, key=lambda m: (-m.count, m.origin.code, m.destination.code))
