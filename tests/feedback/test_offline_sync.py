"""Delivery from a device's queue when sends are cut at random: the algorithm of
static/js/feedback.js (an item leaves the queue only when the server answered 201 or refused it
for good) against the real API. Cut before the server (never arrived) or after it (stored, the
answer lost): every item is stored exactly once. The benchmark runs 10,000 items."""

from __future__ import annotations

import random
import uuid

from sqlalchemy import func, select

from passage.config import get_settings
from passage.feedback.models import FeedbackItem
from tests.feedback.helpers import payload

QUEUED = 300


def test_a_queue_delivered_through_random_cuts_loses_and_duplicates_nothing(
    client, session, monkeypatch
):
    # one device sending hundreds would be throttled (429: the device keeps the item and tries
    # later, tests/feedback/test_api.py); here the cuts are what is tested
    monkeypatch.setattr(get_settings(), "feedback_submissions_per_hour", 0)
    rng = random.Random(18)
    run = uuid.uuid4().hex[:8]
    queue = [payload(client_id=f"device-{run}-{n:05d}") for n in range(QUEUED)]
    ids = [item["client_id"] for item in queue]
    sends = cut_after = 0
    while queue:
        sends += 1
        roll = rng.random()
        if roll < 0.2:
            continue  # cut before the server
        response = client.post("/api/v1/feedback", json=queue[0])
        if roll < 0.4:
            cut_after += 1
            continue  # stored, but the answer was lost: the device sends it again
        assert response.status_code == 201
        queue.pop(0)
    assert cut_after > 20 and sends > QUEUED
    counts = dict(
        session.execute(
            select(FeedbackItem.client_id, func.count())
            .where(FeedbackItem.client_id.in_(ids))
            .group_by(FeedbackItem.client_id)
        ).all()
    )
    assert set(counts) == set(ids)
    assert set(counts.values()) == {1}
