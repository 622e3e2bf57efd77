"""The journey check: check the question, take the destination's snapshot of measures as
recorded at `as_of`, decide, and explain. Reads only; never flushes. The answer names the
snapshot's moment T as `as_of`, so asking again with that `as_of` gives the same answer
(snapshots.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from time import monotonic
from typing import Any

from sqlalchemy.orm import Session

from passage.errors import Invalid
from passage.geo import repository as geo_repository
from passage.journeys import engine, repository
from passage.journeys.answers import answer, decide_and_render
from passage.journeys.certificates import CertificateCheck, check_certificate
from passage.journeys.schemas import (
    JourneyCheck,
    TravellerIn,
)
from passage.journeys.snapshots import (
    SNAPSHOT_SECONDS,
    SNAPSHOTS,
    SnapshotCache,
    database_key,
    snapshot_for,
)
from passage.kit.clock import as_utc, utcnow
from passage.kit.i18n import current_language, set_language

# ---------------------------------------------------------------- input checks


_COUNTRIES: dict[int, frozenset[str]] = {}  # database -> known ISO3 codes, refreshed on a miss


def _known_countries(session: Session, codes: set[str]) -> set[str]:
    """The codes among `codes` that are not known countries."""
    database = database_key(session)
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
            raise Invalid(
                "unknown country code(s): %(codes)s",
                params={"codes": ", ".join(sorted(unknown))},
                field=name,
            )


def _arrival_mode(session: Session, request: JourneyCheck) -> str | None:
    """The mode of arrival (air, land, sea) from the POE, or as given."""
    itinerary = request.itinerary
    if itinerary.poe_code is None:
        return itinerary.mode
    found = _poe_by_code(session, itinerary.poe_code)
    if found is None:
        raise Invalid(
            "unknown point of entry %(poe_code)s",
            params={"poe_code": itinerary.poe_code},
            field="itinerary.poe_code",
        )
    kind, country = found
    if country != itinerary.destination:
        raise Invalid(
            "point of entry %(poe_code)s is in %(country)s, not in the destination",
            params={"poe_code": itinerary.poe_code, "country": country},
            field="itinerary.poe_code",
        )
    mode = engine.POE_MODES.get(kind)
    if itinerary.mode and mode and itinerary.mode != mode:
        raise Invalid(
            "point of entry %(poe_code)s is not a %(mode)s crossing",
            params={"poe_code": itinerary.poe_code, "mode": itinerary.mode},
            field="itinerary.mode",
        )
    return mode or itinerary.mode


_POES: dict[tuple[int, str], tuple[float, tuple[str, str]]] = {}  # (db, code) -> (read at, row)


def _poe_by_code(session: Session, code: str) -> tuple[str, str] | None:
    """A POE's (kind, country), kept for SNAPSHOT_SECONDS like the measures (unknown codes are
    always looked up again)."""
    key = (database_key(session), code)
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
    as_of = _as_of(request)
    snapshot = snapshot_for(
        session,
        country=itinerary_in.destination,
        on=itinerary_in.arrival_date,
        as_of=as_of,
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
    on_the_way = _transit_notes(session, request, traveller, (as_of, mode), cache)
    with language_of(request) as language:
        rendered = decide_and_render(snapshot, traveller, itinerary, language)
        return answer(request, snapshot, rendered, certificate, language, on_the_way)


def _transit_notes(
    session: Session,
    request: JourneyCheck,
    traveller: engine.Traveller,
    moment: tuple[datetime | None, str | None],
    cache: SnapshotCache,
) -> tuple[engine.Reason, ...]:
    """What each transit country's own measures say about this traveller passing through
    (`moment`: the recorded time asked for, and the mode of travel)."""
    as_of, mode = moment
    itinerary_in = request.itinerary
    notes: list[engine.Reason] = []
    previous = itinerary_in.origin
    for transit in itinerary_in.transits:
        on = transit.date or itinerary_in.arrival_date
        if transit.country not in (itinerary_in.destination, previous):
            there = snapshot_for(session, country=transit.country, on=on, as_of=as_of, cache=cache)
            stop = engine.Itinerary(
                origin=previous, destination=transit.country, arrival=on, mode=mode
            )
            notes += engine.transit_notes(there.refusing, traveller, stop)
        previous = transit.country
    return tuple(notes)


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
