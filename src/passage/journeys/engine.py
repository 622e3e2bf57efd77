"""The journey decision: pure, no session, no I/O. Documented in docs/journeys.md.

Input: the destination's measures in force on the arrival date (as `MeasureFacts`), the
traveller and the itinerary. Output: a `Decision` with the conditions to meet and one
`Finding` per measure saying whether it applies and why, as reason codes that the service
turns into sentences in the user's language (see messages.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

ADMIT = "ADMIT"
ADMIT_WITH_CONDITIONS = "ADMIT_WITH_CONDITIONS"
REFUSE = "REFUSE"
UNKNOWN = "UNKNOWN"

STALE_AFTER_DAYS = 30
TEST_VALID_HOURS = 72
RECOVERY_VALID_DAYS = 180
RECOVERY_FROM_DAYS = 11
SINGLE_DOSE_PRODUCTS = frozenset({"EU/1/20/1525"})  # Janssen: one dose completes the series

REFUSING_TYPES = frozenset(
    {"complete_closure", "nationality_ban", "origin_ban", "transit_ban", "flight_suspension"}
)
CONDITION_KINDS = {
    "test_before_arrival": "test_before_arrival",
    "test_after_arrival": "test_after_arrival",
    "quarantine": "quarantine",
    "health_declaration": "health_declaration",
    "health_certificate": "health_certificate",
    "vaccination": "vaccination",
    "visa_requirement": "visa",
    "visa_suspension": "visa",
    "other_condition": "other",
}
EXIT_TYPES = frozenset({"exit_ban", "other_exit_restriction"})
POE_MODES = {
    "airport": "air",
    "land_crossing": "land",
    "sea_port": "sea",
    "river_port": "sea",
    "lake_port": "sea",
}

# Effects of a measure on this traveller
APPLIES_REFUSE = "refuse"
APPLIES_CONDITION = "condition"
UNDETERMINED = "unknown"
EXEMPT = "exempt"
NOT_APPLICABLE = "not_applicable"

# Condition statuses
PENDING = "pending"
SATISFIED = "satisfied"
UNDECIDED = "undetermined"


@dataclass(frozen=True, slots=True)
class MeasureFacts:
    """What the engine needs of one measure version (built once per version by the service)."""

    version_id: str
    measure_id: str
    measure_type: str
    title: str
    nationalities: frozenset[str] = frozenset()
    origins: frozenset[str] = frozenset()
    transits: frozenset[str] = frozenset()
    residence: frozenset[str] = frozenset()
    poe_scope: str = "all"
    poe_codes: frozenset[str] = frozenset()
    exemptions: frozenset[str] = frozenset()
    quarantine_days: int | None = None
    sources: tuple[dict[str, Any], ...] = ()
    last_verified_on: date | None = None
    recorded_on: date | None = None
    effective_from: date | None = None
    effective_until: date | None = None

    @property
    def verified_on(self) -> date | None:
        """The last check against the sources (falls back to the day it was recorded)."""
        return self.last_verified_on or self.recorded_on


@dataclass(frozen=True, slots=True)
class Vaccination:
    """A vaccination: product (EU code), doses received, doses in the full series, last dose."""

    doses: int
    total_doses: int | None = None
    product: str | None = None
    last_dose_on: date | None = None


@dataclass(frozen=True, slots=True)
class LabTest:
    """A test: kind (pcr, antigen...), when the sample was taken, and the result."""

    taken_at: datetime
    result: str
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class Recovery:
    """A recovery: the date of the first positive test."""

    positive_on: date


@dataclass(frozen=True, slots=True)
class Certificate:
    """A presented certificate: its kind, signature status, rules outcome and its evidence.

    status: verified | unverified (no trust list / no signer) | invalid.
    rules_result: pass | fail | open, or None when the destination has no rules for it.
    """

    kind: str | None
    status: str
    rules_result: str | None = None
    vaccination: Vaccination | None = None
    test: LabTest | None = None
    recovery: Recovery | None = None


@dataclass(frozen=True, slots=True)
class Traveller:
    """Who travels: nationalities, residence, claimed exemption categories and evidence."""

    nationalities: frozenset[str]
    residence: str | None = None
    exemptions: frozenset[str] = frozenset()
    vaccination: Vaccination | None = None
    test: LabTest | None = None
    recovery: Recovery | None = None
    certificate: Certificate | None = None


@dataclass(frozen=True, slots=True)
class Itinerary:
    """Where and when: origin, transit countries, destination, POE (code and mode), arrival."""

    origin: str
    destination: str
    arrival: date
    transits: tuple[str, ...] = ()
    poe_code: str | None = None
    mode: str | None = None  # air | land | sea, from the POE kind or given by the traveller


@dataclass(frozen=True, slots=True)
class Reason:
    """Why: a message code and its parameters (translated by the service)."""

    code: str
    params: tuple[tuple[str, str], ...] = ()

    def as_dict(self) -> dict[str, str]:
        """The parameters as a dict."""
        return dict(self.params)


def reason(code: str, **params: Any) -> Reason:
    """A reason with string parameters."""
    return Reason(code, tuple((key, _text(value)) for key, value in params.items()))


def _text(value: Any) -> str:
    if isinstance(value, (set, frozenset, list, tuple)):
        return ", ".join(sorted(str(item) for item in value))
    return str(value)


@dataclass(frozen=True, slots=True)
class Condition:
    """Something the traveller must do or show; `status` is pending, satisfied or undetermined."""

    kind: str
    measure_id: str
    status: str
    quarantine_days: int | None = None
    reason: Reason | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One measure considered: its effect on this traveller and every reason for it."""

    measure: MeasureFacts
    effect: str
    reasons: tuple[Reason, ...]
    stale: bool
    condition: Condition | None = None
    shared: bool = False  # the same object answers many travellers (rendered once)


