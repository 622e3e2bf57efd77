"""Conditions and evidence: what a measure asks of the traveller, and whether the declared
evidence or a presented certificate already meets it."""

from __future__ import annotations

from datetime import date, timedelta

from passage.journeys.engine.facts import (
    Certificate,
    Itinerary,
    LabTest,
    MeasureFacts,
    Recovery,
    Traveller,
    Vaccination,
)
from passage.journeys.engine.findings import (
    PENDING,
    SATISFIED,
    UNDECIDED,
    Condition,
    Reason,
    reason,
)

TEST_VALID_HOURS = 72
RECOVERY_VALID_DAYS = 180
RECOVERY_FROM_DAYS = 11
SINGLE_DOSE_PRODUCTS = frozenset({"EU/1/20/1525"})  # Janssen: one dose completes the series
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


def requirement(measure: MeasureFacts, traveller: Traveller, itinerary: Itinerary) -> Condition:
    """The condition a measure sets, with whether the traveller's evidence already meets it."""
    kind = CONDITION_KINDS.get(measure.measure_type, "other")
    status, why = PENDING, None
    if kind == "test_before_arrival":
        status, why = satisfied(traveller, itinerary, "test")
    elif kind == "vaccination":
        status, why = satisfied(traveller, itinerary, "vaccination")
    elif kind == "health_certificate":
        status, why = certificate_status(traveller.certificate, itinerary, None)
    days = measure.quarantine_days if kind == "quarantine" else None
    return Condition(kind, measure.measure_id, status, days, why)


def satisfied(traveller: Traveller, itinerary: Itinerary, need: str) -> tuple[str, Reason | None]:
    """Whether declared evidence, else the certificate, meets a need (test or vaccination)."""
    if need == "test" and lab_test_is_valid(traveller.test, itinerary.arrival):
        return SATISFIED, reason("declared_test_valid", hours=TEST_VALID_HOURS)
    if need == "vaccination" and vaccination_is_complete(traveller.vaccination, itinerary.arrival):
        return SATISFIED, reason("declared_vaccination_complete")
    if need == "vaccination" and recovery_is_valid(traveller.recovery, itinerary.arrival):
        return SATISFIED, reason("declared_recovery_valid", days=RECOVERY_VALID_DAYS)
    if traveller.certificate is None:
        return PENDING, reason(f"missing_{need}")
    return certificate_status(traveller.certificate, itinerary, need)


def certificate_status(
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
