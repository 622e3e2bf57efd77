"""The pure SOP classification: signs, links, outcomes, evidence, monitoring dates."""

from __future__ import annotations

from datetime import date, timedelta

from passage.health.screening.criteria_seed import SEED_CRITERIA
from passage.health.screening.engine import (
    CLEARED,
    ISOLATE,
    SECONDARY,
    Criteria,
    Facts,
    Visit,
    classify,
)

ARRIVAL = date(2026, 11, 30)


def seeded(code: str, **changes: object) -> Criteria:
    """Revision 1 of a seeded disease, with changes."""
    item = next(c for c in SEED_CRITERIA if c["disease_code"] == code)
    values = {
        "disease_code": code,
        "revision": 1,
        "incubation_days": item["incubation_days"],
        "fever_threshold_c": item["fever_threshold_c"],
        "symptoms": frozenset(item["symptoms"]),
        "decisive_symptoms": frozenset(item["decisive_symptoms"]),
        "min_symptoms": item["min_symptoms"],
        "affected_countries": frozenset(item["affected_countries"]),
        "exposure_is_link": item["exposure_is_link"],
        "evidence_clears": item["evidence_clears"],
    }
    return Criteria(**(values | changes))  # type: ignore[arg-type]


EBOLA = seeded("ebola", affected_countries=frozenset({"UGA"}))
COVID = seeded("covid19", affected_countries=frozenset({"CHN"}))
MPOX = seeded("mpox")


def test_well_traveller_from_an_unaffected_country_is_cleared():
    facts = Facts(arrival_date=ARRIVAL, temperature_c=36.8, visits=(Visit("TZA"),))
    result = classify(facts, [EBOLA, COVID, MPOX])
    assert result.classification == CLEARED
    assert result.monitor_until is None
    assert all(f.classification == CLEARED for f in result.findings)


def test_fever_after_a_stay_in_an_affected_country_isolates_and_refers():
    facts = Facts(
        arrival_date=ARRIVAL,
        temperature_c=38.6,
        symptoms=frozenset({"headache", "vomiting", "fatigue"}),
        visits=(Visit("UGA", ARRIVAL - timedelta(days=3)),),
    )
    result = classify(facts, [EBOLA, COVID, MPOX])
    ebola = next(f for f in result.findings if f.disease_code == "ebola")
    assert ebola.classification == ISOLATE
    assert [r.code for r in ebola.signs] == ["temperature", "symptoms"]
    assert ebola.links[0].params == {"country": "UGA", "days_before_arrival": 3, "window": 21}
    assert result.classification == ISOLATE
    # Monitoring for Ebola runs 21 days from leaving Uganda, not from arrival ...
    assert ebola.monitor_until == ARRIVAL - timedelta(days=3) + timedelta(days=21)
    # ... and the traveller's is the longest of all findings (mpox signs: from arrival).
    assert result.monitor_until == ARRIVAL + timedelta(days=21)


def test_a_stay_older_than_the_incubation_period_is_no_link():
    facts = Facts(
        arrival_date=ARRIVAL,
        temperature_c=38.6,
        symptoms=frozenset({"headache", "vomiting", "fatigue"}),
        visits=(Visit("UGA", ARRIVAL - timedelta(days=22)),),
    )
    ebola = classify(facts, [EBOLA]).findings[0]
    assert ebola.links == ()
    assert ebola.classification == SECONDARY  # signs without a link


def test_a_link_without_signs_goes_to_secondary_assessment():
    facts = Facts(arrival_date=ARRIVAL, contact_with_case=True)
    result = classify(facts, [EBOLA])
    assert result.classification == SECONDARY
    assert result.findings[0].links[0].code == "contact"
    assert result.monitor_until == ARRIVAL + timedelta(days=21)


def test_the_last_contact_date_starts_the_monitoring_period():
    facts = Facts(arrival_date=ARRIVAL, contact_with_case=True, last_contact_on=date(2026, 11, 20))
    assert classify(facts, [EBOLA]).monitor_until == date(2026, 12, 11)


def test_a_decisive_symptom_alone_is_a_sign():
    facts = Facts(arrival_date=ARRIVAL, symptoms=frozenset({"unexplained_bleeding"}))
    ebola = classify(facts, [EBOLA]).findings[0]
    assert ebola.signs[0].code == "decisive_symptoms"
    assert ebola.classification == SECONDARY


def test_too_few_symptoms_are_no_signs():
    facts = Facts(arrival_date=ARRIVAL, temperature_c=37.2, symptoms=frozenset({"headache"}))
    assert classify(facts, [EBOLA]).findings[0].signs == ()


def test_each_disease_has_its_own_fever_threshold():
    facts = Facts(arrival_date=ARRIVAL, temperature_c=38.2, symptoms=frozenset({"headache"}))
    covid, mpox = classify(facts, [COVID, MPOX]).findings
    assert covid.signs  # 38.0 threshold: fever + headache are 2 signs
    assert mpox.signs == ()  # 38.5 threshold: only the headache


def test_valid_evidence_clears_a_link_only_traveller_when_the_criteria_allow_it():
    facts = Facts(arrival_date=ARRIVAL, visits=(Visit("CHN"),))
    without = classify(facts, [COVID])
    with_evidence = classify(
        Facts(arrival_date=ARRIVAL, visits=(Visit("CHN"),), evidence_valid=True), [COVID]
    )
    assert without.classification == SECONDARY
    assert with_evidence.classification == CLEARED
    assert with_evidence.findings[0].notes[0].code == "evidence_clears"


def test_evidence_never_clears_signs():
    facts = Facts(
        arrival_date=ARRIVAL,
        temperature_c=39.0,
        symptoms=frozenset({"cough"}),
        visits=(Visit("CHN"),),
        evidence_valid=True,
    )
    assert classify(facts, [COVID]).classification == ISOLATE


def test_outcomes_come_from_the_criteria():
    strict = seeded("ebola", affected_countries=frozenset({"UGA"}), outcome_link_only=ISOLATE)
    facts = Facts(arrival_date=ARRIVAL, visits=(Visit("UGA"),))
    assert classify(facts, [strict]).classification == ISOLATE


def test_any_country_marker_makes_every_stay_a_link():
    anywhere = seeded("covid19", affected_countries=frozenset({"*"}))
    facts = Facts(arrival_date=ARRIVAL, visits=(Visit("FRA"),))
    assert classify(facts, [anywhere]).findings[0].links[0].params["country"] == "FRA"


def test_the_most_severe_finding_wins_and_no_criteria_clears():
    facts = Facts(
        arrival_date=ARRIVAL,
        symptoms=frozenset({"rash"}),
        contact_with_case=True,
    )
    result = classify(facts, [EBOLA, MPOX])
    assert {f.disease_code: f.classification for f in result.findings} == {
        "ebola": SECONDARY,
        "mpox": ISOLATE,
    }
    assert result.classification == ISOLATE
    assert result.diseases_of_interest == ["ebola", "mpox"]
    assert classify(facts, []).classification == CLEARED


def test_findings_serialise_with_their_revision():
    finding = classify(Facts(arrival_date=ARRIVAL, contact_with_case=True), [EBOLA]).findings[0]
    stored = finding.to_dict()
    assert stored["revision"] == 1 and stored["disease"] == "ebola"
    assert stored["links"] == [{"code": "contact"}]
    assert stored["monitor_until"] == "2026-12-21"
