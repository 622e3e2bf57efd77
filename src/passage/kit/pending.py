"""Work a domain queues in a session until its transaction commits (audit entries, feed
entries): a rolled-back transaction drops all of it, a rolled-back savepoint only what was
queued inside that savepoint.

Each queue has one writer, run just before the commit in the order of its `rank` (the feed
before the audit trail, so the two heads are always locked in one order). Work queued under a
key that has no writer fails the commit instead of being dropped.

Some work must outlive the failure it records (a failed sign-in, a refused attempt): `durable`
does it in the transaction and, when that transaction or savepoint rolls back, keeps it to be
done again at the next commit; the transaction's owner commits once more after a rollback when
such work waits (`db.rollback`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from passage.db import AFTER_ROLLBACK_KEY

Work = Callable[[Session], None]
DURABLE_KEY = "pending_durable"

_queues: set[str] = set()
# key -> (rank, writer), run before commit by ascending rank.
_writers: dict[str, tuple[int, Callable[[Session], None]]] = {}
# How long each queue was when a savepoint began; forgotten with the savepoint itself.
_marks: WeakKeyDictionary[SessionTransaction, dict[str, int]] = WeakKeyDictionary()


def queue(session: Session, key: str, item: Any) -> None:
    """Add an item to the session's queue `key`."""
    _queues.add(key)
    session.info.setdefault(key, []).append(item)


def take(session: Session, key: str) -> list[Any]:
    """Remove and return everything queued under `key` (in order)."""
    return session.info.pop(key, [])


def durable(session: Session, work: Work) -> None:
    """Do `work` now, and again after a rollback of this transaction (or of the savepoint it
    was done in), so that what it records is committed even when the request fails."""
    work(session)
    queue(session, DURABLE_KEY, work)


def _settle_durable(session: Session) -> None:
    """At the outermost commit: redo the durable work that rolled back; the rest is kept."""
    if session.in_nested_transaction():
        return
    for work in session.info.pop(AFTER_ROLLBACK_KEY, []):
        durable(session, work)
    session.info.pop(DURABLE_KEY, None)


def register_writer(key: str, writer: Callable[[Session], None], *, rank: int) -> None:
    """Let `writer` write the queue `key` before each commit (lower ranks write first)."""
    _queues.add(key)
    _writers[key] = (rank, writer)


def _write_all(session: Session) -> None:
    """Run the writers in rank order; refuse to commit work that nobody would write."""
    orphans = [key for key in _queues if key not in _writers and session.info.get(key)]
    if orphans and not session.in_nested_transaction():  # a savepoint keeps them for later
        raise RuntimeError(f"work queued under {orphans} has no writer; is its domain installed?")
    for _rank, writer in sorted(_writers.values(), key=lambda item: item[0]):
        writer(session)


def _mark_savepoint(session: Session, transaction: SessionTransaction) -> None:
    """Remember how long each queue was when a savepoint began."""
    if transaction.nested:
        _marks[transaction] = {
            key: len(items) for key in _queues if (items := session.info.get(key))
        }


def _drop_rolled_back(session: Session, previous: SessionTransaction) -> None:
    """Forget what the rolled-back transaction or savepoint queued (a queue first used inside
    the savepoint was empty when it began)."""
    marks = _marks.pop(previous, {})
    for key in _queues:
        start = marks.get(key, 0) if previous.nested else 0
        dropped = session.info.get(key, [])[start:]
        if key in session.info:
            del session.info[key][start:]
        if key == DURABLE_KEY and dropped:
            session.info.setdefault(AFTER_ROLLBACK_KEY, []).extend(dropped)


register_writer(DURABLE_KEY, _settle_durable, rank=0)
event.listen(Session, "before_commit", _write_all)
event.listen(Session, "after_transaction_create", _mark_savepoint)
event.listen(Session, "after_soft_rollback", _drop_rolled_back)
