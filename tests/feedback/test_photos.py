"""Photos with feedback: metadata (GPS, time, phone) stripped before anything is kept, size
and type limits, the content sealed at rest, shown only to staff who may read the item (a
sensitive item's photos to focal points only), every read audited; the form without the
script sends them as files, the API and the offline queue as base64."""

from __future__ import annotations

import base64
import io
import os

import pytest
from PIL import Image
from sqlalchemy import func, select

from passage.audit.models import AuditEntry
from passage.feedback.models import FeedbackPhoto
from passage.kit import photos as cleaner
from tests.factories import bearer, csrf_from, make_user, token_for, web_login
from tests.feedback.helpers import focal_point, handler, payload

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def _phone_photo(size=(300, 200), fmt="JPEG", orientation: int | None = None) -> bytes:
    """A photo as a phone makes it: EXIF with GPS position, camera make and time."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0132] = "2026:12:07 09:41:13"  # DateTime
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (2.0, 2.0, 30.0), 3: "E", 4: (45.0, 20.0, 5.0)})
    if orientation:
        exif[ORIENTATION] = orientation
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif.tobytes(), comment=b"taken at the camp gate")
    return out.getvalue()


def _b64(data: bytes) -> str:
    return "data:image/jpeg;base64," + base64.b64encode(data).decode()


def test_cleaning_removes_gps_time_and_phone_and_keeps_the_picture():
    original = _phone_photo()
    assert b"PhoneMaker" in original and Image.open(io.BytesIO(original)).getexif()
    clean = cleaner.clean(original)
    reopened = Image.open(io.BytesIO(clean.content))
    assert reopened.format == "JPEG" and reopened.size == (300, 200)
    assert not reopened.getexif() and "exif" not in reopened.info
    assert "comment" not in reopened.info and "icc_profile" not in reopened.info
    assert b"PhoneMaker" not in clean.content and b"2026:12:07" not in clean.content
    assert reopened.getpixel((10, 10))[0] > 150  # still the red picture


def test_cleaning_turns_the_photo_upright_before_dropping_its_orientation():
    clean = cleaner.clean(_phone_photo((300, 200), orientation=6))  # rotated 90 degrees
    assert (clean.width, clean.height) == (200, 300)


def test_cleaning_scales_down_large_photos_and_strips_png_text():
    image = Image.new("RGBA", (4000, 1000), (0, 0, 255, 128))
    out = io.BytesIO()
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Location", "2.0 N 45.3 E")
    image.save(out, format="PNG", pnginfo=info)
    clean = cleaner.clean(out.getvalue())
    assert max(clean.width, clean.height) == cleaner.MAX_SIDE
    assert b"45.3" not in clean.content


@pytest.mark.parametrize(
    "content",
    [b"", b"%PDF-1.7 not a photo", b"GIF89a" + b"\x00" * 100, b"\xff" * (5 * 1024 * 1024 + 1)],
    ids=["empty", "pdf", "gif", "too-large"],
)
def test_cleaning_refuses_what_is_not_a_photo_within_the_limits(content):
    with pytest.raises(cleaner.PhotoRefused):
        cleaner.clean(content)


def test_cleaning_refuses_a_decompression_bomb(monkeypatch):
    monkeypatch.setattr(cleaner, "MAX_PIXELS", 1000)
    with pytest.raises(cleaner.PhotoRefused):
        cleaner.clean(_phone_photo((100, 100)))


def test_a_submission_keeps_its_photos_sealed_and_without_metadata(client, session):
    body = payload(photos=[_b64(_phone_photo()), _b64(_phone_photo((120, 80), fmt="PNG"))])
    assert client.post("/api/v1/feedback", json=body).status_code == 201
    kept = session.scalars(select(FeedbackPhoto).order_by(FeedbackPhoto.position)).all()
    assert [(p.width, p.height) for p in kept] == [(300, 200), (120, 80)]
    assert all(p.content_type == "image/jpeg" for p in kept)
    assert "PhoneMaker" not in kept[0].sealed_content  # sealed, not stored as sent
    assert not hasattr(FeedbackPhoto, "created_at")  # an anonymous item keeps only its day


def test_a_bad_or_fourth_photo_refuses_the_send_naming_the_field(client, session):
    bad = client.post("/api/v1/feedback", json=payload(photos=[_b64(b"not a photo at all")]))
    assert bad.status_code == 422 and "photos" in bad.text
    four = client.post("/api/v1/feedback", json=payload(photos=[_b64(_phone_photo())] * 4))
    assert four.status_code == 422
    assert (session.scalar(select(func.count()).select_from(FeedbackPhoto)) or 0) == 0


def _photo_url(client, token) -> str:
    item_id = client.get("/api/v1/feedback", headers=bearer(token)).json()["items"][0]["id"]
    item = client.get(f"/api/v1/feedback/{item_id}", headers=bearer(token)).json()
    return f"/api/v1/feedback/{item_id}/photos/{item['photos'][0]['id']}"


def test_staff_who_may_read_the_item_see_its_photo_and_the_read_is_audited(client, session):
    client.post("/api/v1/feedback", json=payload(photos=[_b64(_phone_photo())]))
    token = token_for(session, handler(session))
    session.commit()
    response = client.get(_photo_url(client, token), headers=bearer(token))
    assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg"
    assert response.headers["cache-control"] == "no-store"
    assert not Image.open(io.BytesIO(response.content)).getexif()
    reads = select(func.count()).where(AuditEntry.object_type == "feedback_photo")
    assert session.scalar(reads) == 1


def test_a_sensitive_items_photo_is_not_found_for_other_staff(client, session):
    client.post("/api/v1/feedback", json=payload("trafficking", photos=[_b64(_phone_photo())]))
    focal, worker = focal_point(session), handler(session)
    focal_token, worker_token = token_for(session, focal), token_for(session, worker)
    other_country = token_for(session, focal_point_elsewhere(session))
    session.commit()
    url = _photo_url(client, focal_token)
    assert client.get(url, headers=bearer(focal_token)).status_code == 200
    assert client.get(url, headers=bearer(worker_token)).status_code == 404
    assert client.get(url, headers=bearer(other_country)).status_code == 404
    assert client.get(url).status_code == 401


def focal_point_elsewhere(session):
    from passage.access import Role, ScopeType

    return make_user(
        session, Role.COMPLAINTS_FOCAL_POINT, scope_type=ScopeType.COUNTRY, scope_value="KEN"
    )


def test_the_form_without_script_sends_a_photo_shown_on_the_staff_page(client, session):
    token = csrf_from(client.get("/feedback").text)
    sent = client.post(
        "/feedback",
        data={"csrf_token": token, "category": "question", "message": "Is this water safe?"},
        files={"photos": ("IMG_0001.jpg", _phone_photo(), "image/jpeg")},
    )
    assert sent.status_code == 200
    photo = session.scalars(select(FeedbackPhoto)).one()
    user = handler(session)
    session.commit()
    web_login(client, user.email)
    page = client.get(f"/feedback/items/{photo.item_id}").text
    url = f"/feedback/items/{photo.item_id}/photos/{photo.id}"
    assert url in page
    shown = client.get(url)
    assert shown.status_code == 200 and b"PhoneMaker" not in shown.content


def test_the_form_shows_a_refused_photo_next_to_the_field(client, session):
    token = csrf_from(client.get("/feedback").text)
    sent = client.post(
        "/feedback",
        data={"csrf_token": token, "category": "question", "message": "Is this water safe?"},
        files={"photos": ("notes.txt", b"hello", "text/plain")},
    )
    assert sent.status_code == 422 and 'id="photos-error"' in sent.text


def _large_photo() -> bytes:
    """A 3-4 MB phone photo (noise does not compress)."""
    image = Image.frombytes("RGB", (1600, 1200), os.urandom(1600 * 1200 * 3))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=98)
    return out.getvalue()


def test_photos_of_a_few_megabytes_pass_the_body_limit_of_the_api_and_the_form(client, session):
    big = _large_photo()
    assert len(big) > 2 * 1024 * 1024
    sent = client.post("/api/v1/feedback", json=payload(photos=[_b64(big), _b64(big)]))
    assert sent.status_code == 201, sent.text[:200]
    token = csrf_from(client.get("/feedback").text)
    form = client.post(
        "/feedback",
        data={"csrf_token": token, "category": "question", "message": "Is this water safe?"},
        files=[("photos", ("a.jpg", big, "image/jpeg")), ("photos", ("b.jpg", big, "image/jpeg"))],
    )
    assert form.status_code == 200
    assert (session.scalar(select(func.count()).select_from(FeedbackPhoto)) or 0) == 4
