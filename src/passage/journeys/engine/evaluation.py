"""One measure against one traveller and itinerary: whether it targets them, whether the
arrival point of entry is in its scope, whether an exemption lifts it, and its effect."""

from __future__ import annotations

from passage.journeys.engine.evidence import CONDITION_KINDS, requirement
from passage.journeys.engine.facts import Itinerary, MeasureFacts, Traveller
from passage.journeys.engine.findings import (
    APPLIES_CONDITION,
    APPLIES_REFUSE,
    EXEMPT,
    NOT_APPLICABLE,
    PENDING,
    UNDECIDED,
    UNDETERMINED,
    Condition,
    Finding,
    Reason,
    as_text,
    reason,
)

REFUSING_TYPES = frozenset(
    {"complete_closure", "nationality_ban", "origin_ban", "transit_ban", "flight_suspension"}
)

EXIT_TYPES = frozenset({"exit_ban", "other_exit_restriction"})

# Entry bans that, in IOM's and OxCGRT's records, normally let nationals and residents return.
EXEMPTS_NATIONALS = frozenset({"complete_closure", "nationality_ban", "origin_ban"})
PARTIAL_BAN_LEVEL = 3  # OxCGRT C8 3: "ban arrivals from some regions" (which ones: not given)
# OxCGRT C8 2: "quarantine arrivals from some or all regions" (which: not given)
PARTIAL_QUARANTINE_LEVEL = 2


_R_APPLIES_TO_ALL = Reason("applies_to_all")
_R_POE_ALL = Reason("poe_all")
_R_REFUSES_ENTRY = Reason("refuses_entry")
_R_EXIT_MEASURE = Reason("exit_measure")
_R_NO_MEASURES = Reason("no_measures")


def assess(
    measure: MeasureFacts, traveller: Traveller, itinerary: Itinerary, *, stale: bool = False
) -> Finding:
    """Whether one measure applies to this traveller and itinerary, and with what effect."""
    kind = measure.measure_type
    if kind in EXIT_TYPES:
        return Finding(measure, NOT_APPLICABLE, (_R_EXIT_MEASURE,), stale)
    if kind == "no_measures":
        return Finding(measure, NOT_APPLICABLE, (_R_NO_MEASURES,), stale)
    matched, reasons = match_targets(measure, traveller, itinerary)
    if not matched:
        return Finding(measure, NOT_APPLICABLE, reasons, stale)
    unknown_targets = targets_unknown(measure)
    if unknown_targets:
        code = "targets_unknown" if kind in REFUSING_TYPES else "quarantine_targets_unknown"
        reasons = (reason(code, level=measure.explicit_level),)
    in_scope, scope_reason = match_poe_scope(measure, itinerary)
    reasons += (scope_reason,)
    if in_scope is False:
        return Finding(measure, NOT_APPLICABLE, reasons, stale)
    exempt = exemption(measure, traveller, itinerary)
    if exempt is not None:
        return _exempt(measure, exempt, reasons, stale)
    if unknown_targets and kind not in REFUSING_TYPES:
        return _maybe_quarantine(measure, reasons, stale)
    if in_scope is None or unknown_targets:
        return Finding(measure, UNDETERMINED, reasons, stale)
    if kind in REFUSING_TYPES:
        return Finding(measure, APPLIES_REFUSE, (*reasons, _R_REFUSES_ENTRY), stale)
    condition = requirement(measure, traveller, itinerary)
    effect = UNDETERMINED if condition.status == UNDECIDED else APPLIES_CONDITION
    extra = (condition.reason,) if condition.reason else ()
    return Finding(measure, effect, (*reasons, *extra), stale, condition)


def targets_unknown(measure: MeasureFacts) -> bool:
    """A measure whose source level says "some regions" but names none: a ban (OxCGRT C8
    level 3) or a quarantine "of arrivals from some or all regions" (level 2). Whom it
    concerns is not known, so it can neither refuse (or quarantine) nor admit a traveller."""
    if measure.nationalities or measure.origins or measure.transits or measure.residence:
        return False
    if measure.explicit_level == PARTIAL_BAN_LEVEL:
        return measure.measure_type in REFUSING_TYPES
    return (
        measure.explicit_level == PARTIAL_QUARANTINE_LEVEL and measure.measure_type == "quarantine"
    )


def _maybe_quarantine(measure: MeasureFacts, reasons: tuple[Reason, ...], stale: bool) -> Finding:
    """A quarantine that may or may not concern this traveller: unknown, and the quarantine is
    listed as an undetermined condition (the traveller sees what may be asked of them)."""
    days = measure.quarantine_days
    condition = Condition("quarantine", measure.measure_id, UNDECIDED, days, reasons[0])
    return Finding(measure, UNDETERMINED, reasons, stale, condition)


