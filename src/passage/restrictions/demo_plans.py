"""The story of the demo world's travel measures and POE statuses, 2020-2022: which country
did what and when, as plans (content and versions) the loader in demo.py writes. Deterministic:
every random draw comes from the generator the caller passes (fixed seed).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

SEED = 2020
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


def day(text: str) -> date:
    """A date written as YYYY-MM-DD."""
    return date.fromisoformat(text)


def shift(day: date, rng: random.Random, low: int, high: int) -> date:
    """`day` moved by a random number of days from `low` to `high`."""
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
    start = shift(day("2020-03-14"), rng, 0, 12)
    until = shift(day("2020-06-15"), rng, 0, 100)
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
    start = shift(day("2020-02-01"), rng, 0, 35)
    origins = sorted(set(rng.sample(EARLY_HOTSPOTS, rng.randint(1, 3))) - {country})
    content = _base(
        country,
        "origin_ban",
        "Arrivals from affected countries suspended",
        start,
        origins=origins or ["CHN"],
        exemptions=["nationals", "residents"],
    )
    until = shift(day("2020-07-01"), rng, 0, 60)
    steps = [
        Step(start, "published", note="created"),
        Step(until, "lifted", {"effective_until": until - timedelta(days=1)}, f"lifted on {until}"),
    ]
    return Plan(f"demo:{country}:origin-ban-2020", content, steps)


def _quarantine(country: str, rng: random.Random) -> Plan:
    start = shift(day("2020-06-20"), rng, 0, 60)
    content = _base(
        country,
        "quarantine",
        "Mandatory quarantine for arrivals",
        start,
        quarantine_days=14,
        details="Arrivals quarantine at home or in a designated facility.",
    )
    shorter = shift(day("2020-11-01"), rng, 0, 90)
    shortest = shift(day("2021-06-01"), rng, 0, 90)
    lifted = shift(day("2022-02-01"), rng, 0, 120)
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
    start = shift(day("2020-09-01"), rng, 0, 90)
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
        lifted = shift(day("2022-03-01"), rng, 0, 150)
        until = {"effective_until": lifted - timedelta(days=1)}
        steps.append(Step(lifted, "lifted", until, f"lifted on {lifted}"))
    return Plan(f"demo:{country}:pcr-test", content, steps)


def _vaccination(country: str, rng: random.Random) -> Plan:
    start = shift(day("2021-06-01"), rng, 0, 150)
    content = _base(
        country,
        "vaccination",
        "Proof of vaccination or a negative test",
        start,
        details="Fully vaccinated travellers enter without testing; others present a test.",
        exemptions=["students", "family_reunification"] if rng.random() < 0.4 else [],
    )
    steps = [Step(start, "published", note="created")]
    lifted = shift(day("2022-04-01"), rng, 0, 200)
    if lifted < day("2022-12-31"):
        until = {"effective_until": lifted - timedelta(days=1)}
        steps.append(Step(lifted, "lifted", until, f"lifted on {lifted}"))
    return Plan(f"demo:{country}:vaccination", content, steps)


def _variant_ban(country: str, rng: random.Random, omicron: bool) -> Plan:
    start = shift(day("2021-11-27" if omicron else "2021-04-25"), rng, 0, 10)
    origins = [c for c in (SOUTHERN_AFRICA if omicron else DELTA_ORIGINS) if c != country]
    title = (
        "Flights from southern Africa suspended" if omicron else "Arrivals from South Asia banned"
    )
    content = _base(country, "origin_ban", title, start, origins=origins, exemptions=["nationals"])
    until = shift(start, rng, 30, 120)
    steps = [
        Step(start - timedelta(days=1), "draft", note="created"),
        Step(start, "published", note="published"),
        Step(until, "lifted", {"effective_until": until - timedelta(days=1)}, f"lifted on {until}"),
    ]
    return Plan(f"demo:{country}:{'omicron' if omicron else 'delta'}-ban", content, steps)


def _declaration(country: str, rng: random.Random, stale: bool) -> Plan:
    start = shift(day("2020-05-01"), rng, 0, 120)
    content = _base(
        country,
        "health_declaration",
        "Online health declaration before travel",
        start,
        last_verified_on=start if stale else day("2022-12-20"),
    )
    return Plan(f"demo:{country}:declaration", content, [Step(start, "published", note="created")])


def _draft(country: str, rng: random.Random) -> Plan:
    start = shift(day("2022-11-01"), rng, 0, 40)
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


def poe_history(rng: random.Random, land: bool) -> list[dict[str, Any]]:
    """A POE's statuses: open, closed in March 2020, partly reopened, fully open in 2022."""
    closed_who = ["goods_only"] if land else ["nationals"]
    return [
        {"status": "fully_operational", "effective_from": day("2020-01-01"), "who": []},
        {
            "status": "closed",
            "effective_from": shift(day("2020-03-15"), rng, 0, 12),
            "who": closed_who,
            "health": ["temperature screening"],
        },
        {
            "status": "partially_operational",
            "effective_from": shift(day("2020-07-01"), rng, 0, 100),
            "who": ["nationals", "regular_travellers", "goods_only"],
            "health": ["temperature screening", "health declaration"],
        },
        {
            "status": "partially_operational",
            "effective_from": shift(day("2021-02-01"), rng, 0, 60),
            "who": ["nationals", "regular_travellers", "migrants", "goods_only"],
            "health": ["negative test", "health declaration"],
        },
        {
            "status": "fully_operational",
            "effective_from": shift(day("2022-03-01"), rng, 0, 120),
            "who": ["nationals", "regular_travellers", "migrants", "asylum_seekers", "goods_only"],
            "health": [],
        },
    ]
