"""The DCC trust API: trust lists and value sets imported by administrators."""

from __future__ import annotations

from passage.access import Role
from tests.health.helpers import headers


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
