"""The journey decision: pure, no session, no I/O. Documented in docs/journeys.md.

Input: the destination's measures in force on the arrival date (as `MeasureFacts`), the
traveller and the itinerary (facts.py). Output: a `Decision` with the conditions to meet and one
`Finding` per measure saying whether it applies and why, as reason codes that the service
turns into sentences in the user's language (findings.py, journeys/messages.py).

The decision over all measures (decision.py) weighs each measure (evaluation.py) and the
traveller's evidence for its conditions (evidence.py).
"""

from __future__ import annotations

from passage.journeys.engine.decision import (
    STALE_AFTER_DAYS,
    Prepared,
    concerned,
    decide,
    prepare,
    profile_number,
    target_index,
)
from passage.journeys.engine.evaluation import (
    EXIT_TYPES,
    REFUSING_TYPES,
    assess,
    exemption,
    match_poe_scope,
    match_targets,
    traveller_categories,
)
from passage.journeys.engine.evidence import (
    CONDITION_KINDS,
    RECOVERY_FROM_DAYS,
    RECOVERY_VALID_DAYS,
    SINGLE_DOSE_PRODUCTS,
    TEST_VALID_HOURS,
    lab_test_is_valid,
    recovery_is_valid,
    requirement,
    vaccination_is_complete,
)
from passage.journeys.engine.facts import (
    POE_MODES,
    Certificate,
    Itinerary,
    LabTest,
    MeasureFacts,
    Recovery,
    Traveller,
    Vaccination,
)
from passage.journeys.engine.findings import (
    ADMIT,
    ADMIT_WITH_CONDITIONS,
    APPLIES_CONDITION,
    APPLIES_REFUSE,
    EXEMPT,
    NOT_APPLICABLE,
    PENDING,
    REFUSE,
    SATISFIED,
    UNDECIDED,
    UNDETERMINED,
    UNKNOWN,
    Condition,
    Decision,
    Finding,
    Reason,
    reason,
)
from passage.journeys.engine.transit import STOPS_TRANSIT, transit_notes

__all__ = [
    "ADMIT",
    "ADMIT_WITH_CONDITIONS",
    "APPLIES_CONDITION",
    "APPLIES_REFUSE",
    "CONDITION_KINDS",
    "EXEMPT",
    "EXIT_TYPES",
    "NOT_APPLICABLE",
    "PENDING",
    "POE_MODES",
    "RECOVERY_FROM_DAYS",
    "RECOVERY_VALID_DAYS",
    "REFUSE",
    "REFUSING_TYPES",
    "SATISFIED",
    "SINGLE_DOSE_PRODUCTS",
    "STALE_AFTER_DAYS",
    "STOPS_TRANSIT",
    "TEST_VALID_HOURS",
    "UNDECIDED",
    "UNDETERMINED",
    "UNKNOWN",
    "Certificate",
    "Condition",
    "Decision",
    "Finding",
    "Itinerary",
    "LabTest",
    "MeasureFacts",
    "Prepared",
    "Reason",
    "Recovery",
    "Traveller",
    "Vaccination",
    "assess",
    "concerned",
    "decide",
    "exemption",
    "lab_test_is_valid",
    "match_poe_scope",
    "match_targets",
    "prepare",
    "profile_number",
    "reason",
    "recovery_is_valid",
    "requirement",
    "target_index",
    "transit_notes",
    "traveller_categories",
    "vaccination_is_complete",
]
