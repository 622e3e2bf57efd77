"""Name search over the registry, tolerant of transliteration and typing errors: the alert-list
matching engine (`border.matching`) indexes every person's names.

One index per database and process, kept up to date incrementally: each search reads the
newest change time (one indexed MAX) and files again the persons changed since the index last
looked, with an overlap window so that a transaction that committed late is not missed. Hits
are always read back from the database within the reader's reach, so a person the index still
holds but the reader may not see (or that was rolled back) is never shown.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from passage.border.matching import AlertEntry, AlertIndex, AlertQuery, Candidate
from passage.protection.registry import repository

OVERLAP = timedelta(minutes=5)
_lock = threading.Lock()


@dataclass
class PersonIndex:
    """The name index of one database, and the newest change it has filed."""

    index: AlertIndex = field(default_factory=AlertIndex)
    filed_until: datetime | None = None


_indexes: dict[str, PersonIndex] = {}


def _entry(row: tuple[Any, ...]) -> AlertEntry:
    person_id, given, surname, others, birth, nationality, sex, documents, _ = row
    names = [f"{given} {surname}".strip(), *(others or [])]
    numbers = [doc.get("number") for doc in documents or [] if doc.get("number")]
    return AlertEntry(str(person_id), names, birth, nationality, sex, numbers)


def _refresh(session: Session, held: PersonIndex) -> None:
    newest = repository.newest_change(session)
    if newest is None or (held.filed_until is not None and newest <= held.filed_until):
        return
    since = held.filed_until - OVERLAP if held.filed_until is not None else None
    for row in repository.stream_names(session, since):
        held.index.add(_entry(row))
    held.filed_until = newest


def _held(session: Session) -> PersonIndex:
    """The index of the session's database, brought up to date (the lock is held)."""
    held = _indexes.setdefault(str(session.get_bind().engine.url), PersonIndex())
    _refresh(session, held)
    return held


def warm(session: Session) -> int:
    """Build or refresh the index now; the number of persons it holds."""
    with _lock:
        return len(_held(session).index)


def find(session: Session, query: AlertQuery, *, limit: int, threshold: float) -> list[Candidate]:
    """Candidates for a name query, best first (not yet checked against the reader's reach);
    searches and refreshes take turns, the index is never read while it changes."""
    with _lock:
        return _held(session).index.search(query, threshold=threshold, limit=limit, measure="name")


def forget(session: Session) -> None:
    """Drop the index of the session's database (tests, benchmarks)."""
    with _lock:
        _indexes.pop(str(session.get_bind().engine.url), None)
