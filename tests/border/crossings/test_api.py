"""The crossings API: registration, reads, decisions, travellers, overstays, scope and audit."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from passage.access import Role, ScopeType
from passage.audit.models import AuditEntry
from passage.border.alerts.models import ScreeningHit
from passage.border.mrz import build_td3
from tests.factories import bearer, demo_poe, make_user, token_for

NAMANGA = "LND-KEN-NAMANGA"
BUSIA = "LND-KEN-BUSIA"
DAY = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)


def passport(number: str = "CD7654321", surname: str = "NAKATO") -> str:
    return build_td3(
        issuing_state="UGA",
        document_number=number,
        surname=surname,
        given_names="GRACE",
        nationality="UGA",
        birth_date="900101",
        sex="F",
        expiry_date="310101",
    )


def headers_for(session, role: Role = Role.ADMIN, poe_code: str | None = None) -> dict[str, str]:
    scope = {}
    if poe_code:
        scope = {"scope_type": ScopeType.POE, "scope_value": str(demo_poe(session, poe_code).id)}
    headers = bearer(token_for(session, make_user(session, role, **scope)))
    session.commit()
    return headers


def body(session, code: str = NAMANGA, **fields) -> dict:
    payload = {
        "poe_id": str(demo_poe(session, code).id),
        "direction": "entry",
        "occurred_at": DAY.isoformat(),
        "mrz": passport(),
        "origin_iso3": "UGA",
    }
    return payload | fields


def post_crossing(client, session, headers, **fields) -> dict:
    response = client.post("/api/v1/crossings", json=body(session, **fields), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def test_registering_returns_the_crossing_and_reading_it_shows_the_traveller(client, session):
    headers = headers_for(session)
    created = post_crossing(client, session, headers, allowed_stay_days=14)
    assert created["direction"] == "entry" and created["allowed_stay_days"] == 14
    assert created["journey_check"]["decision"]
    detail = client.get(f"/api/v1/crossings/{created['id']}", headers=headers).json()
    assert detail["traveller"]["surname"] == "NAKATO"
    assert detail["document"]["document_number"] == "CD7654321"


def test_an_invalid_mrz_is_a_422_naming_the_failed_checks(client, session):
    headers = headers_for(session)
    text = passport()
    broken = text[:54] + ("0" if text[54] != "0" else "1") + text[55:]
    response = client.post("/api/v1/crossings", json=body(session, mrz=broken), headers=headers)
    assert response.status_code == 422
    assert response.json()["field"] == "mrz"
    assert "document_number" in response.json()["context"]["failed_checks"]


def test_an_unreadable_mrz_is_a_422(client, session):
    headers = headers_for(session)
    response = client.post("/api/v1/crossings", json=body(session, mrz="P<UGA"), headers=headers)
    assert response.status_code == 422 and response.json()["field"] == "mrz"


def test_an_officer_cannot_register_at_another_poe(client, session):
    headers = headers_for(session, Role.BORDER_OFFICER, NAMANGA)
    response = client.post("/api/v1/crossings", json=body(session, BUSIA), headers=headers)
    assert response.status_code == 403


def test_an_officer_cannot_read_crossings_of_another_poe(client, session):
    created = post_crossing(client, session, headers_for(session), code=BUSIA)
    officer = headers_for(session, Role.BORDER_OFFICER, NAMANGA)
    assert client.get(f"/api/v1/crossings/{created['id']}", headers=officer).status_code == 404
    listed = client.get("/api/v1/crossings", headers=officer).json()
    assert created["id"] not in {item["id"] for item in listed["items"]}
    poe = demo_poe(session, BUSIA).id
    assert client.get(f"/api/v1/crossings?poe={poe}", headers=officer).status_code == 404
    traveller = client.get(f"/api/v1/travellers/{created['traveller_id']}", headers=officer)
    assert traveller.status_code == 404


def test_the_list_filters_by_poe_direction_date_and_decision(client, session):
    headers = headers_for(session)
    entry = post_crossing(client, session, headers)
    exit_ = post_crossing(
        client,
        session,
        headers,
        direction="exit",
        occurred_at=(DAY + timedelta(days=1)).isoformat(),
    )
    poe = demo_poe(session, NAMANGA).id
    url = f"/api/v1/crossings?poe={poe}&direction=exit&date={(DAY + timedelta(days=1)).date()}"
    page = client.get(url, headers=headers).json()
    assert [item["id"] for item in page["items"]] == [exit_["id"]] and page["total"] == 1
    pending = client.get(
        f"/api/v1/crossings?poe={poe}&decision=pending&date={DAY.date()}", headers=headers
    ).json()
    assert [item["id"] for item in pending["items"]] == [entry["id"]]
    assert exit_["linked_entry_id"] == entry["id"]


def test_the_decision_route_records_and_guards_open_hits(client, session):
    headers = headers_for(session)
    created = post_crossing(client, session, headers)
    session.add(ScreeningHit(crossing_id=uuid.UUID(created["id"]), score=0.95, explanation={}))
    session.commit()
    url = f"/api/v1/crossings/{created['id']}/decision"
    admit = {"version": created["version"], "decision": "admitted"}
    blocked = client.post(url, json=admit, headers=headers)
    assert blocked.status_code == 409 and "resolve the alert hits first" in blocked.text
    no_reason = client.post(url, json=admit | {"decision": "refused"}, headers=headers)
    assert no_reason.status_code == 422
    refer = admit | {"decision": "referred_secondary", "reason": "alert hit to check"}
    decided = client.post(url, json=refer, headers=headers)
    assert decided.status_code == 200 and decided.json()["decision"] == "referred_secondary"
    stale = client.post(url, json=refer, headers=headers)
    assert stale.status_code == 409 and stale.json()["field"] == "version"


def test_the_traveller_route_lists_documents_and_crossings_and_is_audited(client, session):
    headers = headers_for(session)
    created = post_crossing(client, session, headers)
    post_crossing(client, session, headers, mrz=passport(number="EF1000001"))
    response = client.get(f"/api/v1/travellers/{created['traveller_id']}", headers=headers)
    assert response.status_code == 200
    traveller = response.json()
    assert len(traveller["documents"]) == 2 and len(traveller["crossings"]) == 2
    reads = session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "read",
            AuditEntry.object_type == "traveller",
            AuditEntry.object_id == created["traveller_id"],
        )
    ).all()
    assert len(reads) == 1 and reads[0].purpose == "border control"
    assert reads[0].actor_type == "user"


def test_overstays_and_departures_without_entry_routes(client, session):
    headers = headers_for(session)
    entry = post_crossing(client, session, headers, allowed_stay_days=7)
    lone = post_crossing(
        client, session, headers, direction="exit", mrz=passport("GH0000001", "MUSOKE")
    )
    poe = demo_poe(session, NAMANGA).id
    late = (DAY + timedelta(days=10)).date()
    found = client.get(f"/api/v1/border/overstays?on={late}&poe={poe}", headers=headers).json()
    assert [(o["crossing"]["id"], o["days_over"]) for o in found] == [(entry["id"], 3)]
    early = (DAY + timedelta(days=5)).date()
    assert client.get(f"/api/v1/border/overstays?on={early}", headers=headers).json() == []
    page = client.get(f"/api/v1/border/departures-without-entry?poe={poe}", headers=headers).json()
    assert [item["id"] for item in page["items"]] == [lone["id"]]


def test_an_analyst_cannot_read_crossings(client, session):
    headers = headers_for(session, Role.ANALYST)
    assert client.get("/api/v1/crossings", headers=headers).status_code == 403


def test_crossings_are_searched_by_name_in_any_script_and_by_document(client, session):
    headers = headers_for(session)
    post_crossing(client, session, headers)
    post_crossing(client, session, headers, mrz=passport("CD1111111", "OCHIENG"))
    arabic = client.get("/api/v1/crossings", params={"name": "ناكاتو"}, headers=headers).json()
    assert arabic["total"] == 1
    document = client.get(
        "/api/v1/crossings", params={"document": "CD1111111"}, headers=headers
    ).json()
    assert document["total"] == 1 and document["items"][0]["document_checks"] == []
