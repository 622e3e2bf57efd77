"""The port-health API: flows, the error shape, and who may read what (health roles in scope
only; border officers see the clearance on the crossing and nothing else)."""

from __future__ import annotations

import io

import segno

from passage.access import Role
from tests.factories import bearer, make_user, token_for
from tests.health.conftest import current_qr


def headers(session, role, scope_type="global", scope_value=None) -> dict[str, str]:
    user = make_user(session, role, scope_type=scope_type, scope_value=scope_value)
    token = token_for(session, user)
    session.commit()  # survives a request that fails and rolls back
    return bearer(token)


def officer_headers(session, poe) -> dict[str, str]:
    return headers(session, Role.PORT_HEALTH_OFFICER, "poe", str(poe.id))


def screening_body(poe, **changes):
    body = {
        "poe_id": str(poe.id),
        "surname": "OTIENO",
        "given_names": "GRACE",
        "nationality": "KEN",
        "temperature_c": 36.6,
        "contact_with_case": True,
    }
    return body | changes


def test_screen_then_read_within_scope_only(client, session, poe, other_poe):
    officer = officer_headers(session, poe)
    created = client.post("/api/v1/health/screenings", json=screening_body(poe), headers=officer)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["classification"] == "secondary_assessment"
    assert {f["disease"] for f in body["findings"]} == {"covid19", "ebola", "mpox"}
    assert {c["revision"] for c in body["criteria_used"]} == {1}
    path = f"/api/v1/health/screenings/{body['id']}"
    assert client.get(path, headers=officer).status_code == 200
    authority = headers(session, Role.HEALTH_AUTHORITY, "country", "KEN")
    assert client.get(path, headers=authority).json()["surname"] == "OTIENO"
    elsewhere = officer_headers(session, other_poe)
    assert client.get(path, headers=elsewhere).status_code == 404
    for role in (Role.ADMIN, Role.BORDER_OFFICER, Role.COORDINATOR, Role.ANALYST, Role.CASE_WORKER):
        denied = client.get(path, headers=headers(session, role))
        assert denied.status_code == 403, role
        assert denied.json()["error"] == "forbidden"
    listing = client.get("/api/v1/health/screenings", headers=authority).json()
    assert listing["total"] == 1


def test_invalid_screenings_answer_the_error_shape(client, session, poe, other_poe):
    officer = officer_headers(session, poe)
    bad = client.post(
        "/api/v1/health/screenings", json=screening_body(poe, nationality="Kenya"), headers=officer
    )
    assert bad.status_code == 422 and bad.json()["field"] == "nationality"
    outside = client.post(
        "/api/v1/health/screenings", json=screening_body(other_poe), headers=officer
    )
    assert outside.status_code == 403 and outside.json()["field"] == "poe_id"
    unknown = client.post(
        "/api/v1/health/screenings", json=screening_body(poe, symptoms=["hiccups"]), headers=officer
    )
    assert unknown.status_code == 422 and unknown.json()["field"] == "symptoms"


def test_verify_from_text_and_from_a_photo(client, session, poe, signer):
    officer = officer_headers(session, poe)
    qr = current_qr(signer)
    text = client.post(
        "/api/v1/health/certificates/verify",
        json={"qr_text": qr, "poe_id": str(poe.id)},
        headers=officer,
    )
    assert text.status_code == 200, text.text
    assert text.json()["result"] == "VALID"
    picture = io.BytesIO()
    segno.make(qr, micro=False, error="m").save(picture, kind="png", scale=4)
    photo = client.post(
        "/api/v1/health/certificates/verify-image",
        files={"file": ("qr.png", picture.getvalue(), "image/png")},
        data={"poe_id": str(poe.id)},
        headers=officer,
    )
    assert photo.status_code == 200, photo.text
    assert photo.json()["result"] == "VALID"
    assert photo.json()["decoded"] == text.json()["decoded"]
    check = client.get(f"/api/v1/health/certificates/{photo.json()['id']}", headers=officer)
    assert check.status_code == 200
    garbage = client.post(
        "/api/v1/health/certificates/verify-image",
        files={"file": ("qr.png", b"not a picture", "image/png")},
        headers=officer,
    )
    assert garbage.status_code == 422 and garbage.json()["field"] == "file"
    border = headers(session, Role.BORDER_OFFICER)
    refused = client.post(
        "/api/v1/health/certificates/verify", json={"qr_text": qr}, headers=border
    )
    assert refused.status_code == 403


