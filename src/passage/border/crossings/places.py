"""Points of entry as registration needs them, kept per process for a few seconds.

Every registration needs its POE (for the scope check and the journey check). POEs change
rarely, so each worker keeps what it read for `POE_SECONDS` (the journey check keeps in-force
measures for as long). A change committed in this process clears the cache at once; other
workers see it within `POE_SECONDS`.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from passage.geo import repository as geo_repository
from passage.geo.models import PointOfEntry

POE_SECONDS = 10.0
CHANGED_KEY = "points_of_entry_changed"


@dataclass(frozen=True)
class PoeView:
    """What registration reads of a point of entry (safe to share between requests)."""

    id: uuid.UUID
    code: str
    name: str
    kind: str
    country_iso3: str


class PoeCache:
    """Point-of-entry views by database and id, each kept for `seconds`."""

    def __init__(self, seconds: float = POE_SECONDS) -> None:
        self.seconds = seconds
        self._items: dict[tuple[int, uuid.UUID], tuple[float, PoeView]] = {}
        self._lock = threading.Lock()

    def get(self, session: Session, poe_id: uuid.UUID) -> PoeView | None:
        """The POE (None when unknown), read from the database at most every `seconds`."""
        key = (id(session.get_bind().engine), poe_id)
        found = self._items.get(key)
        private = session.info.get(CHANGED_KEY)  # uncommitted POE edits are never shared
        if found is not None and not private and time.monotonic() - found[0] < self.seconds:
            return found[1]
        poe = geo_repository.get_poe(session, poe_id)
        if poe is None:
            return None
        view = PoeView(poe.id, poe.code, poe.name, poe.kind, poe.country_iso3)
        if not private:
            with self._lock:
                self._items[key] = (time.monotonic(), view)
        return view

    def clear(self) -> None:
        """Forget every POE (after a committed change, and in tests)."""
        with self._lock:
            self._items.clear()


POES = PoeCache()


def _note_changes(session: Session, *_args: Any) -> None:
    """Remember that this transaction changed or deleted a point of entry (new ones are read
    from the database anyway)."""
    if any(isinstance(item, PointOfEntry) for item in (*session.dirty, *session.deleted)):
        session.info[CHANGED_KEY] = True


def _after_transaction(session: Session, *_args: Any) -> None:
    """A committed or abandoned POE change: read every POE afresh."""
    if session.info.pop(CHANGED_KEY, None):
        POES.clear()


event.listen(Session, "before_flush", _note_changes)
event.listen(Session, "after_commit", _after_transaction)
event.listen(Session, "after_rollback", _after_transaction)
