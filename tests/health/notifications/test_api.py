"""The mail settings API: administrators only, never the password, optimistic locking."""

from __future__ import annotations

from passage.access import Role
from tests.health.helpers import headers, officer_headers


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
