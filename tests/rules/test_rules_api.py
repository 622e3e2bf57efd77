"""Rule set API: upload one or many (all or nothing), list with filters, read with versions."""

from __future__ import annotations

from tests.factories import bearer, make_user, token_for
from tests.rules.test_rule_sets import make_rule


def _headers(session, role="coordinator"):
    user = make_user(session, role)
    token = token_for(session, user)
    session.commit()
    return bearer(token)


def test_coordinator_uploads_a_rule_and_anyone_reads_it(client, session):
    response = client.post("/api/v1/rules", json=make_rule(), headers=_headers(session))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["stored"] == 1 and body["rules"][0]["status"] == "accepted"
    rule_id = body["rules"][0]["id"]
    by_id = client.get(f"/api/v1/rules/{rule_id}")
    assert by_id.status_code == 200
    read = by_id.json()
    assert read["identifier"] == "VR-KE-0001" and read["country_iso3"] == "KEN"
    assert read["document"] == make_rule() and read["engine_supported"] is True
    assert [v["version"] for v in read["versions"]] == ["1.0.0"]


def test_reading_by_identifier_gives_the_highest_version_and_every_version(client, session):
    headers = _headers(session)
    client.post("/api/v1/rules", json=make_rule(version="1.0.0"), headers=headers)
    client.post("/api/v1/rules", json=make_rule(version="1.2.0"), headers=headers)
    read = client.get("/api/v1/rules/VR-KE-0001").json()
    assert read["version"] == "1.2.0"
    assert [v["version"] for v in read["versions"]] == ["1.2.0", "1.0.0"]


def test_the_public_and_border_officers_cannot_upload(client, session):
    assert client.post("/api/v1/rules", json=make_rule()).status_code == 401
    officer = _headers(session, "border_officer")
    assert client.post("/api/v1/rules", json=make_rule(), headers=officer).status_code == 403


def test_bad_logic_is_a_422_naming_the_sub_expression(client, session):
    document = make_rule(Logic={"and": [{"var": "payload.v.0"}, {"xor": [1]}]})
    response = client.post("/api/v1/rules", json=document, headers=_headers(session))
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid" and body["field"] == "Logic"
    assert 'at and[1]: unrecognised operator: "xor"' in body["detail"]


def test_a_version_that_does_not_increase_is_a_409(client, session):
    headers = _headers(session)
    assert client.post("/api/v1/rules", json=make_rule(), headers=headers).status_code == 201
    again = client.post("/api/v1/rules", json=make_rule(), headers=headers)
    assert again.status_code == 409
    assert again.json()["field"] == "Version"


def test_a_list_upload_is_all_or_nothing_with_errors_per_index(client, session):
    headers = _headers(session)
    rules = [make_rule("VR-KE-0001"), make_rule("TR-KE-0001", EngineVersion="9.0.0")]
    response = client.post("/api/v1/rules", json=rules, headers=headers)
    assert response.status_code == 422
    report = response.json()["context"]
    assert [r["status"] for r in report["rules"]] == ["accepted", "refused"]
    assert report["rules"][1]["errors"][0]["field"] == "EngineVersion"
    assert client.get("/api/v1/rules", params={"country": "KE"}).json()["total"] == 0


def test_listing_filters_by_country_type_and_time(client, session):
    headers = _headers(session)
    rules = [
        make_rule("VR-KE-0001", ValidTo="2022-01-01T00:00:00Z"),
        make_rule("TR-KE-0001"),
        make_rule("VR-FR-0001"),
        make_rule("IR-FR-0001"),
    ]
    assert client.post("/api/v1/rules", json=rules, headers=headers).status_code == 201

    def identifiers(**params):
        response = client.get("/api/v1/rules", params=params)
        assert response.status_code == 200, response.text
        return [item["identifier"] for item in response.json()["items"]]

    assert identifiers(country="KEN") == ["TR-KE-0001", "VR-KE-0001"]
    assert identifiers(country="fr", type="Invalidation") == ["IR-FR-0001"]
    assert identifiers(country="KE", at="2023-01-01T00:00:00Z") == ["TR-KE-0001"]
    assert identifiers(certificate_type="Test", country="KE") == ["TR-KE-0001"]


def test_bad_filters_and_unknown_rules_are_4xx_json(client):
    unknown_country = client.get("/api/v1/rules", params={"country": "QQ"})
    assert unknown_country.status_code == 422 and unknown_country.json()["field"] == "country"
    assert client.get("/api/v1/rules", params={"type": "Both"}).status_code == 422
    missing = client.get("/api/v1/rules/VR-ZZ-9999")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"


def test_an_upload_that_is_not_a_rule_is_a_422(client, session):
    headers = _headers(session)
    for payload in (17, [], ["not a rule"]):
        response = client.post("/api/v1/rules", json=payload, headers=headers)
        assert response.status_code == 422, payload
        assert set(response.json()) >= {"error", "detail", "field"}
