"""Work queued until commit: savepoints drop only what they queued, whatever was queued before."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from passage.db import rollback
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


def _recorder(key: str, written: list[str]):
    """Durable work that writes a row and queues one item under `key`, and a writer that
    collects the items."""
    pending.register_writer(key, lambda s: written.extend(pending.take(s, key)), rank=50)

    def work(label: str):
        def do(session):
            session.execute(text("SELECT 1"))  # work touches the database: a transaction begins
            pending.queue(session, key, label)

        return do

    return work


def test_durable_work_is_done_again_after_a_rollback(session):
    written: list[str] = []
    work = _recorder(f"durable-{uuid.uuid4()}", written)
    pending.durable(session, work("failure"))
    pending.queue(session, "ignored-by-rollback", "x")  # ordinary work: dropped
    rollback(session)
    assert written == ["failure"]
    session.commit()
    assert written == ["failure"]  # done once, not again at the next commit


def test_durable_work_of_a_rolled_back_savepoint_is_kept_for_the_outer_commit(session):
    written: list[str] = []
    work = _recorder(f"durable-{uuid.uuid4()}", written)
    savepoint = session.begin_nested()
    pending.durable(session, work("refused"))
    savepoint.rollback()
    session.commit()
    assert written == ["refused"]


def test_durable_work_in_a_committed_transaction_is_done_once(session):
    written: list[str] = []
    work = _recorder(f"durable-{uuid.uuid4()}", written)
    pending.durable(session, work("ok"))
    with session.begin_nested():
        pass
    session.commit()
    rollback(session)
    session.commit()
    assert written == ["ok"]
