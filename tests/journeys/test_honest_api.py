"""Never say more than the data says, through the API (issue #13, items 1-3): an OxCGRT
national file imported as documented, then asked about by travellers."""

from __future__ import annotations

from datetime import date

from tests.factories import bearer, make_user, token_for
from tests.restrictions.factories import make_measure

HEADER = (
    "CountryName,CountryCode,RegionName,RegionCode,Jurisdiction,Date,"
    "C8EV_International travel controls,C8_Notes\n"
)
UK_ROWS = "".join(
    f"United Kingdom,GBR,,,NAT_TOTAL,202101{day:02d},{3 if day >= 18 else 2},"
    '"Travel corridors closed, arrivals from South Africa, Portugal, South America banned"\n'
    for day in range(10, 31)
)


def ask(
    client, nationality: str, destination: str, arrival: str = "2021-01-25", **traveller
) -> dict:
    question = {
        "traveller": {"nationalities": [nationality], "residence": nationality} | traveller,
        "itinerary": {
            "origin": "FRA",
            "destination": destination,
            "arrival_date": arrival,
            "mode": "air",
        },
    }
    response = client.post("/api/v1/journeys/check", json=question)
    assert response.status_code == 200, response.text
    return response.json()


def import_oxcgrt(client, session, text: str) -> None:
    token = token_for(session, make_user(session, "coordinator"))
    session.commit()
    response = client.post(
        "/api/v1/restrictions/import",
        params={"format": "oxcgrt"},
        files={"file": ("OxCGRT_GBR.csv", text.encode(), "text/csv")},
        headers=bearer(token),
    )
    assert response.status_code == 200 and not response.json()["rejected"], response.text


def test_imported_c8_level_3_neither_refuses_a_french_traveller_nor_a_british_national(
    client, session
):
    import_oxcgrt(client, session, HEADER + UK_ROWS)
    french = ask(client, "FRA", "GBR")
    assert french["decision"] == "UNKNOWN"
    assert "does not say which origins" in french["explanation"][0]["reasons"][0]
    british = ask(client, "GBR", "GBR")
    assert british["decision"] == "ADMIT"
    assert british["explanation"][0]["effect"] == "exempt"
    assert "normally lets nationals and residents in" in british["explanation"][0]["reasons"][-1]


def test_imported_c8_level_2_does_not_quarantine_a_traveller_it_may_not_concern(client, session):
    import_oxcgrt(client, session, HEADER + UK_ROWS)
    for nationality in ("FRA", "GBR"):
        answer = ask(client, nationality, "GBR", arrival="2021-01-15")  # level 2 that day
        assert answer["decision"] == "UNKNOWN"
        assert "does not say which" in answer["explanation"][0]["reasons"][0]
        assert [(c["kind"], c["status"]) for c in answer["conditions"]] == [
            ("quarantine", "undetermined")
        ]


def test_only_an_exit_measure_is_unknown_with_a_note(client, session):
    make_measure(
        session,
        country_iso3="MWI",
        measure_type="exit_ban",
        title="Exit ban",
        quarantine_days=None,
        last_verified_on=date(2021, 1, 20),
    )
    session.commit()
    answer = ask(client, "FRA", "MWI")
    assert answer["decision"] == "UNKNOWN"
    assert any("speaks about this traveller's entry" in note for note in answer["notes"])


def test_self_declared_exemption_is_marked_and_the_closure_quarantine_is_kept(client, session):
    make_measure(
        session,
        measure_type="complete_closure",
        title="Borders closed",
        effective_from=date(2021, 1, 1),
        exemptions=["nationals", "residents", "diplomats"],
        quarantine_days=14,
        last_verified_on=date(2021, 1, 20),
    )
    session.commit()
    diplomat = ask(client, "FRA", "KEN", exemptions=["diplomats"])
    assert diplomat["explanation"][0]["self_declared_exemptions"] == ["diplomats"]
    assert "self-declared" in diplomat["explanation"][0]["reasons"][-2]
    kenyan = ask(client, "KEN", "KEN")
    assert kenyan["decision"] == "ADMIT_WITH_CONDITIONS"
    assert kenyan["explanation"][0]["self_declared_exemptions"] == []
    assert [(c["kind"], c["quarantine_days"]) for c in kenyan["conditions"]] == [("quarantine", 14)]


def test_a_transit_ban_in_a_transit_country_is_in_the_notes(client, session):
    make_measure(session, last_verified_on=date(2021, 1, 20), effective_from=date(2021, 1, 1))
    make_measure(
        session,
        country_iso3="QAT",
        measure_type="transit_ban",
        title="No transit through Doha",
        effective_from=date(2021, 1, 1),
        quarantine_days=None,
        last_verified_on=date(2021, 1, 20),
    )
    session.commit()
    question = {
        "traveller": {"nationalities": ["FRA"], "residence": "FRA"},
        "itinerary": {
            "origin": "FRA",
            "transits": [{"country": "QAT", "date": "2021-01-24"}],
            "destination": "KEN",
            "arrival_date": "2021-01-25",
            "mode": "air",
        },
    }
    response = client.post("/api/v1/journeys/check", json=question)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["decision"] == "ADMIT_WITH_CONDITIONS"  # the destination's answer, unchanged
    assert any("No transit through Doha" in note and "QAT" in note for note in body["notes"])


def test_an_imported_visa_matrix_tells_a_kenyan_that_the_uk_wants_a_visa(client, session):
    token = token_for(session, make_user(session, "coordinator"))
    session.commit()
    matrix = "Passport,GBR,KEN\nKEN,visa required,-1\nGBR,-1,e-visa\n"
    response = client.post(
        "/api/v1/restrictions/import",
        params={"format": "visa", "effective_from": "2021-01-20"},
        files={"file": ("passport-index-matrix-iso3.csv", matrix.encode(), "text/csv")},
        headers=bearer(token),
    )
    assert response.status_code == 200 and response.json()["created"] == 2, response.text
    kenyan = ask(client, "KEN", "GBR")
    assert kenyan["decision"] == "ADMIT_WITH_CONDITIONS"
    assert [c["kind"] for c in kenyan["conditions"]] == ["visa"]
    assert kenyan["explanation"][0]["title"] == "Visa required"
    british = ask(client, "GBR", "GBR")  # the visa data says nothing of nationals' entry
    assert british["decision"] == "UNKNOWN"


def test_every_imported_level_matches_the_source_and_never_refuses_a_national(client, session):
    """Kenya, 2021-01-10 .. 2021-01-14 at C8 levels 0..4: each day's answer says no more than
    the level, and no Kenyan is refused by any of them."""
    rows = "".join(f"Kenya,KEN,,,NAT_TOTAL,202101{10 + level:02d},{level},\n" for level in range(5))
    import_oxcgrt(client, session, HEADER + rows)
    expected = {0: "ADMIT", 1: "ADMIT_WITH_CONDITIONS", 2: "UNKNOWN"}  # 2: "some or all"
    expected |= {3: "UNKNOWN", 4: "REFUSE"}
    for level, decision in expected.items():
        day = f"2021-01-{10 + level:02d}"
        for nationality in ("KEN", "FRA"):
            question = {
                "traveller": {"nationalities": [nationality], "residence": nationality},
                "itinerary": {"origin": "FRA", "destination": "KEN", "arrival_date": day},
            }
            answer = client.post("/api/v1/journeys/check", json=question).json()
            if nationality == "KEN":
                assert answer["decision"] != "REFUSE", (level, answer)
            else:
                assert answer["decision"] == decision, (level, answer)
