"""The demo world's travel measures and POE statuses, 2020-2022. Deterministic and idempotent.

Every measure has an `external_ref` starting with `demo:`; loading again adds only what is
missing. Versions carry realistic recorded times (a few days after the announcement), so
"as recorded on" questions have interesting answers in the demo.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from passage.auth import repository as auth_repository
from passage.geo import repository as geo_repository
from passage.kit.ids import uuid7
from passage.restrictions import repository
from passage.restrictions.bulk import insert_rows, record_fields, target_rows, version_row
from passage.restrictions.models import (
    DiscrepancyReport,
    Measure,
    MeasureComment,
    MeasureTarget,
    MeasureVersion,
    PoeStatus,
)

SEED = 2020
DEMO_EDITOR = "coordinator@demo.passage.int"
POE_SOURCE = "Passage demo: DTM-style field report"
COUNTRIES = [
    "KEN",
    "UGA",
    "TZA",
    "RWA",
    "ETH",
    "SOM",
    "SSD",
    "NGA",
    "GHA",
    "SEN",
    "ZAF",
    "EGY",
    "MAR",
    "TUN",
    "JOR",
    "LBN",
    "TUR",
    "IRQ",
    "PAK",
    "BGD",
    "IND",
    "NPL",
    "THA",
    "IDN",
    "PHL",
    "VNM",
    "CHN",
    "JPN",
    "AUS",
    "NZL",
    "DEU",
    "FRA",
    "ITA",
    "ESP",
    "GBR",
    "USA",
    "CAN",
    "MEX",
    "BRA",
    "COL",
    "PER",
]
EARLY_HOTSPOTS = ["CHN", "IRN", "ITA", "KOR"]
SOUTHERN_AFRICA = ["BWA", "LSO", "MOZ", "MWI", "NAM", "SWZ", "ZAF", "ZWE"]
DELTA_ORIGINS = ["BGD", "IND", "NPL", "PAK"]


@dataclass
class Step:
    """One recorded version: when, in which status, what changed, and why."""

    recorded_on: date
    status: str
    changes: dict[str, Any] = field(default_factory=dict)
    note: str = "edited"


@dataclass
class Plan:
    """A demo measure: its reference, first content and the versions that follow."""

    ref: str
    content: dict[str, Any]
    steps: list[Step]


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _shift(day: date, rng: random.Random, low: int, high: int) -> date:
    return day + timedelta(days=rng.randint(low, high))


def _source(
    country: str, title: str, day: date, publisher: str = "Ministry of Health"
) -> dict[str, Any]:
    slug = title.lower().replace(" ", "-")[:40]
    return {
        "title": f"{publisher} press release: {title}",
        "url": f"https://example.org/demo/{country.lower()}/{day.isoformat()}/{slug}",
        "publisher": f"{publisher} ({country})",
        "retrieved_on": (day + timedelta(days=1)).isoformat(),
    }


def _base(country: str, kind: str, title: str, start: date, **extra: Any) -> dict[str, Any]:
    return {
        "country_iso3": country,
        "measure_type": kind,
        "title": title,
        "announced_on": start - timedelta(days=2),
        "effective_from": start,
        "sources": [_source(country, title, start - timedelta(days=2))],
        "last_verified_on": start + timedelta(days=3),
        **extra,
    }


def _closure(country: str, rng: random.Random) -> Plan:
    start = _shift(_day("2020-03-14"), rng, 0, 12)
    until = _shift(_day("2020-06-15"), rng, 0, 100)
    content = _base(
        country,
        "complete_closure",
        "Borders closed to all arrivals",
        start,
        exemptions=["nationals", "residents", "diplomats", "health_workers"],
        details="All air, land and sea borders closed to passenger traffic. Cargo continues.",
    )
    steps = [
        Step(start - timedelta(days=1), "published", note="created"),
        Step(until, "lifted", {"effective_until": until - timedelta(days=1)}, f"lifted on {until}"),
    ]
    return Plan(f"demo:{country}:closure-2020", content, steps)


def _early_ban(country: str, rng: random.Random) -> Plan:
    start = _shift(_day("2020-02-01"), rng, 0, 35)
    origins = sorted(set(rng.sample(EARLY_HOTSPOTS, rng.randint(1, 3))) - {country})
    content = _base(
        country,
        "origin_ban",
        "Arrivals from affected countries suspended",
        start,
        origins=origins or ["CHN"],
        exemptions=["nationals", "residents"],
    )
    until = _shift(_day("2020-07-01"), rng, 0, 60)
    steps = [
        Step(start, "published", note="created"),
        Step(until, "lifted", {"effective_until": until - timedelta(days=1)}, f"lifted on {until}"),
    ]
    return Plan(f"demo:{country}:origin-ban-2020", content, steps)


def _quarantine(country: str, rng: random.Random) -> Plan:
    start = _shift(_day("2020-06-20"), rng, 0, 60)
    content = _base(
        country,
        "quarantine",
        "Mandatory quarantine for arrivals",
        start,
        quarantine_days=14,
        details="Arrivals quarantine at home or in a designated facility.",
    )
    shorter = _shift(_day("2020-11-01"), rng, 0, 90)
    shortest = _shift(_day("2021-06-01"), rng, 0, 90)
    lifted = _shift(_day("2022-02-01"), rng, 0, 120)
    steps = [
        Step(start, "published", note="created"),
        Step(
            shorter,
            "published",
            {"quarantine_days": 10, "last_verified_on": shorter},
            "quarantine shortened to 10 days",
        ),
        Step(
            shortest,
            "published",
            {
                "quarantine_days": 7,
                "last_verified_on": shortest,
                "exemptions": ["health_workers", "diplomats"],
            },
            "7 days; exemptions added",
        ),
        Step(
            lifted, "lifted", {"effective_until": lifted - timedelta(days=1)}, f"lifted on {lifted}"
        ),
    ]
    return Plan(f"demo:{country}:quarantine", content, steps)


def _test(country: str, rng: random.Random) -> Plan:
    start = _shift(_day("2020-09-01"), rng, 0, 90)
    content = _base(
        country,
        "test_before_arrival",
        "Negative PCR test required",
        start,
        details="A negative PCR test taken within 72 hours before departure.",
        exemptions=["nationals"] if rng.random() < 0.3 else [],
    )
    steps = [Step(start, "published", note="created")]
    if rng.random() < 0.7:
        lifted = _shift(_day("2022-03-01"), rng, 0, 150)
        until = {"effective_until": lifted - timedelta(days=1)}
        steps.append(Step(lifted, "lifted", until, f"lifted on {lifted}"))
    return Plan(f"demo:{country}:pcr-test", content, steps)


def _vaccination(country: str, rng: random.Random) -> Plan:
    start = _shift(_day("2021-06-01"), rng, 0, 150)
    content = _base(
        country,
        "vaccination",
        "Proof of vaccination or a negative test",
        start,
        details="Fully vaccinated travellers enter without testing; others present a test.",
        exemptions=["students", "family_reunification"] if rng.random() < 0.4 else [],
    )
    steps = [Step(start, "published", note="created")]
    lifted = _shift(_day("2022-04-01"), rng, 0, 200)
    if lifted < _day("2022-12-31"):
        until = {"effective_until": lifted - timedelta(days=1)}
        steps.append(Step(lifted, "lifted", until, f"lifted on {lifted}"))
    return Plan(f"demo:{country}:vaccination", content, steps)


def _variant_ban(country: str, rng: random.Random, omicron: bool) -> Plan:
    start = _shift(_day("2021-11-27" if omicron else "2021-04-25"), rng, 0, 10)
    origins = [c for c in (SOUTHERN_AFRICA if omicron else DELTA_ORIGINS) if c != country]
    title = (
        "Flights from southern Africa suspended" if omicron else "Arrivals from South Asia banned"
    )
    content = _base(country, "origin_ban", title, start, origins=origins, exemptions=["nationals"])
    until = _shift(start, rng, 30, 120)
    steps = [
        Step(start - timedelta(days=1), "draft", note="created"),
        Step(start, "published", note="published"),
        Step(until, "lifted", {"effective_until": until - timedelta(days=1)}, f"lifted on {until}"),
    ]
    return Plan(f"demo:{country}:{'omicron' if omicron else 'delta'}-ban", content, steps)


def _declaration(country: str, rng: random.Random, stale: bool) -> Plan:
    start = _shift(_day("2020-05-01"), rng, 0, 120)
    content = _base(
        country,
        "health_declaration",
        "Online health declaration before travel",
        start,
        last_verified_on=start if stale else _day("2022-12-20"),
    )
    return Plan(f"demo:{country}:declaration", content, [Step(start, "published", note="created")])


def _draft(country: str, rng: random.Random) -> Plan:
    start = _shift(_day("2022-11-01"), rng, 0, 40)
    content = _base(country, "visa_requirement", "New electronic travel authorisation", start)
    return Plan(f"demo:{country}:eta-draft", content, [Step(start, "draft", note="created")])


def demo_plans() -> list[Plan]:
    """Every demo measure, the same on each run (fixed seed)."""
    rng = random.Random(SEED)
    plans: list[Plan] = []
    for index, country in enumerate(COUNTRIES):
        if rng.random() < 0.75:
            plans.append(_closure(country, rng))
        if rng.random() < 0.4:
            plans.append(_early_ban(country, rng))
        plans += [_quarantine(country, rng), _test(country, rng)]
        if rng.random() < 0.7:
            plans.append(_vaccination(country, rng))
        if rng.random() < 0.3:
            plans.append(_variant_ban(country, rng, omicron=rng.random() < 0.5))
        plans.append(_declaration(country, rng, stale=index % 6 == 0))
        if index % 7 == 3:
            plans.append(_draft(country, rng))
    return plans


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(7, 18), rng.randint(0, 59)), tzinfo=UTC)


def _plan_rows(
    plan: Plan, rng: random.Random, editor: str | None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The measure row and its version rows, each step superseding the one before."""
    measure_id = uuid7()
    moments = [_moment(step.recorded_on, rng) for step in plan.steps]
    content, versions = dict(plan.content), []
    for number, (step, moment) in enumerate(zip(plan.steps, moments, strict=True), start=1):
        content = content | step.changes
        ended = moments[number] if number < len(moments) else None
        versions.append(
            version_row(
                measure_id,
                number,
                content,
                status=step.status,
                recorded_at=moment,
                superseded_at=ended,
                recorded_by=editor,
                change_note=step.note,
            )
        )
    measure = record_fields(moments[0]) | {
        "id": measure_id,
        "country_iso3": plan.content["country_iso3"],
        "external_ref": plan.ref,
        "current_version_no": len(versions),
        "status": versions[-1]["status"],
        "version": len(versions),
    }
    return measure, versions