@dataclass(frozen=True, slots=True)
class Decision:
    """The answer: decision, conditions, every measure considered, and general notes."""

    decision: str
    conditions: tuple[Condition, ...] = ()
    findings: tuple[Finding, ...] = ()
    notes: tuple[Reason, ...] = field(default_factory=tuple)


_R_APPLIES_TO_ALL = Reason("applies_to_all")
_R_POE_ALL = Reason("poe_all")
_R_REFUSES_ENTRY = Reason("refuses_entry")
_R_EXIT_MEASURE = Reason("exit_measure")
_R_NO_MEASURES = Reason("no_measures")

# ---------------------------------------------------------------- the decision


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
        why = reason("target_not_matched", targets=_targets_text(measure))
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
        _satisfied(traveller, itinerary, "test"),
        _satisfied(traveller, itinerary, "vaccination"),
        _certificate_status(traveller.certificate, itinerary, None),
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
    return Decision(_combine(findings, conditions), conditions, findings)


def _finding(
    item: Prepared, traveller: Traveller, itinerary: Itinerary, profile: int | None
) -> Finding:
    if item.constant is not None:
        return item.constant
    if item.outside is not None:
        if not _concerns(item.measure, traveller, itinerary):
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


def _concerns(measure: MeasureFacts, traveller: Traveller, itinerary: Itinerary) -> bool:
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


# ---------------------------------------------------------------- who and where


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
        return False, (reason("target_not_matched", targets=_targets_text(measure)),)
    return True, tuple(matches)


