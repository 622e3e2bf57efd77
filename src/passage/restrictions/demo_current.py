"""The demo world's current situation: a (fictional) Ebola disease outbreak in Uganda, dated
relative to the day the demo is loaded, so that today's overview, map, journey check and
officer screens have something to show beside the 2020-2022 history (demo_plans.py).

Loading again on a later day adds nothing (the references are fixed); the dates stay those of
the first load, as a real situation would.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from passage.restrictions.demo_plans import COUNTRIES, Plan, Step

OUTBREAK_COUNTRY = "UGA"
OUTBREAK = "Ebola disease outbreak in Uganda"
# country -> (measure type, title, days before load day it took effect, extra content)
NEIGHBOURS: dict[str, tuple[str, str, int, dict[str, Any]]] = {
    "KEN": (
        "quarantine",
        "21-day quarantine for arrivals from Uganda",
        14,
        {"quarantine_days": 21, "origins": ["UGA"], "exemptions": ["health_workers"]},
    ),
    "RWA": (
        "origin_ban",
        "Arrivals from Uganda suspended",
        10,
        {"origins": ["UGA"], "exemptions": ["nationals", "residents"]},
    ),
    "TZA": (
        "test_after_arrival",
        "Screening and testing of arrivals from Uganda",
        16,
        {"origins": ["UGA"]},
    ),
    "SSD": (
        "health_certificate",
        "Health certificate for arrivals from Uganda",
        12,
        {"origins": ["UGA"]},
    ),
}
# land crossings on the outbreak's borders -> who may still cross
CURRENT_POE_STATUSES: dict[str, tuple[str, list[str]]] = {
    "LND-UGA-BUSIA": ("partially_operational", ["nationals", "goods_only"]),
    "LND-KEN-BUSIA": ("partially_operational", ["nationals", "regular_travellers", "goods_only"]),
    "LND-KEN-MALABA": ("partially_operational", ["nationals", "goods_only"]),
    "LND-RWA-GATUNA": ("closed", ["goods_only"]),
}
POE_HEALTH_MEASURES = ["temperature screening", "health declaration", "isolation area"]


def _source(country: str, title: str, published: date) -> dict[str, Any]:
    slug = title.lower().replace(" ", "-")[:40]
    return {
        "title": f"Ministry of Health press release: {title}",
        "url": f"https://example.org/demo/{country.lower()}/{published.isoformat()}/{slug}",
        "publisher": f"Ministry of Health ({country})",
        "retrieved_on": published.isoformat(),
    }


def _plan(country: str, kind: str, title: str, start: date, today: date, **extra: Any) -> Plan:
    content = {
        "country_iso3": country,
        "measure_type": kind,
        "title": title,
        "announced_on": start - timedelta(days=1),
        "effective_from": start,
        "sources": [_source(country, title, start - timedelta(days=1))],
        "last_verified_on": today - timedelta(days=2),
        "details": f"In response to the {OUTBREAK}.",
        **extra,
    }
    slug = kind.replace("_", "-")
    return Plan(
        f"demo:{country}:outbreak-{slug}", content, [Step(start, "published", note="created")]
    )


def current_plans(today: date) -> list[Plan]:
    """The outbreak's measures: screening at the source, stricter rules next door, arrival
    screening elsewhere, and one draft waiting for review."""
    plans = [
        _plan(
            OUTBREAK_COUNTRY,
            "other_exit_restriction",
            "Exit screening at every point of entry",
            today - timedelta(days=21),
            today,
        )
    ]
    for country, (kind, title, days, extra) in NEIGHBOURS.items():
        plans.append(_plan(country, kind, title, today - timedelta(days=days), today, **extra))
    for country in COUNTRIES:
        if country in NEIGHBOURS or country == OUTBREAK_COUNTRY:
            continue
        plans.append(
            _plan(
                country,
                "health_declaration",
                "Health declaration for arrivals from Uganda",
                today - timedelta(days=7 + len(plans) % 9),
                today,
                origins=[OUTBREAK_COUNTRY],
            )
        )
    draft = _plan("ETH", "quarantine", "Quarantine for arrivals from Uganda", today, today)
    draft.content |= {"origins": [OUTBREAK_COUNTRY], "quarantine_days": 21}
    draft.ref = "demo:ETH:outbreak-quarantine-draft"
    draft.steps = [Step(today - timedelta(days=1), "draft", note="created")]
    plans.append(draft)
    return plans


def current_poe_history(code: str, today: date) -> list[dict[str, Any]]:
    """The outbreak's status of a land crossing on its borders (none for other POEs)."""
    if code not in CURRENT_POE_STATUSES:
        return []
    status, who = CURRENT_POE_STATUSES[code]
    return [
        {
            "status": status,
            "effective_from": today - timedelta(days=12),
            "who": who,
            "health": POE_HEALTH_MEASURES,
        }
    ]
