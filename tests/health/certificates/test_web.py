"""The certificate check page, used as a browser would without JavaScript."""

from __future__ import annotations

import io

import segno

from passage.access import Role
from tests.dcc.factory import current_qr
from tests.health.helpers import post_form, sign_in


def test_a_certificate_photo_is_verified_without_javascript(client, session, poe, signer):
    sign_in(client, session, Role.PORT_HEALTH_OFFICER, "poe", str(poe.id))
    picture = io.BytesIO()
    segno.make(current_qr(signer), micro=False).save(picture, kind="png", scale=5, border=4)
    verified = post_form(
        client,
        "/health/certificates",
        "/health/certificates",
        {"poe_id": str(poe.id)},
        files={"photo": ("photo.png", picture.getvalue(), "image/png")},
    )
    assert verified.status_code == 200, verified.text
    assert 'id="certificate-result"' in verified.text and ">Valid<" in verified.text
    assert "Musterfrau" in verified.text
    unreadable = post_form(
        client,
        "/health/certificates",
        "/health/certificates",
        {"poe_id": str(poe.id)},
        files={"photo": ("photo.png", b"GIF89a", "image/png")},
    )
    assert unreadable.status_code == 422 and 'id="photo-error"' in unreadable.text
