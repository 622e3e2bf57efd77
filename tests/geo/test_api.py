"""Reference-data API: public reads, coordinator edits with optimistic locking, CSV upload."""

from __future__ import annotations

from tests.factories import bearer, demo_poe, make_user, token_for


def test_public_can_search_points_of_entry(client):
    response = client.get("/api/v1/poes", params={"country": "KEN", "kind": "land_crossing"})
    assert response.status_code == 200
    codes = {item["code"] for item in response.json()["items"]}
    assert "LND-KEN-NAMANGA" in codes and all(c.startswith("LND-KEN") for c in codes)


def test_unknown_country_is_404(client):
    assert client.get("/api/v1/countries/ZZZ").status_code == 404


def test_bad_kind_filter_is_422(client):
    response = client.get("/api/v1/poes", params={"kind": "spaceport"})
    assert response.status_code == 422
    assert response.json()["field"] == "kind"


def test_coordinator_creates_and_edits_a_poe(client, session):
    token = token_for(session, make_user(session, "coordinator"))
    session.commit()
    body = {
        "code": "LND-KEN-LUNGA",
        "name": "Lunga Lunga",
        "kind": "land_crossing",
        "country_iso3": "KEN",
    }
    created = client.post("/api/v1/poes", json=body, headers=bearer(token))
    assert created.status_code == 201
    poe = created.json()
    assert client.post("/api/v1/poes", json=body, headers=bearer(token)).status_code == 409
    patch = {"version": poe["version"], "name": "Lunga Lunga OSBP"}
    assert (
        client.patch(f"/api/v1/poes/{poe['id']}", json=patch, headers=bearer(token)).status_code
        == 200
    )
    assert (
        client.patch(f"/api/v1/poes/{poe['id']}", json=patch, headers=bearer(token)).status_code
        == 409
    )


def test_poe_ids_in_urls_are_uuids(client, session):
    poe = demo_poe(session)
    response = client.get(f"/api/v1/poes/{poe.id}")
    assert response.json()["id"] == str(poe.id)


def test_csv_upload_reports_rejected_rows(client, session):
    token = token_for(session, make_user(session, "coordinator"))
    session.commit()
    csv_text = "code,name,kind,country\nA-1,Ok,land_crossing,KEN\nA-2,Bad,rocket,KEN\n"
    response = client.post(
        "/api/v1/poes/import",
        files={"file": ("x.csv", csv_text, "text/csv")},
        headers=bearer(token),
    )
    assert response.status_code == 200
    assert response.json()["rejected"] == [
        {"line": 3, "reason": response.json()["rejected"][0]["reason"], "field": "kind"}
    ]


def test_non_utf8_upload_is_a_clear_422(client, session):
    token = token_for(session, make_user(session, "coordinator"))
    session.commit()
    response = client.post(
        "/api/v1/poes/import",
        files={"file": ("x.csv", b"\xff\xfe\x00bad", "text/csv")},
        headers=bearer(token),
    )
    assert response.status_code == 422
    assert response.json()["field"] == "file"