def _exempt(
    measure: MeasureFacts, exempt: Reason, reasons: tuple[Reason, ...], stale: bool
) -> Finding:
    """An exempt traveller is not refused, but keeps the quarantine the ban sets on those it
    lets in (e.g. nationals admitted with 14 days of quarantine)."""
    claimed: frozenset[str] = frozenset()
    if exempt.code == "exemption_self_declared":
        claimed = frozenset(exempt.as_dict()["categories"].split(", "))
    reasons = (*reasons, exempt)
    condition = None
    if measure.measure_type in REFUSING_TYPES and measure.quarantine_days:
        why = reason("exempt_keeps_quarantine", days=measure.quarantine_days)
        days = measure.quarantine_days
        condition = Condition("quarantine", measure.measure_id, PENDING, days, why)
        reasons = (*reasons, why)
    return Finding(measure, EXEMPT, reasons, stale, condition, self_declared=claimed)


def match_targets(
    measure: MeasureFacts, traveller: Traveller, itinerary: Itinerary
) -> tuple[bool, tuple[Reason, ...]]:
    """Whether the measure targets this traveller; targets of different kinds are alternatives."""
    targeted = False
    matches: list[Reason] = []
    if measure.nationalities:
        targeted = True
        if common := measure.nationalities & traveller.nationalities:
            matches.append(reason("target_nationality", countries=common))
    if measure.origins:
        targeted = True
        if itinerary.origin in measure.origins:
            matches.append(reason("target_origin", country=itinerary.origin))
    if measure.transits:
        targeted = True
        if common := measure.transits.intersection(itinerary.transits):
            matches.append(reason("target_transit", countries=common))
    if measure.residence:
        targeted = True
        if traveller.residence in measure.residence:
            matches.append(reason("target_residence", country=traveller.residence))
    if not targeted:
        return True, (_R_APPLIES_TO_ALL,)
    if not matches:
        return False, (reason("target_not_matched", targets=targets_text(measure)),)
    return True, tuple(matches)


def targets_text(measure: MeasureFacts) -> str:
    """Who a targeted measure names, kind by kind (for the "not targeted" reason)."""
    parts = [
        f"{label}: {as_text(codes)}"
        for label, codes in (
            ("nationality", measure.nationalities),
            ("origin", measure.origins),
            ("transit", measure.transits),
            ("residence", measure.residence),
        )
        if codes
    ]
    return "; ".join(parts)


def match_poe_scope(measure: MeasureFacts, itinerary: Itinerary) -> tuple[bool | None, Reason]:
    """Whether the arrival POE is in the measure's scope (None: the POE or mode is unknown).

    A flight suspension concerns air arrivals only, whatever its recorded scope."""
    scope = measure.poe_scope
    if measure.measure_type == "flight_suspension" and scope == "all":
        scope = "air"
    if scope == "all":
        return True, _R_POE_ALL
    if scope == "named":
        codes = as_text(measure.poe_codes)
        if itinerary.poe_code is None:
            return None, reason("poe_needed_named", codes=codes)
        matched = itinerary.poe_code in measure.poe_codes
        return matched, reason("poe_named_match" if matched else "poe_named_no_match", codes=codes)
    if itinerary.mode is None:
        return None, reason("poe_needed_mode", scope=scope)
    matched = itinerary.mode == scope
    return matched, reason(
        "poe_mode_match" if matched else "poe_mode_no_match", scope=scope, mode=itinerary.mode
    )


def traveller_categories(traveller: Traveller, itinerary: Itinerary) -> frozenset[str]:
    """The exemption categories a traveller holds: derived (nationals, residents) and claimed."""
    derived = set(traveller.exemptions)
    if itinerary.destination in traveller.nationalities:
        derived.add("nationals")
    if traveller.residence == itinerary.destination:
        derived.add("residents")
    return frozenset(derived)


def exemption(measure: MeasureFacts, traveller: Traveller, itinerary: Itinerary) -> Reason | None:
    """The exemption that lifts the measure for this traveller, if any.

    Categories derived from the facts (nationals, residents) are preferred; a claimed category
    is said to be self-declared. A level imported without exemptions (OxCGRT) never refuses
    nationals or residents where the measure type normally lets them in."""
    categories = traveller_categories(traveller, itinerary)
    if CONDITION_KINDS.get(measure.measure_type) == "visa" and "nationals" in categories:
        return reason("national_no_visa", country=itinerary.destination)
    common = measure.exemptions & categories
    derived = common & _facts_categories(traveller, itinerary)
    if derived:
        return reason("exemption_applied", categories=derived)
    if common:
        return reason("exemption_self_declared", categories=common)
    held = _facts_categories(traveller, itinerary)
    if measure.explicit_level is not None and measure.measure_type in EXEMPTS_NATIONALS and held:
        return reason("imported_level_exempts", categories=held)
    return None


def _facts_categories(traveller: Traveller, itinerary: Itinerary) -> frozenset[str]:
    """The categories the facts show (a nationality or the residence of the destination)."""
    held = set()
    if itinerary.destination in traveller.nationalities:
        held.add("nationals")
    if traveller.residence == itinerary.destination:
        held.add("residents")
    return frozenset(held)
