"""Work queued until commit: savepoints drop only what they queued, whatever was queued before."""

from __future__ import annotations

import uuid

import pytest

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


def test_work_that_no_writer_would_write_fails_the_commit(session):
    key = f"test-queue-{uuid.uuid4()}"
    pending.queue(session, key, "unwritten")
    with pytest.raises(RuntimeError, match="has no writer"):
        session.commit()


def test_writers_run_before_commit_in_the_order_of_their_rank(session):
    order: list[str] = []
    late, early = f"late-{uuid.uuid4()}", f"early-{uuid.uuid4()}"
    pending.register_writer(
        late, lambda s: order.append("late") if pending.take(s, late) else None, rank=99
    )
    pending.register_writer(
        early, lambda s: order.append("early") if pending.take(s, early) else None, rank=1
    )
    pending.queue(session, late, 1)
    pending.queue(session, early, 1)
    session.commit()
    assert order == ["early", "late"]
