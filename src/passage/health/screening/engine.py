"""The SOP screening classification: facts about a traveller + disease criteria -> cleared,
secondary assessment, or isolate and refer, with the reasons. Pure: no session, no I/O.

For each disease in the criteria the engine asks two questions:

- **signs**: does the traveller show the disease's signs? A measured temperature at or above
  the disease's fever threshold counts as the symptom `fever` (so does reported fever); signs
  are present when at least `min_symptoms` of the disease's symptoms are observed, or any one
  of its decisive symptoms (e.g. unexplained bleeding for Ebola).
- **link**: is there an epidemiological link? A stay in an affected country within the
  incubation period before arrival, or (when the criteria say so) contact with a case.

The criteria map each combination (signs and link, signs only, link only) to an outcome; no
signs and no link is always `cleared`. When the criteria let valid vaccination or test evidence
clear a link-only traveller, a verified certificate turns that outcome into `cleared`. The
traveller's classification is the most severe outcome over all diseases, so adding a disease
can only make screening stricter. Monitoring runs to the end of the incubation period counted
from the last possible exposure (leaving the affected country, the last contact, or arrival).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

CLEARED = "cleared"
SECONDARY = "secondary_assessment"
ISOLATE = "isolate_refer"
CLASSIFICATIONS = (CLEARED, SECONDARY, ISOLATE)  # least to most severe
ANY_COUNTRY = "*"
SYMPTOMS = (
    "fever",
    "cough",
    "shortness_of_breath",
    "sore_throat",
    "runny_nose",
    "loss_of_taste_or_smell",
    "headache",
    "fatigue",
    "muscle_pain",
    "chills",
    "diarrhoea",
    "vomiting",
    "abdominal_pain",
    "unexplained_bleeding",
    "rash",
    "swollen_lymph_nodes",
    "back_pain",
    "conjunctivitis",
)


@dataclass(frozen=True)
class Criteria:
    """One revision of a disease's criteria, as the engine needs it."""

    disease_code: str
    revision: int
    incubation_days: int
    fever_threshold_c: float | None
    symptoms: frozenset[str]
    decisive_symptoms: frozenset[str] = frozenset()
    min_symptoms: int = 1
    affected_countries: frozenset[str] = frozenset()
    exposure_is_link: bool = True
    evidence_clears: bool = False
    outcome_signs_and_link: str = ISOLATE
    outcome_signs_only: str = SECONDARY
    outcome_link_only: str = SECONDARY


@dataclass(frozen=True)
class Visit:
    """A country the traveller stayed in; left_on None means they came straight from it."""

    country: str
    left_on: date | None = None


@dataclass(frozen=True)
class Facts:
    """What the port-health officer recorded."""

    arrival_date: date
    temperature_c: float | None = None
    symptoms: frozenset[str] = frozenset()
    contact_with_case: bool = False
    last_contact_on: date | None = None
    visits: tuple[Visit, ...] = ()
    evidence_valid: bool = False


@dataclass(frozen=True)
class Reason:
    """Why a fact counted: a code and its parameters (rendered in words by the pages)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"code": self.code, **self.params}


@dataclass(frozen=True)
class Finding:
    """The outcome for one disease and why."""

    disease_code: str
    revision: int
    classification: str
    signs: tuple[Reason, ...]
    links: tuple[Reason, ...]
    notes: tuple[Reason, ...]
    monitor_until: date | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (stored with the screening)."""
        return {
            "disease": self.disease_code,
            "revision": self.revision,
            "classification": self.classification,
            "signs": [reason.to_dict() for reason in self.signs],
            "links": [reason.to_dict() for reason in self.links],
            "notes": [reason.to_dict() for reason in self.notes],
            "monitor_until": self.monitor_until.isoformat() if self.monitor_until else None,
        }


@dataclass(frozen=True)
class Result:
    """The traveller's classification: the most severe finding."""

    classification: str
    findings: tuple[Finding, ...]
    monitor_until: date | None

    @property
    def diseases_of_interest(self) -> list[str]:
        """Diseases whose finding is not cleared."""
        return [f.disease_code for f in self.findings if f.classification != CLEARED]


