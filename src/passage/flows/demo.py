"""Flows part of the demo world: a flow monitoring point at the Namanga bus park (Kenya, beside
the Namanga border post) with three months of daily counts by direction and nationality (so
its nationalities are series too) and a sudden rise three days ago,
two days after Tanzania suspended arrivals from Kenya (a measure in the neighbouring country);
a transit hub in Busia (Uganda) with a steady series; a transit centre at Moyale (Kenya, on the
Ethiopian border) whose counts name where people came from and were going (the arrows of the
population mobility map); a flow monitoring survey with sixty interviews at Namanga
(`surveys/demo.py`). Idempotent: nothing is added once the
Namanga point exists."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from passage.flows import imports, repository
from passage.flows.models import FlowCount, FlowPoint
from passage.flows.surveys.demo import load_demo_surveys
from passage.kit.clock import today
from passage.restrictions import service as restrictions
from passage.restrictions.schemas import MeasureCreate

NAMANGA = "FMP-KEN-NAMANGA"
MOYALE = "FMP-KEN-MOYALE"
DAYS = 90
# Moyale's daily movements: (direction, origin, intended destination, base count)
MOYALE_ROUTES = (
    ("incoming", "ETH", "KEN", 60),
    ("incoming", "ETH", "UGA", 14),
    ("incoming", "SOM", "KEN", 9),
    ("outgoing", "", "ETH", 35),
)


def _point(session: Session, code: str, name: str, kind: str, country: str, poe: str) -> None:
    found = repository.poe_by_code(session, poe)
    point = FlowPoint(
        code=code, name=name, label=code, kind=kind, imported=False, country_iso3=country,
        latitude=found.latitude if found else None, longitude=found.longitude if found else None,
        hours="06:00-18:00", team="IOM DTM team", poe_id=found.id if found else None, detector={},
    )  # fmt: skip
    repository.add(session, point)


def _rows(code: str, last: date, base: int, rise_on: date | None) -> list[str]:
    rows = []
    for back in range(DAYS, 0, -1):
        day = last - timedelta(days=back - 1)
        count = base + (day.toordinal() * 7) % 13 - 6 + (base // 5 if day.weekday() == 4 else 0)
        if rise_on is not None and day >= rise_on:
            count *= 4
        # Tanzanians going home, Kenyans coming back: each half of the count a nationality
        rows.append(f"{code},{day.isoformat()},{count // 2},incoming,KEN")
        rows.append(f"{code},{day.isoformat()},{count - count // 2},outgoing,TZA")
    return rows


def _moyale(session: Session, last: date) -> None:
    """The Moyale transit centre and 60 days of counts by origin and intended destination."""
    _point(session, MOYALE, "Moyale transit centre", "transit_hub", "KEN", "LND-KEN-MOYALE")
    session.flush()
    point = repository.points_by_label(session, [MOYALE])[MOYALE]
    for back in range(60):
        day = last - timedelta(days=back)
        for direction, origin, destination, base in MOYALE_ROUTES:
            count = base + (day.toordinal() * 5 + base) % 7 - 3
            repository.add(
                session,
                FlowCount(
                    point_id=point.id, granularity="day", period_start=day, source="import",
                    direction=direction, origin=origin, destination=destination, count=count,
                ),
            )  # fmt: skip


def load_demo_flows(session: Session) -> None:
    """Add the demo points, their counts and the neighbouring country's measure."""
    if repository.points_by_label(session, [NAMANGA]):
        load_demo_surveys(session)  # a demo loaded before the surveys existed gets them too
        return
    _point(session, NAMANGA, "Namanga bus park", "transit_hub", "KEN", "LND-KEN-NAMANGA")
    _point(session, "FMP-UGA-BUSIA", "Busia transit hub", "transit_hub", "UGA", "LND-UGA-BUSIA")
    session.flush()
    yesterday = today() - timedelta(days=1)
    rise_on = yesterday - timedelta(days=2)
    restrictions.create_measure(
        session=session,
        data=MeasureCreate(
            country_iso3="TZA",
            measure_type="origin_ban",
            title="Arrivals from Kenya suspended",
            effective_from=rise_on - timedelta(days=2),
            origins=["KEN"],
            status="published",
            sources=[{"title": "Demo notice", "url": "https://example.org/notice"}],
        ),
        actor=None,
    )
    lines = ["point,period,count,direction,nationality"]
    lines += _rows(NAMANGA, yesterday, 120, rise_on)
    lines += _rows("FMP-UGA-BUSIA", yesterday, 300, None)
    imports.import_counts(session, content="\n".join(lines).encode(), filename="demo.csv")
    _moyale(session, yesterday)
    load_demo_surveys(session)
