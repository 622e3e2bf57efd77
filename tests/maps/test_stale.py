"""Stale data is flagged wherever a level or a POE status is shown (issue #13 item 6): the
level API, the map's levels and its POE layer, the map table and the country page."""

from __future__ import annotations

from datetime import date, timedelta

from passage.kit.clock import today
from passage.restrictions import service
from passage.restrictions.schemas import PoeStatusCreate
from tests.factories import demo_poe, make_user, web_login
from tests.restrictions.factories import make_measure

LONG_AGO = date(2022, 3, 1)


def _old_screening(session, country="KEN"):
    """A level-1 measure still in force today, last checked in 2022."""
    return make_measure(
        session,
        country_iso3=country,
        measure_type="health_declaration",
        title="Health form",
        quarantine_days=None,
        effective_from=date(2022, 1, 1),
        last_verified_on=LONG_AGO,
    )


def test_level_api_flags_a_level_last_checked_long_ago(client, session):
    _old_screening(session)
    session.commit()
    body = client.get("/api/v1/countries/KEN/level").json()
    assert (body["level"], body["stale"], body["last_verified_on"]) == (1, True, "2022-03-01")
    then = client.get("/api/v1/countries/KEN/level", params={"date": "2022-03-10"}).json()
    assert then["stale"] is False  # checked 9 days before that date


def test_map_levels_list_the_stale_countries(client, session):
    _old_screening(session, "KEN")
    make_measure(session, country_iso3="UGA", effective_from=date(2022, 1, 1))  # recorded today
    session.commit()
    body = client.get("/api/v1/map/levels").json()
    assert body["stale"] == ["KEN"]
    assert body["last_verified"]["KEN"] == "2022-03-01"
    assert body["last_verified"]["UGA"] == today().isoformat()


def test_poe_layer_flags_an_old_report(client, session):
    poe = demo_poe(session, "LND-KEN-NAMANGA")
    data = PoeStatusCreate(
        status="fully_operational", effective_from=LONG_AGO, last_verified_on=LONG_AGO
    )
    service.record_poe_status(session=session, poe_id=poe.id, data=data, actor=None)
    session.commit()
    features = client.get("/api/v1/map/poes", params={"country": "KEN"}).json()["features"]
    namanga = next(f for f in features if f["properties"]["code"] == "LND-KEN-NAMANGA")
    assert namanga["properties"]["stale"] is True
    recent = client.get("/api/v1/map/poes", params={"country": "KEN", "date": "2022-03-05"}).json()
    namanga = next(f for f in recent["features"] if f["properties"]["code"] == "LND-KEN-NAMANGA")
    assert namanga["properties"]["stale"] is False


def test_map_table_and_country_page_say_stale(client, session):
    _old_screening(session)
    user = make_user(session, "coordinator")
    session.commit()
    web_login(client, user.email)
    table = client.get("/map").text
    assert "last verified 2022-03-01" in table
    page = client.get("/countries/KEN").text
    assert "last verified 2022-03-01" in page


def test_a_fresh_level_is_not_stale(client, session):
    make_measure(
        session,
        country_iso3="KEN",
        effective_from=today() - timedelta(days=5),
        last_verified_on=today() - timedelta(days=2),
    )
    session.commit()
    assert client.get("/api/v1/countries/KEN/level").json()["stale"] is False
