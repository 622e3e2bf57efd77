"""The pure journey decision, one rule at a time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from passage.journeys import engine
from passage.journeys.engine import (
    ADMIT,
    ADMIT_WITH_CONDITIONS,
    REFUSE,
    UNKNOWN,
    Certificate,
    Itinerary,
    LabTest,
    MeasureFacts,
    Traveller,
    Vaccination,
)

ARRIVAL = date(2021, 6, 10)
FRESH = ARRIVAL - timedelta(days=3)


def measure(measure_type: str, **values) -> MeasureFacts:
    values.setdefault("last_verified_on", FRESH)
    return MeasureFacts(
        version_id=f"v-{measure_type}",
        measure_id=f"m-{measure_type}",
        measure_type=measure_type,
        title=measure_type,
        **{k: frozenset(v) if isinstance(v, (list, set)) else v for k, v in values.items()},
    )


def decide(measures, traveller=None, itinerary=None, **kwargs):
    traveller = traveller or Traveller(nationalities=frozenset({"FRA"}), residence="FRA")
    itinerary = itinerary or Itinerary(origin="FRA", destination="KEN", arrival=ARRIVAL, mode="air")
    return engine.decide(
        engine.prepare(measures, kwargs.pop("reference", ARRIVAL)), traveller, itinerary, **kwargs
    )


def test_no_measures_is_unknown_never_admit():
    result = decide([])
    assert result.decision == UNKNOWN
    assert result.notes[0].code == "no_data"


def test_only_stale_measures_give_unknown():
    result = decide(
        [measure("quarantine", quarantine_days=14, last_verified_on=ARRIVAL - timedelta(days=31))]
    )
    assert result.decision == UNKNOWN
    assert result.notes[0].code == "stale_data"


def test_one_fresh_measure_among_stale_ones_decides():
    stale = measure("health_declaration", last_verified_on=ARRIVAL - timedelta(days=60))
    result = decide([stale, measure("no_measures")])
    assert result.decision == ADMIT_WITH_CONDITIONS
    assert [f.stale for f in result.findings] == [True, False]


def test_no_measures_recorded_admits():
    assert decide([measure("no_measures")]).decision == ADMIT


def test_complete_closure_refuses():
    result = decide([measure("complete_closure")])
    assert result.decision == REFUSE
    assert result.findings[0].effect == "refuse"


def test_complete_closure_exempts_nationals_of_the_destination():
    closure = measure("complete_closure", exemptions=["nationals"])
    kenyan = Traveller(nationalities=frozenset({"KEN"}))
    result = decide([closure], kenyan)
    assert result.decision == ADMIT
    assert result.findings[0].effect == "exempt"


def test_complete_closure_exempts_residents():
    closure = measure("complete_closure", exemptions=["residents"])
    resident = Traveller(nationalities=frozenset({"FRA"}), residence="KEN")
    assert decide([closure], resident).decision == ADMIT


def test_closure_exemption_by_claimed_category():
    closure = measure("complete_closure", exemptions=["diplomats"])
    diplomat = Traveller(nationalities=frozenset({"FRA"}), exemptions=frozenset({"diplomats"}))
    assert decide([closure], diplomat).decision == ADMIT
    assert decide([closure]).decision == REFUSE


def test_nationality_ban_matches_nationality_only():
    ban = measure("nationality_ban", nationalities=["FRA"])
    assert decide([ban]).decision == REFUSE
    other = Traveller(nationalities=frozenset({"DEU"}), residence="FRA")
    result = decide([ban], other)
    assert result.decision == UNKNOWN  # a measure for others says nothing about this entry
    assert result.findings[0].reasons[0].code == "target_not_matched"


def test_origin_ban_matches_origin():
    ban = measure("origin_ban", origins=["CHN"])
    from_china = Itinerary(origin="CHN", destination="KEN", arrival=ARRIVAL, mode="air")
    assert decide([ban], itinerary=from_china).decision == REFUSE
    assert decide([ban, measure("no_measures")]).decision == ADMIT


def test_transit_ban_matches_transits():
    ban = measure("transit_ban", transits=["QAT"])
    via_doha = Itinerary(
        origin="FRA", destination="KEN", arrival=ARRIVAL, transits=("QAT",), mode="air"
    )
    assert decide([ban], itinerary=via_doha).decision == REFUSE
    assert decide([ban, measure("no_measures")]).decision == ADMIT


def test_residence_target():
    quarantine = measure("quarantine", residence=["FRA"], quarantine_days=10)
    result = decide([quarantine])
    assert result.decision == ADMIT_WITH_CONDITIONS
    assert result.conditions[0].quarantine_days == 10


def test_visa_requirement_is_a_condition_except_for_nationals():
    visa = measure("visa_requirement")
    assert decide([visa]).conditions[0].kind == "visa"
    kenyan = Traveller(nationalities=frozenset({"KEN", "FRA"}))
    result = decide([visa], kenyan)
    assert result.decision == ADMIT
    assert result.findings[0].reasons[-1].code == "national_no_visa"


def test_flight_suspension_refuses_only_air_arrivals():
    suspension = measure("flight_suspension")
    by_land = Itinerary(origin="TZA", destination="KEN", arrival=ARRIVAL, mode="land")
    assert decide([suspension]).decision == REFUSE
    assert decide([suspension], itinerary=by_land).findings[0].effect == "not_applicable"


def test_scoped_measure_without_mode_is_unknown_not_admit():
    unknown_mode = Itinerary(origin="TZA", destination="KEN", arrival=ARRIVAL)
    assert decide([measure("flight_suspension")], itinerary=unknown_mode).decision == UNKNOWN


def test_named_poe_scope():
    at_namanga = measure(
        "quarantine", poe_scope="named", poe_codes=["LND-KEN-NAMANGA"], quarantine_days=7
    )
    there = Itinerary(
        origin="TZA", destination="KEN", arrival=ARRIVAL, poe_code="LND-KEN-NAMANGA", mode="land"
    )
    elsewhere = Itinerary(
        origin="TZA", destination="KEN", arrival=ARRIVAL, poe_code="AIR-NBO", mode="air"
    )
    assert decide([at_namanga], itinerary=there).decision == ADMIT_WITH_CONDITIONS
    assert decide([at_namanga], itinerary=elsewhere).findings[0].effect == "not_applicable"


def test_sea_scope_does_not_touch_air_arrivals():
    result = decide([measure("quarantine", poe_scope="sea", quarantine_days=14)])
    assert result.findings[0].effect == "not_applicable"
    assert not result.conditions


def test_test_requirement_met_by_a_negative_test_within_72_hours():
    rule = measure("test_before_arrival")
    recent = Traveller(
        nationalities=frozenset({"FRA"}), test=LabTest(datetime(2021, 6, 7, 9), "negative")
    )
    old = Traveller(
        nationalities=frozenset({"FRA"}), test=LabTest(datetime(2021, 6, 6, 9), "negative")
    )
    positive = Traveller(
        nationalities=frozenset({"FRA"}), test=LabTest(datetime(2021, 6, 9), "positive")
    )
    assert decide([rule], recent).decision == ADMIT
    assert decide([rule], recent).conditions[0].status == "satisfied"
    assert decide([rule], old).decision == ADMIT_WITH_CONDITIONS
    assert decide([rule], positive).conditions[0].status == "pending"


def test_vaccination_requirement_needs_a_complete_series():
    rule = measure("vaccination")
    complete = Traveller(
        nationalities=frozenset({"FRA"}), vaccination=Vaccination(doses=2, total_doses=2)
    )
    partial = Traveller(
        nationalities=frozenset({"FRA"}), vaccination=Vaccination(doses=1, total_doses=2)
    )
    janssen = Traveller(
        nationalities=frozenset({"FRA"}), vaccination=Vaccination(doses=1, product="EU/1/20/1525")
    )
    assert decide([rule], complete).decision == ADMIT
    assert decide([rule], partial).decision == ADMIT_WITH_CONDITIONS
    assert decide([rule], janssen).decision == ADMIT


def test_certificate_rules_pass_meets_vaccination():
    rule = measure("vaccination")
    passing = Certificate(kind="vaccination", status="verified", rules_result="pass")
    traveller = Traveller(nationalities=frozenset({"FRA"}), certificate=passing)
    assert decide([rule], traveller).decision == ADMIT


def test_certificate_rules_fail_leaves_the_condition_pending():
    failing = Certificate(kind="vaccination", status="verified", rules_result="fail")
    result = decide(
        [measure("vaccination")], Traveller(nationalities=frozenset({"FRA"}), certificate=failing)
    )
    assert result.decision == ADMIT_WITH_CONDITIONS
    assert result.conditions[0].reason.code == "certificate_rules_failed"


def test_certificate_rules_open_is_unknown_never_admit():
    open_rules = Certificate(kind="vaccination", status="unverified", rules_result="open")
    result = decide(
        [measure("vaccination")],
        Traveller(nationalities=frozenset({"FRA"}), certificate=open_rules),
    )
    assert result.decision == UNKNOWN


def test_invalid_certificate_is_not_accepted():
    invalid = Certificate(
        kind="vaccination", status="invalid", vaccination=Vaccination(doses=2, total_doses=2)
    )
    result = decide(
        [measure("vaccination")], Traveller(nationalities=frozenset({"FRA"}), certificate=invalid)
    )
    assert result.decision == ADMIT_WITH_CONDITIONS


def test_refusal_wins_over_conditions_and_exit_measures_are_ignored():
    result = decide(
        [
            measure("exit_ban"),
            measure("quarantine", quarantine_days=14),
            measure("complete_closure"),
        ]
    )
    assert result.decision == REFUSE
    assert result.findings[0].effect == "not_applicable"
    assert len(result.conditions) == 1


def test_precomputed_findings_do_not_leak_between_travellers():
    measures = engine.prepare([measure("test_before_arrival")], ARRIVAL)
    place = Itinerary(origin="FRA", destination="KEN", arrival=ARRIVAL, mode="air")
    tested = Traveller(
        nationalities=frozenset({"FRA"}), test=LabTest(datetime(2021, 6, 9), "negative")
    )
    untested = Traveller(nationalities=frozenset({"FRA"}))
    assert engine.decide(measures, tested, place).decision == ADMIT
    assert engine.decide(measures, untested, place).decision == ADMIT_WITH_CONDITIONS
    assert engine.decide(measures, tested, place).decision == ADMIT
