"""The journey check on recorded measures: data versions, reproducibility, UNKNOWN, POEs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from passage.errors import Invalid
from passage.journeys import service
from passage.journeys.schemas import JourneyCheck
from passage.kit.clock import utcnow
from passage.restrictions import service as restrictions_service
from passage.restrictions.schemas import MeasureEdit
from tests.restrictions.factories import make_measure

ARRIVAL = date(2020, 4, 1)
VERIFIED = date(2020, 3, 25)


def question(**itinerary) -> JourneyCheck:
    return JourneyCheck.model_validate(
        {
            "traveller": {"nationalities": ["FRA"], "residence": "FRA"},
            "itinerary": {
                "origin": "FRA",
                "destination": "KEN",
                "arrival_date": ARRIVAL.isoformat(),
                "mode": "air",
            }
            | itinerary,
        }
    )


def check(session, request=None, **changes):
    request = request or question()
    if changes:
        request = JourneyCheck.model_validate(request.model_dump() | changes)
    return service.check_journey(session=session, request=request)


def test_quarantine_gives_conditions_with_source_and_last_verified(session):
    make_measure(session, last_verified_on=VERIFIED)
    answer = check(session)
    assert answer["decision"] == "ADMIT_WITH_CONDITIONS"
    assert answer["conditions"][0]["kind"] == "quarantine"
    assert answer["conditions"][0]["quarantine_days"] == 14
    item = answer["explanation"][0]
    assert item["sources"][0]["title"] == "Ministry of Health notice"
    assert item["last_verified_on"] == VERIFIED.isoformat()
    assert item["applies"] is True


def test_no_data_is_unknown(session):
    answer = check(session, question(destination="NRU"))
    assert answer["decision"] == "UNKNOWN"
    assert answer["explanation"] == []
    assert "unknown" in answer["notes"][0]


def test_stale_data_is_unknown(session):
    make_measure(session, last_verified_on=ARRIVAL - timedelta(days=45))
    answer = check(session)
    assert answer["decision"] == "UNKNOWN"
    assert answer["explanation"][0]["stale"] is True


def test_measure_not_yet_in_force_is_not_considered(session):
    make_measure(
        session,
        measure_type="complete_closure",
        effective_from=date(2020, 4, 2),
        last_verified_on=VERIFIED,
        quarantine_days=None,
    )
    assert check(session)["decision"] == "UNKNOWN"


def test_same_as_of_gives_the_same_answer_after_an_edit(session):
    written = make_measure(session, last_verified_on=VERIFIED)
    session.flush()
    first = check(session)
    restrictions_service.edit_measure(
        session=session,
        measure_id=written.measure.id,
        data=MeasureEdit(
            country_iso3="KEN",
            measure_type="complete_closure",
            title="Borders closed",
            effective_from=date(2020, 3, 20),
            last_verified_on=VERIFIED,
            version=written.measure.version,
        ),
        actor=None,
    )
    session.flush()
    service.SNAPSHOTS.clear()
    now = check(session)
    again = check(session, as_of=first["as_of"])
    assert now["decision"] == "REFUSE" and now["data_version"] != first["data_version"]
    assert again["decision"] == first["decision"] == "ADMIT_WITH_CONDITIONS"
    assert again["data_version"] == first["data_version"]
    assert again["explanation"] == first["explanation"]


def test_a_stale_data_version_is_noted(session):
    make_measure(session, last_verified_on=VERIFIED)
    answer = check(session, data_version="m-0000")
    assert any("m-0000" in note for note in answer["notes"])


def test_answers_in_the_requested_language(session):
    make_measure(session, last_verified_on=VERIFIED)
    english = check(session)
    french = check(session, language="fr")
    assert french["language"] == "fr"
    assert english["decision_label"] == "Entry allowed with conditions"
    assert french["explanation"][0]["reasons"] != english["explanation"][0]["reasons"] or (
        french["decision_label"] != english["decision_label"]
    )


def test_poe_gives_the_mode_and_must_be_in_the_destination(session):
    make_measure(
        session,
        measure_type="flight_suspension",
        title="No flights",
        last_verified_on=VERIFIED,
        quarantine_days=None,
    )
    by_road = check(session, question(poe_code="LND-KEN-NAMANGA", mode=None))
    assert by_road["explanation"][0]["effect"] == "not_applicable"
    with pytest.raises(Invalid) as error:
        check(session, question(poe_code="LND-UGA-BUSIA", mode=None))
    assert error.value.field == "itinerary.poe_code"


def test_unknown_country_and_future_as_of_are_refused(session):
    with pytest.raises(Invalid) as error:
        check(session, question(destination="XXX"))
    assert error.value.field == "itinerary.destination"
    with pytest.raises(Invalid) as error:
        check(session, as_of=utcnow() + timedelta(days=1))
    assert error.value.field == "as_of"


def test_unverified_certificate_text_is_reported_invalid(session):
    make_measure(
        session,
        measure_type="vaccination",
        title="Vaccination required",
        last_verified_on=VERIFIED,
        quarantine_days=None,
    )
    request = question()
    request.traveller.certificate = "HC1:NOT-A-CERTIFICATE"
    answer = check(session, request)
    assert answer["certificate"]["status"] == "invalid"
    assert answer["decision"] == "ADMIT_WITH_CONDITIONS"
    assert answer["conditions"][0]["status"] == "pending"


def test_memoised_answers_do_not_leak_between_travellers(session):
    make_measure(
        session,
        measure_type="nationality_ban",
        title="No Germans",
        nationalities=["DEU"],
        last_verified_on=VERIFIED,
        quarantine_days=None,
    )
    make_measure(
        session,
        measure_type="test_before_arrival",
        title="Test",
        last_verified_on=VERIFIED,
        quarantine_days=None,
    )
    french = check(session)
    german = check(
        session,
        JourneyCheck.model_validate(
            question().model_dump() | {"traveller": {"nationalities": ["DEU"], "residence": "FRA"}}
        ),
    )
    tested = check(
        session,
        JourneyCheck.model_validate(
            question().model_dump()
            | {
                "traveller": {
                    "nationalities": ["FRA"],
                    "residence": "FRA",
                    "test": {"taken_at": "2020-03-31T10:00:00Z", "result": "negative"},
                }
            }
        ),
    )
    assert [french["decision"], german["decision"], tested["decision"]] == [
        "ADMIT_WITH_CONDITIONS",
        "REFUSE",
        "ADMIT",
    ]
    assert check(session)["decision"] == "ADMIT_WITH_CONDITIONS"
