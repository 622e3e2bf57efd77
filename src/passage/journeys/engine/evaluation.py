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
    UNDECIDED,
    UNDETERMINED,
    Finding,
    Reason,
    as_text,
    reason,
)

REFUSING_TYPES = frozenset(
    {"complete_closure", "nationality_ban", "origin_ban", "transit_ban", "flight_suspension"}
)

EXIT_TYPES = frozenset({"exit_ban", "other_exit_restriction"})


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
    in_scope, scope_reason = match_poe_scope(measure, itinerary)
    reasons += (scope_reason,)
    if in_scope is False:
        return Finding(measure, NOT_APPLICABLE, reasons, stale)
    exempt = exemption(measure, traveller, itinerary)
    if exempt is not None:
        return Finding(measure, EXEMPT, (*reasons, exempt), stale)
    if in_scope is None:
        return Finding(measure, UNDETERMINED, reasons, stale)
    if kind in REFUSING_TYPES:
        return Finding(measure, APPLIES_REFUSE, (*reasons, _R_REFUSES_ENTRY), stale)
    condition = requirement(measure, traveller, itinerary)
    effect = UNDETERMINED if condition.status == UNDECIDED else APPLIES_CONDITION
    extra = (condition.reason,) if condition.reason else ()
    return Finding(measure, effect, (*reasons, *extra), stale, condition)


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
    """The exemption that lifts the measure for this traveller, if any."""
    categories = traveller_categories(traveller, itinerary)
    if CONDITION_KINDS.get(measure.measure_type) == "visa" and "nationals" in categories:
        return reason("national_no_visa", country=itinerary.destination)
    if common := measure.exemptions & categories:
        return reason("exemption_applied", categories=common)
    return None
