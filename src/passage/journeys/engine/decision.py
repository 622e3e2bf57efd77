"""The decision over a destination's measures: what does not depend on the traveller is
prepared once per snapshot, targeted measures are found through an index, untargeted findings
are memoised per traveller profile, and the findings combine into one decision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from passage.journeys.engine.evaluation import (
    EXIT_TYPES,
    assess,
    targets_text,
    traveller_categories,
)
from passage.journeys.engine.evidence import certificate_status, satisfied
from passage.journeys.engine.facts import Itinerary, MeasureFacts, Traveller
from passage.journeys.engine.findings import (
    ADMIT,
    ADMIT_WITH_CONDITIONS,
    APPLIES_CONDITION,
    APPLIES_REFUSE,
    EXEMPT,
    NOT_APPLICABLE,
    REFUSE,
    SATISFIED,
    UNDETERMINED,
    UNKNOWN,
    Condition,
    Decision,
    Finding,
    reason,
)

STALE_AFTER_DAYS = 30


@dataclass(frozen=True, slots=True)
class Prepared:
    """A measure with what does not depend on the traveller, computed once per snapshot.

    `constant`: the finding for everyone (exit measures, "no measures"); `outside`: the
    finding for a traveller a targeted measure does not concern; `memo`: findings of an
    untargeted measure by everything they depend on (mode, named POE, exemptions held,
    evidence status), filled as travellers ask."""

    measure: MeasureFacts
    stale: bool
    constant: Finding | None = None
    outside: Finding | None = None
    memo: dict[int, Finding] = field(default_factory=dict)


def prepare(
    measures: Sequence[MeasureFacts],
    reference: date,
    stale_after_days: int = STALE_AFTER_DAYS,
) -> tuple[Prepared, ...]:
    """Precompute what does not depend on the traveller; `reference` is the freshness date."""
    oldest_fresh = reference - timedelta(days=stale_after_days)
    return tuple(_prepare_one(m, _is_stale(m, oldest_fresh)) for m in measures)


_NOBODY = Traveller(nationalities=frozenset())
_NOWHERE = Itinerary(origin="", destination="", arrival=date.min)


def _prepare_one(measure: MeasureFacts, stale: bool) -> Prepared:
    kind = measure.measure_type
    if kind in EXIT_TYPES or kind == "no_measures":
        found = assess(measure, _NOBODY, _NOWHERE, stale=stale)
        return Prepared(measure, stale, constant=replace(found, shared=True))
    if measure.nationalities or measure.origins or measure.transits or measure.residence:
        why = reason("target_not_matched", targets=targets_text(measure))
        outside = Finding(measure, NOT_APPLICABLE, (why,), stale, shared=True)
        return Prepared(measure, stale, outside=outside)
    return Prepared(measure, stale)


_PROFILES: dict[tuple[Any, ...], int] = {}

_PROFILE_LIMIT = 100_000


def profile_number(traveller: Traveller, itinerary: Itinerary) -> int | None:
    """A small number standing for the profile (None once too many were seen: no memo)."""
    profile = _profile(traveller, itinerary)
    number = _PROFILES.get(profile)
    if number is None and len(_PROFILES) < _PROFILE_LIMIT:
        number = _PROFILES.setdefault(profile, len(_PROFILES))
    return number


def _profile(traveller: Traveller, itinerary: Itinerary) -> tuple[Any, ...]:
    """Everything an untargeted measure's finding depends on, as one hashable key."""
    evidence = (
        satisfied(traveller, itinerary, "test"),
        satisfied(traveller, itinerary, "vaccination"),
        certificate_status(traveller.certificate, itinerary, None),
    )
    return (
        itinerary.mode,
        itinerary.poe_code,
        traveller_categories(traveller, itinerary),
        evidence,
    )


