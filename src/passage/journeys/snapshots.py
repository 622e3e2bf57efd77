"""Snapshots of a destination's measures for the journey check, cached per process.

A snapshot holds a destination's measures in force on a date, as the record stood at a moment
T, prepared for the engine. For an explicit `as_of` the key is (country, date, as_of) and never
changes (versions are immutable); without `as_of` the last snapshot is reused for
SNAPSHOT_SECONDS, then re-stamped to the current moment if the country's record has not changed
(one indexed count/max query) or read again. A snapshot also memoises rendered answers.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from time import monotonic
from typing import Any

from sqlalchemy.orm import Session

from passage.journeys import engine, repository
from passage.kit.clock import as_utc, utcnow
from passage.restrictions import repository as restrictions_repository
from passage.restrictions.models import MeasureVersion

CACHE_SIZE = 4096
SNAPSHOT_SECONDS = 10.0


@dataclass(frozen=True)
class Rendered:
    """A decision with its explanation and conditions in one language (shared: read only)."""

    decision: engine.Decision
    explanation: list[dict[str, Any]]
    conditions: list[dict[str, Any]]


@dataclass
class Snapshot:
    """A destination's measures in force on a date, as recorded at `as_of`, ready to decide."""

    country: str
    on: date
    as_of: datetime
    taken: float
    prepared: tuple[engine.Prepared, ...]
    data_version: str
    state: tuple[int, str]
    targets: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    refusing: tuple[engine.Prepared, ...] = ()  # the measures that may stop a transit passenger
    answers: dict[tuple[int, str], Rendered] = field(default_factory=dict)
    static: dict[str, dict[str, Any]] = field(default_factory=dict)
    rendered: dict[tuple[str, int], tuple[dict[str, Any], dict[str, Any] | None]] = field(
        default_factory=dict
    )


class SnapshotCache:
    """A bounded LRU of snapshots, safe to share between threads."""

    def __init__(self, size: int = CACHE_SIZE, seconds: float = SNAPSHOT_SECONDS) -> None:
        self.size, self.seconds = size, seconds
        self._items: OrderedDict[tuple[Any, ...], Snapshot] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> Snapshot | None:
        """The cached snapshot, or None."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[Any, ...], value: Snapshot) -> None:
        """Remember a snapshot, dropping the least recently used beyond the size."""
        with self._lock:
            self._items[key] = value
            if len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget everything (tests; after bulk loads)."""
        with self._lock:
            self._items.clear()


SNAPSHOTS = SnapshotCache()


def facts_of(version: MeasureVersion) -> engine.MeasureFacts:
    """The engine's view of a measure version."""
    return engine.MeasureFacts(
        version_id=str(version.id),
        measure_id=str(version.measure_id),
        measure_type=version.measure_type,
        title=version.title,
        nationalities=frozenset(version.nationalities or ()),
        origins=frozenset(version.origins or ()),
        transits=frozenset(version.transits or ()),
        residence=frozenset(version.residence or ()),
        poe_scope=version.poe_scope or "all",
        poe_codes=frozenset(code.upper() for code in version.poe_codes or ()),
        exemptions=frozenset(version.exemptions or ()),
        quarantine_days=version.quarantine_days,
        sources=tuple(source for source in version.sources or () if isinstance(source, dict)),
        last_verified_on=version.last_verified_on,
        recorded_on=as_utc(version.recorded_at).date() if version.recorded_at else None,
        effective_from=version.effective_from,
        effective_until=version.effective_until,
        explicit_level=version.explicit_level,
    )


def load_snapshot(session: Session, *, country: str, on: date, as_of: datetime) -> Snapshot:
    """Read the country's measures in force on a date as recorded at `as_of`."""
    versions = restrictions_repository.in_force(session, country=country, on=on, recorded=as_of)
    measures = [facts_of(version) for version in versions]
    count, latest = repository.measures_state(session, country=country, recorded=as_of)
    digest = hashlib.sha256(f"{country}|{count}|{latest}".encode()).hexdigest()[:16]
    prepared = engine.prepare(measures, min(on, as_of.date()))
    targets = engine.target_index(prepared)
    refusing = tuple(p for p in prepared if p.measure.measure_type in engine.REFUSING_TYPES)
    return Snapshot(
        country, on, as_of, monotonic(), prepared, f"m-{digest}", (count, latest), targets, refusing
    )


def snapshot_for(
    session: Session,
    *,
    country: str,
    on: date,
    as_of: datetime | None,
    cache: SnapshotCache = SNAPSHOTS,
) -> Snapshot:
    """The snapshot to answer from: exact for an explicit `as_of`, else at most a moment old."""
    key = (database_key(session), country, on, as_of)
    found = cache.get(key)
    if found is not None and (as_of is not None or monotonic() - found.taken < cache.seconds):
        return found
    now = as_of or utcnow()
    if found is not None:
        state = repository.measures_state(session, country=country, recorded=now)
        if state == found.state:  # nothing recorded since: the same measures, as of now
            snapshot = replace(found, as_of=now, taken=monotonic())
            cache.put(key, snapshot)
            return snapshot
    snapshot = load_snapshot(session, country=country, on=on, as_of=now)
    cache.put(key, snapshot)
    return snapshot


def database_key(session: Session) -> int:
    """Which database a session reads (caches are kept per database)."""
    return id(session.get_bind().engine)