def test_case_flow_with_optimistic_locking(client, session, poe):
    officer = officer_headers(session, poe)
    screening = client.post(
        "/api/v1/health/screenings", json=screening_body(poe), headers=officer
    ).json()
    opened = client.post(
        "/api/v1/health/cases", json={"screening_id": screening["id"]}, headers=officer
    )
    assert opened.status_code == 201, opened.text
    case = client.get(f"/api/v1/health/cases/{opened.json()['id']}", headers=officer).json()
    assert case["screening"]["id"] == screening["id"] and len(case["follow_ups"]) == 21
    task = case["follow_ups"][0]
    done = client.post(
        f"/api/v1/health/cases/{case['id']}/follow-ups/{task['id']}",
        json={"version": task["version"], "outcome": "well", "temperature_c": 36.5},
        headers=officer,
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    referred = client.post(
        f"/api/v1/health/cases/{case['id']}/referral",
        json={"version": case["version"], "facility": "Kajiado hospital"},
        headers=officer,
    )
    assert referred.status_code == 200 and referred.json()["status"] == "referred"
    stale = client.post(
        f"/api/v1/health/cases/{case['id']}/closure",
        json={"version": case["version"], "reason": "discarded"},
        headers=officer,
    )
    assert stale.status_code == 409 and stale.json()["field"] == "version"
    closed = client.post(
        f"/api/v1/health/cases/{case['id']}/closure",
        json={"version": referred.json()["version"], "reason": "discarded"},
        headers=officer,
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    notices = client.get("/api/v1/notifications", headers=officer).json()
    assert any(n["kind"] == "case_opened" for n in notices)


def test_border_officers_see_only_the_clearance(client, session, poe):
    border = headers(session, Role.BORDER_OFFICER, "poe", str(poe.id))
    crossing = client.post(
        "/api/v1/crossings",
        json={"poe_id": str(poe.id), "direction": "entry", "traveller": {"surname": "OTIENO"}},
        headers=border,
    ).json()
    assert crossing["health_clearance"] == "not_required"
    officer = officer_headers(session, poe)
    prefill = client.get(f"/api/v1/health/crossings/{crossing['id']}/prefill", headers=officer)
    assert prefill.json()["surname"] == "OTIENO"
    client.post(
        "/api/v1/health/screenings",
        json=screening_body(poe, crossing_id=crossing["id"], temperature_c=39.2),
        headers=officer,
    )
    seen = client.get(f"/api/v1/crossings/{crossing['id']}", headers=border).json()
    assert seen["health_clearance"] == "pending"
    text = str(seen)
    assert "39.2" not in text and "temperature" not in text and "classification" not in text
    for path in ("/api/v1/health/screenings", "/api/v1/health/cases", "/api/v1/health/interest"):
        assert client.get(path, headers=border).status_code == 403


def test_criteria_are_managed_by_administrators_without_personal_data(client, session, poe):
    admin = headers(session, Role.ADMIN)
    current = client.get("/api/v1/health/criteria", headers=admin).json()
    ebola = next(c for c in current if c["disease_code"] == "ebola")
    body = {
        key: ebola[key]
        for key in (
            "disease_code",
            "name",
            "case_definition",
            "incubation_days",
            "fever_threshold_c",
            "symptoms",
            "decisive_symptoms",
            "min_symptoms",
            "exposure_is_link",
            "evidence_clears",
            "outcome_signs_and_link",
            "outcome_signs_only",
            "outcome_link_only",
            "is_active",
        )
    } | {"affected_countries": ["UGA"], "based_on_revision": 1, "change_note": "outbreak"}
    saved = client.post("/api/v1/health/criteria", json=body, headers=admin)
    assert saved.status_code == 201 and saved.json()["revision"] == 2
    again = client.post("/api/v1/health/criteria", json=body, headers=admin)
    assert again.status_code == 409 and again.json()["field"] == "based_on_revision"
    new_disease = body | {
        "disease_code": "marburg",
        "name": "Marburg virus disease",
        "based_on_revision": None,
        "symptoms": ["fever", "jaundice"],
        "decisive_symptoms": [],
        "min_symptoms": 2,
    }
    created = client.post("/api/v1/health/criteria", json=new_disease, headers=admin)
    assert created.status_code == 201, created.text
    history = client.get("/api/v1/health/criteria/ebola", headers=admin).json()
    assert [h["revision"] for h in history] == [2, 1]
    officer = officer_headers(session, poe)
    assert client.post("/api/v1/health/criteria", json=body, headers=officer).status_code == 403
    screened = client.post(
        "/api/v1/health/screenings",
        json=screening_body(
            poe, contact_with_case=False, symptoms=["jaundice"], temperature_c=38.9
        ),
        headers=officer,
    ).json()
    marburg = next(f for f in screened["findings"] if f["disease"] == "marburg")
    assert marburg["classification"] == "secondary_assessment"
    assert client.get("/api/v1/health/screenings", headers=admin).status_code == 403


def test_trust_lists_and_value_sets_by_api(client, session, signer):
    admin = headers(session, Role.ADMIN)
    _, der = signer
    imported = client.post(
        "/api/v1/health/trust-lists",
        files={"file": ("dsc.der", der, "application/octet-stream")},
        data={"name": "national"},
        headers=admin,
    )
    assert imported.status_code == 201 and imported.json()["imported"] == 1
    lists = client.get("/api/v1/health/trust-lists", headers=admin).json()
    assert {item["name"] for item in lists} == {"test", "national"}
    sets = client.get("/api/v1/health/value-sets", headers=admin).json()
    assert sets[0]["value_set_id"] == "country-2-codes" and sets[0]["code_count"] == 249
    refused = client.post(
        "/api/v1/health/value-sets",
        files={"file": ("v.json", b"[1]", "application/json")},
        headers=admin,
    )
    assert refused.status_code == 422


def test_mail_settings_are_saved_by_administrators_without_the_password(client, session, poe):
    admin = headers(session, Role.ADMIN)
    before = client.get("/api/v1/health/mail-settings", headers=admin).json()
    assert before["source"] == "environment" and before["enabled"] is False
    incomplete = client.put(
        "/api/v1/health/mail-settings", json={"enabled": True, "host": ""}, headers=admin
    )
    assert incomplete.status_code == 422
    saved = client.put(
        "/api/v1/health/mail-settings",
        json={"enabled": True, "host": "smtp.example.org", "port": 587, "sender": "ph@example.org"},
        headers=admin,
    )
    assert saved.status_code == 200, saved.text
    body = saved.json()
    assert body["source"] == "administrator" and body["enabled"] and "password" not in body
    stale = client.put(
        "/api/v1/health/mail-settings",
        json={"version": body["version"] + 5, "host": "x", "sender": "a@b.c"},
        headers=admin,
    )
    assert stale.status_code == 409
    officer = officer_headers(session, poe)
    assert client.get("/api/v1/health/mail-settings", headers=officer).status_code == 403
    assert client.get("/api/v1/health/outbox", headers=admin).json() == {}
