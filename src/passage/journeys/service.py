"""The journey check: load the destination's measures as recorded at `as_of`, decide, explain.

Reads only; never flushes. A snapshot of a destination's measures in force on a date, as the
record stood at a moment T, is cached per process: for an explicit `as_of` the key is
(country, date, as_of) and never changes (versions are immutable); without `as_of` the last
snapshot is reused for SNAPSHOT_SECONDS, then re-stamped to the current moment if the
country's record has not changed (one indexed count/max query) or read again. The answer
names the snapshot's moment T as `as_of`, so asking again with that `as_of` gives the same
answer.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from functools import lru_cache
from time import monotonic
from typing import Any

from sqlalchemy.orm import Session

from passage.errors import Invalid
from passage.geo import repository as geo_repository
from passage.journeys import engine, repository
from passage.journeys.certificates import CertificateCheck, check_certificate
from passage.journeys.messages import condition_label, decision_label, sentence
from passage.journeys.schemas import (
    JourneyCheck,
    TravellerIn,
)
from passage.kit.clock import as_utc, utcnow
from passage.kit.i18n import current_language, set_language
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


# ---------------------------------------------------------------- measures as the engine sees them


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
    )


def load_snapshot(session: Session, *, country: str, on: date, as_of: datetime) -> Snapshot:
    """Read the country's measures in force on a date as recorded at `as_of`."""
    versions = restrictions_repository.in_force(session, country=country, on=on, recorded=as_of)
    measures = [facts_of(version) for version in versions]
    count, latest = repository.measures_state(session, country=country, recorded=as_of)
    digest = hashlib.sha256(f"{country}|{count}|{latest}".encode()).hexdigest()[:16]
    prepared = engine.prepare(measures, min(on, as_of.date()))
    targets = engine.target_index(prepared)
    return Snapshot(
        country, on, as_of, monotonic(), prepared, f"m-{digest}", (count, latest), targets
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
    key = (_database_key(session), country, on, as_of)
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


def _database_key(session: Session) -> int:
    return id(session.get_bind().engine)


# ---------------------------------------------------------------- input checks


_COUNTRIES: dict[int, frozenset[str]] = {}  # database -> known ISO3 codes, refreshed on a miss


def _known_countries(session: Session, codes: set[str]) -> set[str]:
    """The codes among `codes` that are not known countries."""
    database = _database_key(session)
    known = _COUNTRIES.get(database, frozenset())
    if not codes <= known:
        known = frozenset(geo_repository.country_codes(session).values())
        _COUNTRIES[database] = known
    return codes - known


def _check_countries(session: Session, request: JourneyCheck) -> None:
    fields = {
        "traveller.nationalities": set(request.traveller.nationalities),
        "traveller.residence": {request.traveller.residence}
        if request.traveller.residence
        else set(),
        "itinerary.origin": {request.itinerary.origin},
        "itinerary.transits": {transit.country for transit in request.itinerary.transits},
        "itinerary.destination": {request.itinerary.destination},
    }
    for name, codes in fields.items():
        unknown = _known_countries(session, codes)
        if unknown:
            raise Invalid(f"unknown country code(s): {', '.join(sorted(unknown))}", field=name)


def _arrival_mode(session: Session, request: JourneyCheck) -> str | None:
    """The mode of arrival (air, land, sea) from the POE, or as given."""
    itinerary = request.itinerary
    if itinerary.poe_code is None:
        return itinerary.mode
    found = _poe_by_code(session, itinerary.poe_code)
    if found is None:
        raise Invalid(f"unknown point of entry {itinerary.poe_code}", field="itinerary.poe_code")
    kind, country = found
    if country != itinerary.destination:
        raise Invalid(
            f"point of entry {itinerary.poe_code} is in {country}, not in the destination",
            field="itinerary.poe_code",
        )
    mode = engine.POE_MODES.get(kind)
    if itinerary.mode and mode and itinerary.mode != mode:
        raise Invalid(
            f"point of entry {itinerary.poe_code} is not a {itinerary.mode} crossing",
            field="itinerary.mode",
        )
    return mode or itinerary.mode


_POES: dict[tuple[int, str], tuple[float, tuple[str, str]]] = {}  # (db, code) -> (read at, row)


def _poe_by_code(session: Session, code: str) -> tuple[str, str] | None:
    """A POE's (kind, country), kept for SNAPSHOT_SECONDS like the measures (unknown codes are
    always looked up again)."""
    key = (_database_key(session), code)
    cached = _POES.get(key)
    if cached is not None and monotonic() - cached[0] < SNAPSHOT_SECONDS:
        return cached[1]
    found = repository.poe_by_code(session, code)
    if found is not None:
        _POES[key] = (monotonic(), found)
    return found


def _as_of(request: JourneyCheck) -> datetime | None:
    """The requested recorded time (UTC), refused in the future; None for "now"."""
    if request.as_of is None:
        return None
    as_of = as_utc(request.as_of)
    if as_of > utcnow():
        raise Invalid(
            "as_of is in the future; answers are only reproducible up to now", field="as_of"
        )
    return as_of


# ---------------------------------------------------------------- traveller and itinerary


def traveller_of(data: TravellerIn, certificate: engine.Certificate | None) -> engine.Traveller:
    """The engine's view of the traveller."""
    vaccination = data.vaccination
    test = data.test
    return engine.Traveller(
        nationalities=frozenset(data.nationalities),
        residence=data.residence,
        exemptions=frozenset(data.exemptions),
        vaccination=engine.Vaccination(
            doses=vaccination.doses,
            total_doses=vaccination.total_doses,
            product=vaccination.product,
            last_dose_on=vaccination.date,
        )
        if vaccination
        else None,
        test=engine.LabTest(taken_at=test.taken_at, result=test.result, kind=test.type)
        if test
        else None,
        recovery=engine.Recovery(data.recovery.date) if data.recovery else None,
        certificate=certificate,
    )


def arrival_moment(on: date) -> datetime:
    """The moment used for certificate validity and rules: the arrival day, 12:00 UTC."""
    return datetime.combine(on, time(12, 0), tzinfo=UTC)


@contextmanager
def language_of(request: JourneyCheck) -> Iterator[str]:
    """Answer in the request's language (if it names one), then restore the current one."""
    previous = current_language()
    if request.language:
        set_language(request.language)
    try:
        yield current_language()
    finally:
        set_language(previous)


# ---------------------------------------------------------------- the check


def check_journey(
    *,
    session: Session,
    request: JourneyCheck,
    cache: SnapshotCache = SNAPSHOTS,
) -> dict[str, Any]:
    """Answer one journey question with its conditions, explanation and data version.

    The answer is a JSON-ready dict of the JourneyAnswer shape (built without validation:
    it is on the hot path)."""
    _check_countries(session, request)
    itinerary_in = request.itinerary
    mode = _arrival_mode(session, request)
    snapshot = snapshot_for(
        session,
        country=itinerary_in.destination,
        on=itinerary_in.arrival_date,
        as_of=_as_of(request),
        cache=cache,
    )
    certificate = _certificate(session, request)
    itinerary = engine.Itinerary(
        origin=itinerary_in.origin,
        destination=itinerary_in.destination,
        arrival=itinerary_in.arrival_date,
        transits=tuple(transit.country for transit in itinerary_in.transits),
        poe_code=itinerary_in.poe_code,
        mode=mode,
    )
    traveller = traveller_of(request.traveller, certificate.evidence if certificate else None)
    with language_of(request) as language:
        rendered = _decide(snapshot, traveller, itinerary, language)
        return _answer(request, snapshot, rendered, certificate, language)


def _decide(
    snapshot: Snapshot, traveller: engine.Traveller, itinerary: engine.Itinerary, language: str
) -> Rendered:
    """Decide and render; when no targeted measure concerns the traveller, every finding is
    shared, so travellers with the same profile get the same (memoised) answer."""
    key = None
    if not engine.concerned(snapshot.targets, traveller, itinerary):
        number = engine.profile_number(traveller, itinerary)
        key = None if number is None else (number, language)
    if key is not None and (found := snapshot.answers.get(key)) is not None:
        return found
    decision = engine.decide(snapshot.prepared, traveller, itinerary)
    pairs = [_render(snapshot, finding, language) for finding in decision.findings]
    rendered = Rendered(
        decision,
        [item for item, _ in pairs],
        [condition for _, condition in pairs if condition is not None],
    )
    if key is not None and len(snapshot.answers) < 4096:
        snapshot.answers[key] = rendered
    return rendered


def _certificate(session: Session, request: JourneyCheck) -> CertificateCheck | None:
    qr_text = request.traveller.certificate
    if not qr_text:
        return None
    return check_certificate(
        session=session,
        qr_text=qr_text,
        destination=request.itinerary.destination,
        at=arrival_moment(request.itinerary.arrival_date),
    )


# ---------------------------------------------------------------- the answer, in words


@lru_cache(maxsize=65536)
def _sentence(language: str, item: engine.Reason) -> str:
    return sentence(item)


def _static(measure: engine.MeasureFacts) -> dict[str, Any]:
    verified = measure.verified_on
    return {
        "measure_id": measure.measure_id,
        "version_id": measure.version_id,
        "measure_type": measure.measure_type,
        "title": measure.title,
        "sources": [_source(source) for source in measure.sources],
        "last_verified_on": verified.isoformat() if verified else None,
        "effective_from": _iso(measure.effective_from),
        "effective_until": _iso(measure.effective_until),
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _source(source: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": str(source.get("title") or ""),
        "url": source.get("url"),
        "publisher": source.get("publisher"),
    }


def _render(
    snapshot: Snapshot, finding: engine.Finding, language: str
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """A finding's explanation item and condition; shared findings are rendered once."""
    key = (language, id(finding))
    if finding.shared and (found := snapshot.rendered.get(key)) is not None:
        return found
    static = snapshot.static.get(finding.measure.version_id)
    if static is None:
        static = snapshot.static[finding.measure.version_id] = _static(finding.measure)
    item = {
        **static,
        "effect": finding.effect,
        "applies": finding.effect in (engine.APPLIES_REFUSE, engine.APPLIES_CONDITION),
        "reasons": [_sentence(language, reason) for reason in finding.reasons],
        "stale": finding.stale,
    }
    condition = _condition(finding.condition, language) if finding.condition else None
    if finding.shared and len(snapshot.rendered) < 20_000:
        snapshot.rendered[key] = (item, condition)
    return item, condition


def _condition(condition: engine.Condition, language: str) -> dict[str, Any]:
    return {
        "kind": condition.kind,
        "label": condition_label(condition.kind),
        "status": condition.status,
        "measure_id": condition.measure_id,
        "quarantine_days": condition.quarantine_days,
        "explanation": _sentence(language, condition.reason) if condition.reason else None,
    }


def _answer(
    request: JourneyCheck,
    snapshot: Snapshot,
    rendered: Rendered,
    certificate: CertificateCheck | None,
    language: str,
) -> dict[str, Any]:
    """The JSON-ready answer (its explanation items are shared: read them, never change them)."""
    version = snapshot.data_version
    if certificate and certificate.rules_version:
        version = f"{version}+{certificate.rules_version}"
    decision = rendered.decision
    notes = [_sentence(language, note) for note in decision.notes]
    if request.data_version and request.data_version != version:
        changed = engine.reason(
            "data_version_changed", requested=request.data_version, current=version
        )
        notes.append(_sentence(language, changed))
    return {
        "decision": decision.decision,
        "decision_label": decision_label(decision.decision),
        "destination": request.itinerary.destination,
        "arrival_date": request.itinerary.arrival_date.isoformat(),
        "conditions": rendered.conditions,
        "explanation": rendered.explanation,
        "rules": [rule.model_dump() for rule in certificate.rules] if certificate else [],
        "notes": notes,
        "certificate": certificate.summary.model_dump() if certificate else None,
        "data_version": version,
        "as_of": snapshot.as_of.isoformat(),
        "language": language,
    }