def _load_measures(session: Session, editor: str | None, rng: random.Random) -> list[Measure]:
    plans = demo_plans()
    existing = repository.get_measures_by_ref(session, [p.ref for p in plans])
    measures: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    for plan in plans:
        measure, rows = _plan_rows(plan, rng, editor)  # always drawn: keeps the sequence fixed
        if plan.ref not in existing:
            measures.append(measure)
            versions += rows
    targets = [row for version in versions for row in target_rows(version)]
    refs = [m["external_ref"] for m in measures]
    insert_rows(session, Measure, measures)
    insert_rows(session, MeasureVersion, versions)
    insert_rows(session, MeasureTarget, targets)
    return list(repository.get_measures_by_ref(session, refs).values()) if refs else []


def _feedback(session: Session, created: list[Measure], editor: str | None) -> None:
    """A few editors' comments and open discrepancy reports on newly created measures."""
    by_ref = {m.external_ref: m for m in created}
    author = uuid.UUID(editor) if editor else None
    for country in COUNTRIES[:4]:
        if measure := by_ref.get(f"demo:{country}:quarantine"):
            body = "Checked the gazette: the 7-day rule applies to land arrivals too."
            session.add(MeasureComment(measure_id=measure.id, author_id=author, body=body))
    reports = {
        "demo:UGA:pcr-test": "The test must now be taken within 120 hours, not 72.",
        "demo:THA:quarantine": "Quarantine was already 7 days in this period per the embassy.",
        "demo:PER:declaration": "This form is no longer required since October.",
    }
    for ref, body in reports.items():
        if measure := by_ref.get(ref):
            session.add(DiscrepancyReport(measure_id=measure.id, body=body, status="open"))


