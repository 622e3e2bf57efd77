"""A realistic mix of measures for the journey benchmark (shares as in IOM's 2020-2021 records).

The uniform generator (measures.py) draws every type alike, so a destination has dozens of
untargeted closures and bans in force on any day and every traveller is refused. Here, as in
the tracker's records: most measures are entry conditions (tests, quarantine, declarations),
bans name the nationalities or origins they target, total closures are rare and let nationals
and residents in (with quarantine), and measures are re-verified during their life.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

# type -> weight (per thousand measures)
WEIGHTS: dict[str, int] = {
    "test_before_arrival": 170,
    "quarantine": 140,
    "health_declaration": 110,
    "vaccination": 50,
    "test_after_arrival": 50,
    "health_certificate": 40,
    "visa_requirement": 40,
    "other_condition": 40,
    "origin_ban": 90,
    "nationality_ban": 50,
    "flight_suspension": 50,
    "visa_suspension": 30,
    "transit_ban": 20,
    "complete_closure": 1,
    "exit_ban": 30,
    "other_exit_restriction": 30,
    "no_measures": 59,
}
TARGETED = {"origin_ban": "origins", "nationality_ban": "nationalities"}
TARGETED |= {"flight_suspension": "origins", "visa_suspension": "nationalities"}
TARGETED |= {"transit_ban": "transits"}
CONDITION_TARGETS = ("origins", "nationalities", "residence")
HOTSPOTS, HOTSPOT_STEP = 12, 17  # 12 countries spread over the code list


def realistic_content(
    rng: random.Random, country: str, codes: list[str], start: date, days: int
) -> dict[str, Any]:
    """One measure's content drawn from the realistic mix (same shape as measures._content)."""
    measure_type = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
    effective_from = start + timedelta(days=rng.randrange(days))
    length = rng.randint(14, 240)
    until = None if rng.random() < 0.1 else effective_from + timedelta(days=length)
    content: dict[str, Any] = {
        "country_iso3": country,
        "measure_type": measure_type,
        "title": f"{measure_type.replace('_', ' ').capitalize()} ({country})",
        "effective_from": effective_from,
        "effective_until": until,
        "announced_on": effective_from - timedelta(days=rng.randint(0, 7)),
        "sources": [{"title": "Synthetic source", "url": None, "publisher": None}],
        # re-verified on some day of its life (so a measure in force may be fresh or stale)
        "last_verified_on": effective_from + timedelta(days=rng.randint(0, length)),
    }
    content.update(_targets(rng, measure_type, country, codes))
    if measure_type == "quarantine":
        content["quarantine_days"] = rng.choice((7, 10, 14, 21))
    return content


def _target(rng: random.Random, codes: list[str]) -> str:
    """A targeted country: 4 in 5 among a few hotspots (as bans named India, Brazil, South
    Africa ...), else any country."""
    if rng.random() < 0.8:
        return codes[(HOTSPOT_STEP * rng.randrange(HOTSPOTS)) % len(codes)]
    return rng.choice(codes)


def _targets(rng: random.Random, measure_type: str, country: str, codes: list[str]) -> dict:
    """Bans name 1-5 countries and let nationals and residents in; conditions sometimes target;
    a total closure names no one, lets nationals and residents in, with 14 days of quarantine."""
    if measure_type == "complete_closure":
        return {"exemptions": ["nationals", "residents"], "quarantine_days": 14}
    field = TARGETED.get(measure_type)
    if field is None and measure_type in WEIGHTS and rng.random() < 0.25:
        field = rng.choice(CONDITION_TARGETS)
    if field is None or measure_type in ("no_measures", "exit_ban", "other_exit_restriction"):
        return {}
    others = [code for code in codes if code != country]
    named = {_target(rng, others) for _ in range(rng.randint(1, 5))}
    result: dict[str, Any] = {field: sorted(named)}
    if measure_type in TARGETED:
        result["exemptions"] = ["nationals", "residents"]
    return result
