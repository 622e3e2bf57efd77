"""Never say more than the data says (issue #13, items 1-3): imported levels, missing entry
data, self-declared exemptions and the conditions an exemption keeps."""

from __future__ import annotations

from datetime import date, timedelta

from passage.journeys import engine
from passage.journeys.engine import (
    ADMIT,
    ADMIT_WITH_CONDITIONS,
    REFUSE,
    UNKNOWN,
    Itinerary,
    MeasureFacts,
    Traveller,
)

ARRIVAL = date(2021, 1, 25)
FRENCH = Traveller(nationalities=frozenset({"FRA"}), residence="FRA")
BRITISH = Traveller(nationalities=frozenset({"GBR"}), residence="FRA")
FRENCH_RESIDENT_OF_UK = Traveller(nationalities=frozenset({"FRA"}), residence="GBR")
TO_UK = Itinerary(origin="FRA", destination="GBR", arrival=ARRIVAL, mode="air")


def measure(measure_type: str, **values) -> MeasureFacts:
    values.setdefault("last_verified_on", ARRIVAL - timedelta(days=2))
    return MeasureFacts(
        version_id=f"v-{measure_type}",
        measure_id=f"m-{measure_type}",
        measure_type=measure_type,
        title=measure_type,
        **{k: frozenset(v) if isinstance(v, (list, set)) else v for k, v in values.items()},
    )


def oxcgrt(level: int) -> MeasureFacts:
    """A measure as the OxCGRT import records a C8 level: a type, a level, no targets."""
    kinds = {0: "no_measures", 1: "health_declaration", 2: "quarantine"}
    kinds |= {3: "origin_ban", 4: "complete_closure"}
    return measure(kinds[level], explicit_level=level)


def decide(measures, traveller=FRENCH, itinerary=TO_UK):
    return engine.decide(engine.prepare(measures, ARRIVAL), traveller, itinerary)


# ---------------------------------------------------------------- 1. imported levels


def test_imported_level_3_without_origins_is_unknown_for_a_foreigner():
    result = decide([oxcgrt(3)])
    assert result.decision == UNKNOWN
    assert result.findings[0].effect == "unknown"
    assert result.findings[0].reasons[0].code == "targets_unknown"


def test_imported_level_3_never_refuses_a_national_or_a_resident():
    for traveller in (BRITISH, FRENCH_RESIDENT_OF_UK):
        result = decide([oxcgrt(3)], traveller)
        assert result.decision != REFUSE
        assert result.findings[0].effect == "exempt"
        assert result.findings[0].reasons[-1].code == "imported_level_exempts"


def test_imported_level_2_quarantine_of_some_or_all_regions_is_not_asserted():
    """C8 level 2 quarantines arrivals "from some or all regions" without naming them: it may
    not concern this traveller, so the answer is unknown and the quarantine undetermined."""
    for traveller in (FRENCH, BRITISH):
        result = decide([oxcgrt(2)], traveller)
        assert result.decision == UNKNOWN
        assert result.findings[0].effect == "unknown"
        assert result.findings[0].reasons[0].code == "quarantine_targets_unknown"
        assert [(c.kind, c.status) for c in result.conditions] == [("quarantine", "undetermined")]


def test_a_quarantine_that_names_its_origins_or_has_no_level_still_applies():
    named = measure("quarantine", explicit_level=2, origins=["FRA"], quarantine_days=10)
    recorded = measure("quarantine", quarantine_days=10)
    for quarantine in (named, recorded):
        result = decide([quarantine])
        assert result.decision == ADMIT_WITH_CONDITIONS
        assert [(c.kind, c.status) for c in result.conditions] == [("quarantine", "pending")]


def test_imported_level_4_refuses_foreigners_but_not_nationals():
    assert decide([oxcgrt(4)]).decision == REFUSE
    national = decide([oxcgrt(4)], BRITISH)
    assert national.decision == ADMIT
    assert national.findings[0].reasons[-1].code == "imported_level_exempts"


def test_a_level_3_ban_that_names_its_origins_still_refuses_them():
    ban = measure("origin_ban", explicit_level=3, origins=["FRA"])
    assert decide([ban]).decision == REFUSE


