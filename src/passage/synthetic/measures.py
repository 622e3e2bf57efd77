"""Synthetic restrictions data for benchmarks: measures with history, targets, POEs with status
history.

Rows are built in the shape the restrictions service writes and inserted in batches
(`passage.restrictions.bulk`); the content is random but consistent (levels, classes,
current/superseded flags and recorded times follow the same rules as the service).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from passage.geo import repository as geo_repository
from passage.geo.models import PoeKind, PointOfEntry
from passage.kit.ids import uuid7
from passage.restrictions.bulk import (
    BATCH,
    TARGET_FIELDS,
    insert_rows,
    record_fields,
    target_rows,
    version_row,
)
from passage.restrictions.models import Measure, MeasureTarget, MeasureVersion, PoeStatus
from passage.restrictions.taxonomy import EXEMPTIONS, MEASURE_TYPES
from passage.synthetic.mix import realistic_content

POE_STATUSES = ("fully_operational", "partially_operational", "closed")
WHO = ("nationals", "regular_travellers", "migrants", "idps", "asylum_seekers", "goods_only")
TYPES = [name for name in MEASURE_TYPES if name != "no_measures"]
Content = Callable[[random.Random, str, list[str], date, int], dict[str, Any]] | None


def recorded_time(day: date, rng: random.Random) -> datetime:
    """A moment on a day (UTC), for recorded-time columns."""
    return datetime.combine(day, time(rng.randint(6, 20), rng.randint(0, 59)), tzinfo=UTC)


def _content(rng: random.Random, country: str, codes: list[str], start: date, days: int) -> dict:
    measure_type = rng.choice(TYPES)
    effective_from = start + timedelta(days=rng.randrange(days))
    until = None if rng.random() < 0.2 else effective_from + timedelta(days=rng.randint(7, 365))
    content: dict[str, Any] = {
        "country_iso3": country,
        "measure_type": measure_type,
        "title": f"{measure_type.replace('_', ' ').capitalize()} ({country})",
        "effective_from": effective_from,
        "effective_until": until,
        "announced_on": effective_from - timedelta(days=rng.randint(0, 7)),
        "sources": [{"title": "Synthetic source", "url": None, "publisher": None}],
        "last_verified_on": effective_from + timedelta(days=rng.randint(0, 60)),
    }
    if rng.random() < 0.4:
        field = rng.choice(list(TARGET_FIELDS.values()))
        content[field] = sorted(set(rng.sample(codes, rng.randint(1, 3))) - {country})
    if rng.random() < 0.3:
        content["exemptions"] = sorted(rng.sample(EXEMPTIONS, rng.randint(1, 3)))
    if measure_type == "quarantine":
        content["quarantine_days"] = rng.choice((7, 10, 14, 21))
    return content


def _measure_rows(
    rng: random.Random, codes: list[str], start: date, days: int, content_of: Content = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One measure and its versions (about half get a second version)."""
    measure_id = uuid7()
    country = rng.choice(codes)
    content = (content_of or _content)(rng, country, codes, start, days)
    first_at = recorded_time(content["announced_on"], rng)
    roll = rng.random()
    if roll < 0.05:
        versions = [
            version_row(
                measure_id, 1, content, status="draft", recorded_at=first_at, superseded_at=None
            )
        ]
    elif roll < 0.55:
        versions = [
            version_row(
                measure_id, 1, content, status="published", recorded_at=first_at, superseded_at=None
            )
        ]
    else:
        second_at = first_at + timedelta(days=rng.randint(1, 30), hours=1)
        lifted = roll < 0.8
        later = dict(content)
        if lifted:
            later["effective_until"] = content["effective_from"] + timedelta(rng.randint(1, 200))
        first_status = "published" if lifted else "draft"
        versions = [
            version_row(
                measure_id,
                1,
                content,
                status=first_status,
                recorded_at=first_at,
                superseded_at=second_at,
                change_note="created",
            ),
            version_row(
                measure_id,
                2,
                later,
                status="lifted" if lifted else "published",
                recorded_at=second_at,
                superseded_at=None,
                change_note="edited",
            ),
        ]
    current = versions[-1]
    measure = record_fields(first_at) | {
        "id": measure_id,
        "country_iso3": country,
        "external_ref": None,
        "current_version_no": current["version_no"],
        "status": current["status"],
        "version": current["version_no"],
    }
    return measure, versions


def _measures(
    session: Session,
    count: int,
    rng: random.Random,
    codes: list[str],
    start: date,
    days: int,
    content_of: Content = None,
) -> None:
    measures: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    targets: list[dict[str, Any]] = []
    for index in range(count):
        measure, rows = _measure_rows(rng, codes, start, days, content_of)
        measures.append(measure)
        versions += rows
        for row in rows:
            targets += target_rows(row)
        if len(measures) >= BATCH or index == count - 1:
            insert_rows(session, Measure, measures)
            insert_rows(session, MeasureVersion, versions)
            insert_rows(session, MeasureTarget, targets)


def _status_history(
    rng: random.Random, poe_id: uuid.UUID, country: str, start: date, days: int
) -> Iterator[dict[str, Any]]:
    day = start
    while day < start + timedelta(days=days):
        status = rng.choice(POE_STATUSES)
        recorded = recorded_time(day, rng)
        yield record_fields(recorded) | {
            "poe_id": poe_id,
            "country_iso3": country,
            "status": status,
            "effective_from": day,
            "who_may_cross": [] if status == "closed" else sorted(rng.sample(WHO, 2)),
            "health_measures": ["temperature screening"] if rng.random() < 0.5 else [],
            "last_verified_on": day,
            "notes": None,
            "source": "synthetic",
            "recorded_by": None,
        }
        day += timedelta(days=rng.randint(60, 240))


def _poes(
    session: Session,
    count: int,
    seed: int,
    rng: random.Random,
    codes: list[str],
    start: date,
    days: int,
) -> None:
    kinds = [k.value for k in PoeKind]
    poes: list[dict[str, Any]] = []
    statuses: list[dict[str, Any]] = []
    now = datetime.combine(start, time(), tzinfo=UTC)
    for index in range(count):
        country = rng.choice(codes)
        poe = record_fields(now) | {
            "code": f"SYN-{seed}-{index:06d}",
            "name": f"Synthetic crossing {index}",
            "kind": rng.choice(kinds),
            "country_iso3": country,
            "admin_area": None,
            "latitude": rng.uniform(-60, 70),
            "longitude": rng.uniform(-180, 180),
            "iata": None,
            "icao": None,
            "source": "synthetic",
            "is_active": True,
        }
        poes.append(poe)
        statuses += _status_history(rng, poe["id"], country, start, days)
        if len(poes) >= BATCH or index == count - 1:
            insert_rows(session, PointOfEntry, poes)
            insert_rows(session, PoeStatus, statuses)


def generate(
    session: Session,
    *,
    measures: int,
    poes: int,
    seed: int = 7,
    start: date = date(2020, 1, 1),
    end: date = date(2022, 12, 31),
    mix: str = "uniform",
) -> None:
    """Insert `measures` measures (about 1.5 versions each) and `poes` POEs with statuses.

    `mix`: "uniform" (every type alike) or "realistic" (shares as in IOM's records, mix.py)."""
    rng = random.Random(seed)
    codes = sorted(geo_repository.country_codes(session).values())
    if not codes:
        raise RuntimeError("load the countries first (passage.geo.service.load_countries)")
    days = (end - start).days + 1
    content_of = realistic_content if mix == "realistic" else None
    _measures(session, measures, rng, codes, start, days, content_of)
    _poes(session, poes, seed, rng, codes, start, days)
    session.flush()