def severity(classification: str) -> int:
    """0 cleared, 1 secondary assessment, 2 isolate and refer."""
    return CLASSIFICATIONS.index(classification)


def classify(facts: Facts, criteria: Sequence[Criteria]) -> Result:
    """Classify a screened traveller against every disease's criteria."""
    findings = tuple(assess(facts, item) for item in criteria)
    worst = max((severity(f.classification) for f in findings), default=0)
    monitored = [f.monitor_until for f in findings if f.monitor_until is not None]
    return Result(CLASSIFICATIONS[worst], findings, max(monitored, default=None))


def assess(facts: Facts, criteria: Criteria) -> Finding:
    """The finding for one disease."""
    signs = observed_signs(facts, criteria)
    links = epidemiological_links(facts, criteria)
    outcome, notes = _outcome(criteria, bool(signs), links, facts.evidence_valid)
    until = _monitor_until(facts, criteria, links) if outcome != CLEARED else None
    return Finding(
        criteria.disease_code, criteria.revision, outcome, signs, tuple(links), notes, until
    )


def observed_signs(facts: Facts, criteria: Criteria) -> tuple[Reason, ...]:
    """The disease's signs seen in the traveller; empty when below the criteria's threshold."""
    observed = set(facts.symptoms) & criteria.symptoms
    reasons = []
    threshold = criteria.fever_threshold_c
    measured = facts.temperature_c
    if threshold is not None and measured is not None and measured >= threshold:
        observed.add("fever")
        reasons.append(Reason("temperature", {"measured": measured, "threshold": threshold}))
    decisive = sorted(observed & criteria.decisive_symptoms)
    if decisive:
        return (*reasons, Reason("decisive_symptoms", {"symptoms": decisive}))
    if observed and len(observed) >= criteria.min_symptoms:
        found = sorted(observed)
        return (*reasons, Reason("symptoms", {"symptoms": found, "needed": criteria.min_symptoms}))
    return ()


def epidemiological_links(facts: Facts, criteria: Criteria) -> list[Reason]:
    """Stays in affected countries within the incubation period, and contact with a case."""
    links = []
    for visit in facts.visits:
        if not _affected(visit.country, criteria):
            continue
        left = visit.left_on or facts.arrival_date
        days = (facts.arrival_date - left).days
        if 0 <= days <= criteria.incubation_days:
            params = {"country": visit.country, "days_before_arrival": days}
            links.append(Reason("travel", params | {"window": criteria.incubation_days}))
    if facts.contact_with_case and criteria.exposure_is_link:
        links.append(Reason("contact", {}))
    return links


def _affected(country: str, criteria: Criteria) -> bool:
    countries = criteria.affected_countries
    return ANY_COUNTRY in countries or country.upper() in countries


def _outcome(
    criteria: Criteria, signs: bool, links: list[Reason], evidence_valid: bool
) -> tuple[str, tuple[Reason, ...]]:
    if signs and links:
        return criteria.outcome_signs_and_link, ()
    if signs:
        return criteria.outcome_signs_only, ()
    if not links:
        return CLEARED, ()
    if criteria.evidence_clears and evidence_valid:
        return CLEARED, (Reason("evidence_clears", {}),)
    return criteria.outcome_link_only, ()


def _monitor_until(facts: Facts, criteria: Criteria, links: list[Reason]) -> date:
    """End of the incubation period after the last possible exposure (arrival when unknown)."""
    arrival = facts.arrival_date
    exposures = [
        arrival - timedelta(days=int(r.params["days_before_arrival"]))
        for r in links
        if r.code == "travel"
    ]
    if any(r.code == "contact" for r in links):
        contact = facts.last_contact_on
        exposures.append(contact if contact and contact <= arrival else arrival)
    return max(exposures, default=arrival) + timedelta(days=criteria.incubation_days)