def _targets_text(measure: MeasureFacts) -> str:
    parts = [
        f"{label}: {_text(codes)}"
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
        codes = _text(measure.poe_codes)
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


# ---------------------------------------------------------------- conditions and evidence


def requirement(measure: MeasureFacts, traveller: Traveller, itinerary: Itinerary) -> Condition:
    """The condition a measure sets, with whether the traveller's evidence already meets it."""
    kind = CONDITION_KINDS.get(measure.measure_type, "other")
    status, why = PENDING, None
    if kind == "test_before_arrival":
        status, why = _satisfied(traveller, itinerary, "test")
    elif kind == "vaccination":
        status, why = _satisfied(traveller, itinerary, "vaccination")
    elif kind == "health_certificate":
        status, why = _certificate_status(traveller.certificate, itinerary, None)
    days = measure.quarantine_days if kind == "quarantine" else None
    return Condition(kind, measure.measure_id, status, days, why)


def _satisfied(traveller: Traveller, itinerary: Itinerary, need: str) -> tuple[str, Reason | None]:
    if need == "test" and lab_test_is_valid(traveller.test, itinerary.arrival):
        return SATISFIED, reason("declared_test_valid", hours=TEST_VALID_HOURS)
    if need == "vaccination" and vaccination_is_complete(traveller.vaccination, itinerary.arrival):
        return SATISFIED, reason("declared_vaccination_complete")
    if need == "vaccination" and recovery_is_valid(traveller.recovery, itinerary.arrival):
        return SATISFIED, reason("declared_recovery_valid", days=RECOVERY_VALID_DAYS)
    if traveller.certificate is None:
        return PENDING, reason(f"missing_{need}")
    return _certificate_status(traveller.certificate, itinerary, need)


def _certificate_status(
    certificate: Certificate | None, itinerary: Itinerary, need: str | None
) -> tuple[str, Reason | None]:
    """A certificate meets a need when its rules pass (or, without rules, its evidence does)."""
    if certificate is None:
        return PENDING, reason("missing_certificate")
    if certificate.status == "invalid":
        return PENDING, reason("certificate_invalid")
    if need is not None and not _certificate_covers(certificate, need):
        return PENDING, reason(f"missing_{need}")
    if certificate.rules_result == "fail":
        return PENDING, reason("certificate_rules_failed")
    if certificate.rules_result == "open":
        return UNDECIDED, reason("certificate_rules_open")
    if certificate.rules_result == "pass" or need is None:
        return SATISFIED, reason("certificate_accepted", status=certificate.status)
    if _certificate_evidence_meets(certificate, itinerary, need):
        return SATISFIED, reason("certificate_evidence_valid", status=certificate.status)
    return PENDING, reason(f"certificate_{need}_not_valid")


def _certificate_covers(certificate: Certificate, need: str) -> bool:
    if need == "vaccination":
        return certificate.kind in ("vaccination", "recovery")
    return certificate.kind == need


def _certificate_evidence_meets(certificate: Certificate, itinerary: Itinerary, need: str) -> bool:
    if need == "test":
        return lab_test_is_valid(certificate.test, itinerary.arrival)
    return vaccination_is_complete(certificate.vaccination, itinerary.arrival) or recovery_is_valid(
        certificate.recovery, itinerary.arrival
    )


def lab_test_is_valid(test: LabTest | None, arrival: date) -> bool:
    """A negative test whose sample was taken at most 72 h before the arrival day ended.

    The arrival is a date: a sample taken from (arrival - 3 days) 00:00 to the arrival day
    counts, so a traveller arriving late in the day is not refused for a few hours."""
    if test is None or test.result != "negative":
        return False
    taken = test.taken_at.date()
    return arrival - timedelta(days=TEST_VALID_HOURS // 24) <= taken <= arrival


def vaccination_is_complete(vaccination: Vaccination | None, arrival: date) -> bool:
    """A complete series (doses >= the series' doses; 1 for single-dose products, else 2)."""
    if vaccination is None:
        return False
    if vaccination.last_dose_on is not None and vaccination.last_dose_on > arrival:
        return False
    needed = vaccination.total_doses
    if needed is None:
        needed = 1 if vaccination.product in SINGLE_DOSE_PRODUCTS else 2
    return needed > 0 and vaccination.doses >= needed


def recovery_is_valid(recovery: Recovery | None, arrival: date) -> bool:
    """A recovery: first positive test 11 to 180 days before arrival (EU DCC practice)."""
    if recovery is None:
        return False
    days = (arrival - recovery.positive_on).days
    return RECOVERY_FROM_DAYS <= days <= RECOVERY_VALID_DAYS
