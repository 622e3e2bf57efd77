"""Work a domain queues in a session until its transaction commits (audit entries, feed
entries): a rolled-back transaction drops all of it, a rolled-back savepoint only what was
queued inside that savepoint."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

MARKS_KEY = "pending_savepoint_marks"
_queues: set[str] = set()


def queue(session: Session, key: str, item: Any) -> None:
    """Add an item to the session's queue `key`."""
    _queues.add(key)
    session.info.setdefault(key, []).append(item)


def take(session: Session, key: str) -> list[Any]:
    """Remove and return everything queued under `key` (in order)."""
    return session.info.pop(key, [])


def _mark_savepoint(session: Session, transaction: SessionTransaction) -> None:
    """Remember how long each queue was when a savepoint began."""
    if transaction.nested:
        marks = session.info.setdefault(MARKS_KEY, {})
        marks[id(transaction)] = {key: len(session.info.get(key, [])) for key in _queues}


def _drop_rolled_back(session: Session, previous: SessionTransaction) -> None:
    """Forget what the rolled-back transaction or savepoint queued."""
    marks = session.info.get(MARKS_KEY, {}).pop(id(previous), None)
    if not previous.nested:
        for key in _queues:
            session.info.pop(key, None)
        session.info.pop(MARKS_KEY, None)
        return
    for key, length in (marks or {}).items():
        if key in session.info:
            del session.info[key][length:]


event.listen(Session, "after_transaction_create", _mark_savepoint)
event.listen(Session, "after_soft_rollback", _drop_rolled_back)
