"""What the map costs on the wire: compressed answers and a POE layer fetched once (#15.9)."""

from __future__ import annotations

from datetime import date

from tests.maps.test_map_api import APRIL, _close


def test_the_poe_layer_is_sent_gzipped(client, session):
    _close(session, "LND-KEN-NAMANGA", date(2020, 3, 20))
    session.commit()
    response = client.get(
        "/api/v1/map/poes", params={"date": APRIL}, headers={"Accept-Encoding": "gzip"}
    )
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert response.json()["features"]  # the client decodes it as before


def test_front_end_files_are_gzipped_and_pages_are_not(client):
    script = client.get("/static/js/map.js", headers={"Accept-Encoding": "gzip"})
    assert script.headers.get("content-encoding") == "gzip"
    page = client.get("/login", headers={"Accept-Encoding": "gzip"})  # carries a CSRF token
    assert page.status_code == 200 and "content-encoding" not in page.headers


def test_a_slider_step_fetches_only_the_statuses_by_id(client, session):
    poe = _close(session, "LND-KEN-NAMANGA", date(2020, 3, 20))
    session.commit()
    layer = client.get("/api/v1/map/poes", params={"date": APRIL})
    step = client.get("/api/v1/map/poes/statuses", params={"date": APRIL})
    assert step.status_code == 200
    assert step.json() == {"date": APRIL, "statuses": {str(poe.id): "closed"}, "stale": {}}
    assert len(step.content) * 10 < len(layer.content)
    before = client.get("/api/v1/map/poes/statuses", params={"date": "2020-03-01"}).json()
    assert str(poe.id) not in before["statuses"]  # no report yet: unknown


def test_poe_statuses_of_an_unknown_country_is_404(client):
    response = client.get("/api/v1/map/poes/statuses", params={"country": "ZZZ"})
    assert response.status_code == 404


def test_a_slider_step_says_which_statuses_are_stale_as_the_layer_does(client, session):
    poe = _close(session, "LND-KEN-NAMANGA", date(2020, 3, 20))
    session.commit()
    later = "2020-07-01"  # the report was last checked more than 30 days before
    layer = client.get("/api/v1/map/poes", params={"date": later}).json()
    step = client.get("/api/v1/map/poes/statuses", params={"date": later}).json()
    point = next(f["properties"] for f in layer["features"] if f["properties"]["id"] == str(poe.id))
    assert point["stale"] is True
    assert step["stale"] == {str(poe.id): point["last_verified_on"]}
