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
