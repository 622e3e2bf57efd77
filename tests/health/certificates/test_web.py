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


def test_the_page_says_a_certificate_cannot_be_confirmed_when_a_check_could_not_run(
    client, session, poe, signer, tmp_path, monkeypatch
):
    monkeypatch.setenv("PASSAGE_DCC_SCHEMA", str(tmp_path / "no-such-schema.json"))
    sign_in(client, session, Role.PORT_HEALTH_OFFICER, "poe", str(poe.id))
    checked = post_form(
        client,
        "/health/certificates",
        "/health/certificates",
        {"poe_id": str(poe.id), "qr_text": current_qr(signer)},
    )
    assert checked.status_code == 200, checked.text
    assert ">Cannot be confirmed<" in checked.text and ">Valid<" not in checked.text
    assert "could not be completed: Schema and value sets" in checked.text
