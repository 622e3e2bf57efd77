"""The per-process screening indexes, rebuilt from the database when the alert lists change.

How a worker notices a change (see docs/border-alerts.md):
- a cheap marker (count, newest `updated_at` and sum of `version` over alert_lists,
  alert_persons and lost_documents, plus today's date for validity periods) is read at most
  every `refresh_seconds` (PASSAGE_SCREENING_REFRESH_SECONDS, default 5): other workers see a
  change within that time;
- in the process that made the change, the commit bumps a generation counter, so the next
  screening re-reads the marker at once;
- a transaction that changed the lists and has not committed screens against a private index
  kept on its session, never against the shared one (uncommitted data never leaks);
- one thread per worker reads the marker at a time; the others screen against the index they
  have meanwhile (a marker read scans the alert tables: with a million names it costs a
  PostgreSQL backend about a tenth of a second);
- for an index whose last build took more than `background_after_seconds` (a large list), the
  marker is read and the index rebuilt in a background thread while the current one keeps
  serving: registrations never wait for either. Removed and expired entries are filtered out
  at once all the same, because candidates are checked against the database before a hit is
  stored.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import Session

from passage.border.alerts import repository
from passage.border.matching import AlertEntry, AlertIndex, DocumentIndex, ListedDocument
from passage.kit import atrest
from passage.kit.clock import today

CHANGED_KEY = "alerts_changed"
PRIVATE_KEY = "alerts_private_indexes"
LOG = logging.getLogger(__name__)


class ScreeningSettings(BaseSettings):
    """Screening settings read from the environment (PASSAGE_SCREENING_*)."""

    model_config = SettingsConfigDict(env_prefix="PASSAGE_SCREENING_", extra="ignore")

    threshold: float = 0.5
    refresh_seconds: float = 5.0
    limit: int = 10
    background_after_seconds: float = 2.0


@dataclass
class ScreeningIndexes:
    """The name and document indexes of every valid entry of the active lists."""

    persons: AlertIndex
    documents: DocumentIndex
    marker: tuple[Any, ...]
    built_seconds: float
    lowest_list_threshold: float | None = None
    generation: int = 0
    checked_at: float = field(default_factory=time.monotonic)


def build_indexes(session: Session, marker: tuple[Any, ...], day: date) -> ScreeningIndexes:
    """Read the valid entries of the active lists and index them."""
    started = time.perf_counter()
    persons = AlertIndex.from_entries(
        AlertEntry(str(row_id), names or [], birth, nationality, gender, documents or [])
        for row_id, names, birth, nationality, gender, documents in (
            repository.stream_screenable_persons(session, day)
        )
    )
    documents = DocumentIndex.from_documents(
        ListedDocument(str(row_id), number, state)
        for row_id, number, state in repository.stream_screenable_documents(session, day)
    )
    lowest = repository.lowest_list_threshold(session)
    return ScreeningIndexes(persons, documents, marker, time.perf_counter() - started, lowest)


def _database_key(session: Session) -> str:
    """Which database a session reads (tests run SQLite and PostgreSQL in one process)."""
    return f"{id(_engine(session))}:{_engine(session).url}"


def _engine(session: Session) -> Engine:
    bind = session.get_bind()
    return bind.engine if isinstance(bind, Connection) else bind


class ScreeningCache:
    """Shared indexes per database, refreshed when the marker changes."""

    def __init__(self) -> None:
        self._indexes: dict[str, ScreeningIndexes] = {}
        self._lock = threading.Lock()  # held while the marker is read or an index built
        self._building: set[str] = set()  # databases rebuilt in the background right now
        self.generation = 0
        self.settings = ScreeningSettings()

    def reset(self) -> None:
        """Forget every index and re-read the settings."""
        with self._lock:
            self._indexes.clear()
            self.generation += 1
            self.settings = ScreeningSettings()

    def drop(self) -> None:
        """Forget every index now, without waiting for a build (a field node locked: the
        indexes hold decrypted entries; kit.atrest)."""
        self._indexes = {}
        self.generation += 1

    def invalidate(self) -> None:
        """Make the next screening re-read the marker (after a committed change)."""
        self.generation += 1

    def indexes(self, session: Session) -> ScreeningIndexes:
        """The indexes this session must screen against."""
        if session.info.get(CHANGED_KEY):
            return self._private(session)
        key = _database_key(session)
        cached = self._indexes.get(key)
        if cached and self._fresh(cached, time.monotonic()):
            return cached
        if cached is None:
            with self._lock:  # the first screening of a worker waits for its index
                return self._refresh(session, key)
        if not self._lock.acquire(blocking=False):
            return cached  # another thread is looking: screen against what we have
        try:
            return self._refresh(session, key)
        finally:
            self._lock.release()

    def _refresh(self, session: Session, key: str) -> ScreeningIndexes:
        """Read the marker and rebuild on a change (under the lock); for a slow index both
        happen in a background thread while the current index keeps serving."""
        cached = self._indexes.get(key)
        now, generation = time.monotonic(), self.generation
        if cached and (self._fresh(cached, now) or key in self._building):
            return cached
        if cached and cached.built_seconds > self.settings.background_after_seconds:
            self._building.add(key)
            cached.checked_at, cached.generation = now, generation
            threading.Thread(
                target=self._check_in_background,
                args=(_engine(session), key, cached.marker, generation),
                name="alert-index",
                daemon=True,
            ).start()
            return cached
        marker = (today(), *repository.change_marker(session))
        if cached and cached.marker == marker:
            cached.checked_at, cached.generation = now, generation
            return cached
        cached = build_indexes(session, marker, marker[0])
        cached.checked_at, cached.generation = now, generation
        self._indexes[key] = cached
        self._settle(cached)
        return cached

    def _settle(self, built: ScreeningIndexes) -> None:
        """Keep the cyclic garbage collector off a large index: a full collection would walk
        its hundreds of thousands of objects (about 0.2 s at a million names) now and then in
        the middle of a request. Garbage is collected first, then what lives is frozen."""
        if built.built_seconds > self.settings.background_after_seconds:
            gc.collect()
            gc.freeze()

    def _check_in_background(
        self, engine: Engine, key: str, known: tuple[Any, ...], generation: int
    ) -> None:
        """Read the marker in its own session; on a change build a fresh index and swap it in.

        Runs in a background thread; the marker read of a large list (a scan of the alert
        tables) then never delays a registration either."""
        try:
            with Session(bind=engine) as session:
                marker = (today(), *repository.change_marker(session))
                if marker == known:
                    return
                fresh = build_indexes(session, marker, marker[0])
            fresh.generation = generation
            self._indexes[key] = fresh
            self._settle(fresh)
        except Exception:  # the previous index keeps serving; the next check tries again
            LOG.exception("checking or rebuilding the alert index failed")
        finally:
            self._building.discard(key)

    def _fresh(self, cached: ScreeningIndexes, now: float) -> bool:
        """Whether the shared index may be used without reading the marker."""
        return (
            cached.generation == self.generation
            and now - cached.checked_at < self.settings.refresh_seconds
        )

    def _private(self, session: Session) -> ScreeningIndexes:
        """An index of what this uncommitted transaction sees, kept on the session."""
        marker = (today(), *repository.change_marker(session))
        private: ScreeningIndexes | None = session.info.get(PRIVATE_KEY)
        if private is None or private.marker != marker:
            private = build_indexes(session, marker, marker[0])
            session.info[PRIVATE_KEY] = private
        return private


CACHE = ScreeningCache()
atrest.on_lock(CACHE.drop)


def mark_changed(session: Session) -> None:
    """Note that this transaction changed the alert lists (call after every change)."""
    session.info[CHANGED_KEY] = True
    session.info.pop(PRIVATE_KEY, None)


def _after_transaction(session: Session, *_args: Any) -> None:
    """A committed or abandoned change: the shared index must look again."""
    if session.info.pop(CHANGED_KEY, None):
        session.info.pop(PRIVATE_KEY, None)
        CACHE.invalidate()


event.listen(Session, "after_commit", _after_transaction)
event.listen(Session, "after_rollback", _after_transaction)


def person_id(entry_id: str) -> uuid.UUID:
    """The AlertPerson id behind an index entry id."""
    return uuid.UUID(entry_id)
