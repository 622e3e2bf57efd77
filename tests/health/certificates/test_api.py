"""The certificate check API at a point of entry: text and photo, stored checks, who may verify."""

from __future__ import annotations

import io

import segno

from passage.access import Role
from tests.dcc.factory import current_qr
from tests.health.helpers import headers, officer_headers


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


def test_a_certificate_whose_structure_cannot_be_checked_is_not_answered_valid(
    client, session, poe, signer, tmp_path, monkeypatch
):
    monkeypatch.setenv("PASSAGE_DCC_SCHEMA", str(tmp_path / "no-such-schema.json"))
    answer = client.post(
        "/api/v1/health/certificates/verify",
        json={"qr_text": current_qr(signer), "poe_id": str(poe.id)},
        headers=officer_headers(session, poe),
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["result"], body["failed_step"]) == ("UNKNOWN", "schema")
    assert body["steps"]["schema"] is None and body["steps"]["signature"] is True
    assert "the certificate's structure could not be checked" in body["message"]
