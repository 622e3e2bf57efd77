"""The cases API: the flow with optimistic locking, and the notices it sends."""

from __future__ import annotations

from tests.health.helpers import officer_headers, screening_body


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
