"""The screening API: flows, the error shape, who may read what (health roles in scope only;
border officers see the clearance on the crossing and nothing else), and the criteria."""

from __future__ import annotations

from passage.access import Role
from tests.health.helpers import headers, officer_headers, screening_body


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
