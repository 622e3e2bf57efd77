"""The lean public intake (one INSERT that does nothing when the device id is taken): what it
stores and captures is what the unit of work would, a taken staff reference is drawn again, and
a resend is answered as a duplicate even when the source is throttled or its photos are bad."""

from __future__ import annotations

from sqlalchemy import func, select

from passage.config import get_settings
from passage.feedback import service
from passage.feedback.models import FeedbackItem
from passage.feedback.schemas import FeedbackSubmit
from passage.kit import travel
from passage.protection import codes
from tests.feedback.helpers import payload


def _stored(session, client_id: str) -> FeedbackItem:
    item = session.scalar(select(FeedbackItem).where(FeedbackItem.client_id == client_id))
    assert item is not None
    return item


def test_a_public_submission_is_captured_for_the_field_outbox_as_a_flush_would(
    session, monkeypatch
):
    monkeypatch.setitem(travel._up, FeedbackItem.__tablename__, FeedbackItem)
    data = FeedbackSubmit.model_validate(payload(latitude=2.04567, longitude=45.3189))
    receipt = service.submit(session=session, data=data, source=service.Source("10.0.0.1"))
    captured = [
        change
        for change in session.info.get(travel.CHANGES_KEY, [])
        if change.table == FeedbackItem.__tablename__
    ]
    item = _stored(session, data.client_id)
    assert receipt.duplicate is False and receipt.status == item.status == "received"
    assert item.version == 1 and item.latitude == 2.046 and item.reference.startswith("F-")
    assert captured == [travel._inserted(item)]  # every column, as the unit of work captures


def test_a_taken_staff_reference_is_drawn_again(client, session, monkeypatch):
    first = client.post("/api/v1/feedback", json=payload())
    taken = _stored(session, payload_id := first.json()["client_id"]).reference
    drawn = iter([taken])
    real = codes.reference
    monkeypatch.setattr(codes, "reference", lambda *a: next(drawn, None) or real(*a))
    second = client.post("/api/v1/feedback", json=payload())
    assert second.status_code == 201 and second.json()["duplicate"] is False
    other = _stored(session, second.json()["client_id"])
    assert other.reference != taken and other.client_id != payload_id


def test_a_resend_is_a_duplicate_even_when_throttled_or_its_photos_are_bad(
    client, session, monkeypatch
):
    body = payload()
    assert client.post("/api/v1/feedback", json=body).status_code == 201
    monkeypatch.setattr(get_settings(), "feedback_submissions_per_hour", 1)
    again = client.post("/api/v1/feedback", json=body | {"photos": ["not base64!"]})
    assert again.status_code == 201 and again.json()["duplicate"] is True
    refused = client.post("/api/v1/feedback", json=payload(photos=["not base64!"]))
    assert refused.status_code == 429  # a new item over the limit: refused, nothing kept
    count = select(func.count()).select_from(FeedbackItem)
    assert session.scalar(count.where(FeedbackItem.client_id == body["client_id"])) == 1