def decide(
    measures: Sequence[Prepared],
    traveller: Traveller,
    itinerary: Itinerary,
    *,
    stale_after_days: int = STALE_AFTER_DAYS,
) -> Decision:
    """Decide entry for a traveller from the destination's prepared measures in force."""
    if not measures:
        return Decision(UNKNOWN, notes=(reason("no_data", country=itinerary.destination),))
    profile = profile_number(traveller, itinerary)
    findings = tuple(_finding(item, traveller, itinerary, profile) for item in measures)
    conditions = tuple(f.condition for f in findings if f.condition is not None)
    if all(item.stale for item in measures):
        note = reason("stale_data", days=stale_after_days)
        return Decision(UNKNOWN, conditions, findings, (note,))
    decision = _combine(findings, conditions)
    if decision == ADMIT and not any(_speaks_for_arrival(finding) for finding in findings):
        note = reason("no_entry_data", country=itinerary.destination)
        return Decision(UNKNOWN, conditions, findings, (note,))
    return Decision(decision, conditions, findings)


def _speaks_for_arrival(finding: Finding) -> bool:
    """A finding that says something about this traveller's entry: a condition or exemption
    that concerns them, or "no measures" recorded (exit measures and measures that target
    other travellers say nothing about it)."""
    if finding.effect in (APPLIES_CONDITION, EXEMPT):
        return True
    return finding.measure.measure_type == "no_measures"


def _finding(
    item: Prepared, traveller: Traveller, itinerary: Itinerary, profile: int | None
) -> Finding:
    if item.constant is not None:
        return item.constant
    if item.outside is not None:
        if not concerns(item.measure, traveller, itinerary):
            return item.outside
        return assess(item.measure, traveller, itinerary, stale=item.stale)
    found = item.memo.get(profile) if profile is not None else None
    if found is None:
        found = replace(assess(item.measure, traveller, itinerary, stale=item.stale), shared=True)
        if profile is not None and len(item.memo) < 256:
            item.memo[profile] = found
    return found


def target_index(measures: Sequence[Prepared]) -> dict[tuple[str, str], list[int]]:
    """(target kind, country) -> positions of the targeted measures naming it."""
    index: dict[tuple[str, str], list[int]] = {}
    for position, item in enumerate(measures):
        measure = item.measure
        for kind, codes in (
            ("nationality", measure.nationalities),
            ("origin", measure.origins),
            ("transit", measure.transits),
            ("residence", measure.residence),
        ):
            for code in codes:
                index.setdefault((kind, code), []).append(position)
    return index


def concerned(
    index: dict[tuple[str, str], list[int]], traveller: Traveller, itinerary: Itinerary
) -> bool:
    """Whether any targeted measure concerns this traveller (through the index)."""
    keys = [("nationality", code) for code in traveller.nationalities]
    keys += [("origin", itinerary.origin), ("residence", traveller.residence or "")]
    keys += [("transit", code) for code in itinerary.transits]
    return any(key in index for key in keys)


def concerns(measure: MeasureFacts, traveller: Traveller, itinerary: Itinerary) -> bool:
    """Whether a targeted measure names this traveller (nationality, origin, transit,
    residence)."""
    return bool(
        (measure.nationalities and not measure.nationalities.isdisjoint(traveller.nationalities))
        or itinerary.origin in measure.origins
        or (measure.transits and not measure.transits.isdisjoint(itinerary.transits))
        or traveller.residence in measure.residence
    )


def _is_stale(measure: MeasureFacts, oldest_fresh: date) -> bool:
    verified = measure.verified_on
    return verified is None or verified < oldest_fresh


def _combine(findings: Sequence[Finding], conditions: Sequence[Condition]) -> str:
    effects = {finding.effect for finding in findings}
    if APPLIES_REFUSE in effects:
        return REFUSE
    if UNDETERMINED in effects:
        return UNKNOWN
    if any(condition.status != SATISFIED for condition in conditions):
        return ADMIT_WITH_CONDITIONS
    return ADMIT