def test_a_recorded_closure_without_national_exemption_still_applies_to_nationals():
    """Only levels imported without exemptions get the usual exemption assumed."""
    assert decide([measure("complete_closure")], BRITISH).decision == REFUSE


# ---------------------------------------------------------------- 2. no entry data


def test_only_exit_measures_is_unknown_not_admit():
    malawi = Itinerary(origin="FRA", destination="MWI", arrival=ARRIVAL, mode="air")
    result = decide([measure("exit_ban")], itinerary=malawi)
    assert result.decision == UNKNOWN
    assert result.notes[0].code == "no_entry_data"
    assert result.notes[0].as_dict() == {"country": "MWI"}


def test_only_measures_for_other_travellers_is_unknown_with_a_note():
    zambia = Itinerary(origin="FRA", destination="ZMB", arrival=ARRIVAL, mode="air")
    result = decide([measure("origin_ban", origins=["IND"])], itinerary=zambia)
    assert result.decision == UNKNOWN
    assert result.notes[0].code == "no_entry_data"


def test_no_measures_recorded_or_a_met_condition_speaks_for_the_arrival():
    assert decide([measure("exit_ban"), measure("no_measures")]).decision == ADMIT
    assert decide([oxcgrt(0)]).decision == ADMIT
    assert decide([oxcgrt(1)]).decision == ADMIT_WITH_CONDITIONS


# ---------------------------------------------------------------- 3. exemptions


def test_a_claimed_category_is_marked_self_declared():
    closure = measure("complete_closure", exemptions=["diplomats", "nationals"])
    diplomat = Traveller(nationalities=frozenset({"FRA"}), exemptions=frozenset({"diplomats"}))
    finding = decide([closure], diplomat).findings[0]
    assert finding.effect == "exempt"
    assert finding.self_declared == frozenset({"diplomats"})
    assert finding.reasons[-1].code == "exemption_self_declared"


def test_an_exemption_the_facts_show_is_not_self_declared():
    closure = measure("complete_closure", exemptions=["diplomats", "nationals"])
    national = Traveller(nationalities=frozenset({"GBR"}), exemptions=frozenset({"diplomats"}))
    finding = decide([closure], national).findings[0]
    assert finding.self_declared == frozenset()
    assert finding.reasons[-1].code == "exemption_applied"


def test_an_exempt_national_keeps_the_quarantine_of_the_closure():
    """Kenya, March 2020: borders closed; nationals and residents let in with 14 days of
    quarantine."""
    closure = measure("complete_closure", exemptions=["nationals", "residents"], quarantine_days=14)
    kenya = Itinerary(origin="GBR", destination="KEN", arrival=ARRIVAL, mode="air")
    kenyan = Traveller(nationalities=frozenset({"KEN"}), residence="GBR")
    result = decide([closure], kenyan, kenya)
    assert result.decision == ADMIT_WITH_CONDITIONS
    assert result.findings[0].effect == "exempt"
    [condition] = result.conditions
    assert (condition.kind, condition.quarantine_days) == ("quarantine", 14)


# ---------------------------------------------------------------- 4. transit countries


VIA_DOHA = Itinerary(origin="FRA", destination="QAT", arrival=ARRIVAL, mode="air")


def test_a_transit_ban_in_the_transit_country_is_said():
    [note] = engine.transit_notes(
        engine.prepare([measure("transit_ban")], ARRIVAL), FRENCH, VIA_DOHA
    )
    assert note.code == "transit_stopped"
    assert note.as_dict()["country"] == "QAT"


def test_a_transit_country_closure_exempting_transit_passengers_says_nothing():
    closure = measure("complete_closure", exemptions=["transit_passengers"])
    assert engine.transit_notes(engine.prepare([closure], ARRIVAL), FRENCH, VIA_DOHA) == ()


def test_a_transit_country_entry_ban_is_said_as_mattering_only_if_entering():
    ban = measure("nationality_ban", nationalities=["FRA"])
    [note] = engine.transit_notes(engine.prepare([ban], ARRIVAL), FRENCH, VIA_DOHA)
    assert note.code == "transit_entry_refused"
    quarantine = measure("quarantine", quarantine_days=14)
    assert engine.transit_notes(engine.prepare([quarantine], ARRIVAL), FRENCH, VIA_DOHA) == ()
