"""Work a domain queues in a session until its transaction commits (audit entries, feed
entries): a rolled-back transaction drops all of it, a rolled-back savepoint only what was
queued inside that savepoint."""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

_queues: set[str] = set()
# How long each queue was when a savepoint began; forgotten with the savepoint itself.
_marks: WeakKeyDictionary[SessionTransaction, dict[str, int]] = WeakKeyDictionary()


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
        _marks[transaction] = {
            key: len(items) for key in _queues if (items := session.info.get(key))
        }


def _drop_rolled_back(session: Session, previous: SessionTransaction) -> None:
    """Forget what the rolled-back transaction or savepoint queued (a queue first used inside
    the savepoint was empty when it began)."""
    marks = _marks.pop(previous, {})
    for key in _queues:
        if not previous.nested:
            session.info.pop(key, None)
        elif key in session.info:
            del session.info[key][marks.get(key, 0) :]


event.listen(Session, "after_transaction_create", _mark_savepoint)
event.listen(Session, "after_soft_rollback", _drop_rolled_back)
