"""Work queued until commit: savepoints drop only what they queued, whatever was queued before."""

from __future__ import annotations

import uuid

from passage.kit import pending


def test_a_queue_first_used_inside_a_rolled_back_savepoint_is_emptied(session):
    key = f"test-queue-{uuid.uuid4()}"  # never used before in this process
    savepoint = session.begin_nested()
    pending.queue(session, key, "inside")
    savepoint.rollback()
    pending.queue(session, key, "after")
    assert pending.take(session, key) == ["after"]


def test_a_released_savepoint_keeps_its_items_and_an_outer_rollback_drops_all(session):
    key = f"test-queue-{uuid.uuid4()}"
    pending.queue(session, key, "before")
    with session.begin_nested():
        pending.queue(session, key, "inside")
    assert session.info[key] == ["before", "inside"]
    session.rollback()
    assert pending.take(session, key) == []