def _poe_history(rng: random.Random, land: bool) -> list[dict[str, Any]]:
    """A POE's statuses: open, closed in March 2020, partly reopened, fully open in 2022."""
    closed_who = ["goods_only"] if land else ["nationals"]
    return [
        {"status": "fully_operational", "effective_from": _day("2020-01-01"), "who": []},
        {
            "status": "closed",
            "effective_from": _shift(_day("2020-03-15"), rng, 0, 12),
            "who": closed_who,
            "health": ["temperature screening"],
        },
        {
            "status": "partially_operational",
            "effective_from": _shift(_day("2020-07-01"), rng, 0, 100),
            "who": ["nationals", "regular_travellers", "goods_only"],
            "health": ["temperature screening", "health declaration"],
        },
        {
            "status": "partially_operational",
            "effective_from": _shift(_day("2021-02-01"), rng, 0, 60),
            "who": ["nationals", "regular_travellers", "migrants", "goods_only"],
            "health": ["negative test", "health declaration"],
        },
        {
            "status": "fully_operational",
            "effective_from": _shift(_day("2022-03-01"), rng, 0, 120),
            "who": ["nationals", "regular_travellers", "migrants", "asylum_seekers", "goods_only"],
            "health": [],
        },
    ]


def _load_poe_statuses(session: Session, editor: str | None, rng: random.Random) -> None:
    codes = [line.split(",", 1)[0] for line in _crossing_lines()]
    poes = list(geo_repository.get_poes_by_code(session, codes).values())
    airports, _ = geo_repository.search_poes(session, kind="airport", limit=100)
    rows: list[dict[str, Any]] = []
    for poe in sorted([*poes, *airports], key=lambda p: p.code):
        history = _poe_history(rng, land=poe.kind == "land_crossing")
        moments = [_moment(entry["effective_from"], rng) for entry in history]
        if any(s.source == POE_SOURCE for s in repository.poe_status_history(session, poe.id)):
            continue
        for entry, moment in zip(history, moments, strict=True):
            rows.append(
                record_fields(moment)
                | {
                    "poe_id": poe.id,
                    "country_iso3": poe.country_iso3,
                    "status": entry["status"],
                    "effective_from": entry["effective_from"],
                    "who_may_cross": entry["who"],
                    "health_measures": entry.get("health", []),
                    "last_verified_on": entry["effective_from"] + timedelta(days=2),
                    "notes": None,
                    "source": POE_SOURCE,
                    "recorded_by": editor,
                }
            )
    insert_rows(session, PoeStatus, rows)


def _crossing_lines() -> list[str]:
    from passage.demo.service import CROSSINGS_FILE

    return CROSSINGS_FILE.read_text(encoding="utf-8").splitlines()[1:]


def load_demo_restrictions(session: Session) -> None:
    """Demo measures (2020-2022, ~40 countries), POE statuses, comments and reports."""
    rng = random.Random(SEED)
    editor_user = auth_repository.get_user_by_email(session, DEMO_EDITOR)
    editor = str(editor_user.id) if editor_user else None
    known = set(geo_repository.country_codes(session).values())
    if not set(COUNTRIES) <= known:
        raise RuntimeError("load the countries before the demo measures")
    session.flush()
    created = _load_measures(session, editor, rng)
    _feedback(session, created, editor)
    _load_poe_statuses(session, editor, rng)
    session.flush()
