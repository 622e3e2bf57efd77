"""Map data: every country's level on a date, the numeric-code table, the POE layer."""

from __future__ import annotations

from datetime import date

from passage.geo import repository as geo_repository
from passage.restrictions import service
from passage.restrictions.schemas import PoeStatusCreate
from tests.factories import demo_poe
from tests.restrictions.factories import make_measure

APRIL = "2020-04-01"


def _close(session, code, on, status="closed"):
    poe = demo_poe(session, code)
    data = PoeStatusCreate(status=status, effective_from=on, last_verified_on=on)
    service.record_poe_status(session=session, poe_id=poe.id, data=data, actor=None)
    return poe


def test_levels_list_countries_with_data_only(client, session):
    make_measure(session, country_iso3="KEN")  # quarantine: 2
    make_measure(session, country_iso3="UGA", measure_type="complete_closure", title="Closed")
    make_measure(session, country_iso3="TZA", measure_type="no_measures", title="Open")
    make_measure(session, country_iso3="RWA", measure_type="exit_ban", title="No exit")
    session.commit()
    response = client.get("/api/v1/map/levels", params={"date": APRIL})
    assert response.status_code == 200
    body = response.json()
    assert body["date"] == APRIL
    assert {code: body["levels"].get(code) for code in ("KEN", "UGA", "TZA")} == {
        "KEN": 2,
        "UGA": 4,
        "TZA": 0,
    }
    assert "RWA" not in body["levels"] and "BDI" not in body["levels"]


def test_map_levels_agree_with_the_level_of_each_country(client, session):
    make_measure(session, country_iso3="KEN")
    make_measure(
        session,
        country_iso3="KEN",
        measure_type="origin_ban",
        title="Ban",
        origins=["CHN"],
        effective_until=date(2020, 3, 31),
    )
    session.commit()
    for day in ("2020-03-19", "2020-03-25", APRIL):
        levels = client.get("/api/v1/map/levels", params={"date": day}).json()["levels"]
        one = client.get("/api/v1/countries/KEN/level", params={"date": day}).json()["level"]
        assert levels.get("KEN") == one


def test_levels_refuse_a_bad_date(client):
    response = client.get("/api/v1/map/levels", params={"date": "2020-04-31"})
    assert response.status_code == 422 and response.json()["field"] == "date"


def test_countries_map_world_atlas_ids_to_iso3(client, session):
    body = client.get("/api/v1/map/countries").json()
    assert body["404"] == {"iso3": "KEN", "name": "Kenya"}
    assert body["004"]["iso3"] == "AFG"  # world-atlas ids are zero-padded
    assert len(body) == sum(1 for c in geo_repository.list_countries(session) if c.m49)


def test_poes_are_geojson_with_their_status_on_the_date(client, session):
    namanga = _close(session, "LND-KEN-NAMANGA", date(2020, 3, 25))
    session.commit()
    body = client.get("/api/v1/map/poes", params={"date": APRIL, "country": "KEN"}).json()
    assert body["type"] == "FeatureCollection"
    features = {f["properties"]["code"]: f for f in body["features"]}
    assert features and all(code.split("-")[1] == "KEN" for code in features)
    feature = features["LND-KEN-NAMANGA"]
    assert feature["geometry"] == {
        "type": "Point",
        "coordinates": [namanga.longitude, namanga.latitude],
    }
    assert feature["properties"] == {
        "id": str(namanga.id),
        "code": "LND-KEN-NAMANGA",
        "name": namanga.name,
        "kind": "land_crossing",
        "status": "closed",
        "last_verified_on": "2020-03-25",
        "stale": False,
    }
    assert features["LND-KEN-BUSIA"]["properties"]["status"] == "unknown"


def test_poe_status_follows_the_date(client, session):
    _close(session, "LND-KEN-NAMANGA", date(2020, 3, 25))
    _close(session, "LND-KEN-NAMANGA", date(2020, 6, 1), status="partially_operational")
    session.commit()

    def status_on(day):
        body = client.get("/api/v1/map/poes", params={"date": day}).json()
        found = [f for f in body["features"] if f["properties"]["code"] == "LND-KEN-NAMANGA"]
        return found[0]["properties"]["status"]

    assert [status_on(d) for d in ("2020-03-24", APRIL, "2020-06-01")] == [
        "unknown",
        "closed",
        "partially_operational",
    ]


def test_poes_of_every_country_without_a_filter(client):
    codes = {f["properties"]["code"] for f in client.get("/api/v1/map/poes").json()["features"]}
    assert {"LND-KEN-NAMANGA", "LND-TZA-NAMANGA"} <= codes


def test_poes_of_an_unknown_country_is_404(client):
    response = client.get("/api/v1/map/poes", params={"country": "ZZZ"})
    assert response.status_code == 404 and response.json()["error"] == "not_found"
