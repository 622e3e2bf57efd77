"""Point-of-entry operations: register crossings, link travellers, record decisions, queries.

Services flush, never commit. Every read of a record about a person is audited, with ids and
counts only (never names or document numbers).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from passage.access import Principal, can, poe_scope
from passage.border import mrz, repository
from passage.border.models import Crossing, TravelDocument, Traveller
from passage.border.places import POES, PoeView
from passage.border.schemas import CrossingCreate, DecisionCreate
from passage.errors import Conflict, Invalid, NotFound
from passage.geo import repository as geo_repository
from passage.geo import service as geo_service
from passage.geo.models import PointOfEntry
from passage.kit import audit
from passage.kit.clock import as_utc, utcnow
from passage.kit.ids import uuid7
from passage.kit.repository import check_version
from passage.names.transliteration import transliterate

PURPOSE = "border control"
ADMISSIONS = frozenset({"admitted", "admitted_with_conditions"})
TRAVELLER_FIELDS = (
    "surname",
    "given_names",
    "sex",
    "birth_date",
    "birth_date_text",
    "nationality",
    "residence_iso3",
    "phone",
    "address",
    "emergency_contact",
)


# ---------------------------------------------------------------- scope


def require_poe_view(
    session: Session, poe_id: uuid.UUID, actor: Principal, permission: str
) -> PoeView:
    """Like `geo.service.require_poe_in_scope`, from the per-process POE cache (see `places`)."""
    return geo_service.check_poe_in_scope(POES.get(session, poe_id), actor, permission)


# ---------------------------------------------------------------- identity from MRZ and form


@dataclass
class Identity:
    """Who the traveller is and which document they hold, after merging MRZ and typed data."""

    surname: str
    given_names: str = ""
    sex: str | None = None
    birth_date: date | None = None
    birth_date_text: str | None = None
    nationality: str | None = None
    document_code: str | None = None
    document_number: str | None = None
    issuing_state: str | None = None
    expiry_date: date | None = None
    mrz_format: str | None = None

    @property
    def has_document(self) -> bool:
        """Whether the document is identified (state, code and number)."""
        return bool(self.document_code and self.document_number and self.issuing_state)


def read_mrz(text: str) -> dict[str, Any]:
    """The MRZ's fields and format, or 422 naming the unreadable part or the failed checks."""
    try:
        result = mrz.parse(text)
    except mrz.MRZUnreadable as error:
        raise Invalid(f"the MRZ cannot be read: {error}", field="mrz") from None
    if not result.valid:
        failed = sorted(name for name, check in result.checks.items() if not check.valid)
        detail = "; ".join(result.errors)
        raise Invalid(
            f"the MRZ is not valid: {detail}",
            field="mrz",
            context={"failed_checks": failed, "errors": list(result.errors)},
        )
    return {"format": result.format, **result.fields}


def _mrz_date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None


def identity_from(data: CrossingCreate) -> Identity:
    """Merge the MRZ (if any) with the typed fields, which complete or override it."""
    fields = read_mrz(data.mrz) if data.mrz else {}
    identity = Identity(
        surname=fields.get("surname") or "",
        given_names=fields.get("given_names") or "",
        sex=fields.get("sex"),
        birth_date=_mrz_date(fields.get("birth_date")),
        birth_date_text=fields.get("birth_date_partial"),
        nationality=fields.get("nationality"),
        document_code=fields.get("document_code"),
        document_number=fields.get("document_number"),
        issuing_state=fields.get("issuing_state"),
        expiry_date=_mrz_date(fields.get("expiry_date")),
        mrz_format=fields.get("format"),
    )
    typed: dict[str, Any] = {}
    if data.traveller:
        typed |= data.traveller.model_dump(exclude_none=True, include=set(Identity.__annotations__))
    if data.document:
        typed |= data.document.model_dump(exclude_none=True)
    for name, value in typed.items():
        setattr(identity, name, value)
    if "birth_date" in typed:
        identity.birth_date_text = identity.birth_date.isoformat() if identity.birth_date else None
    if not identity.surname.strip():
        raise Invalid("the traveller's surname is missing", field="traveller.surname")
    if identity.document_number and not identity.has_document:
        raise Invalid(
            "a document needs its issuing state, type and number", field="document.issuing_state"
        )
    return identity


def name_key(surname: str, given_names: str) -> str:
    """The normalised name used to recognise a traveller: ICAO Latin letters, no separators."""
    return f"{_letters(surname)}<<{_letters(given_names)}"


def _letters(name: str) -> str:
    return re.sub(r"[^A-Z]", "", transliterate(name))


# ---------------------------------------------------------------- finding or creating the traveller


def _traveller_values(identity: Identity, data: CrossingCreate) -> dict[str, Any]:
    """Traveller columns known from this registration (unknown ones are left as they are)."""
    values: dict[str, Any] = {
        "surname": identity.surname,
        "given_names": identity.given_names,
        "sex": identity.sex,
        "birth_date": identity.birth_date,
        "birth_date_text": identity.birth_date_text,
        "nationality": identity.nationality,
    }
    if data.traveller:
        values |= data.traveller.model_dump(
            exclude_none=True, include={"residence_iso3", "phone", "address", "emergency_contact"}
        )
    return {name: value for name, value in values.items() if value not in (None, "")}


def _update_traveller(traveller: Traveller, values: dict[str, Any]) -> None:
    """Keep the traveller's details up to date (no UPDATE when nothing changed)."""
    for name, value in values.items():
        if getattr(traveller, name) != value:
            setattr(traveller, name, value)
    traveller.name_key = name_key(traveller.surname, traveller.given_names)


def find_or_create_party(
    session: Session, identity: Identity, data: CrossingCreate
) -> tuple[Traveller, TravelDocument | None, bool]:
    """The traveller (by document, else by name, birth date and nationality) and document."""
    values = _traveller_values(identity, data)
    found = None
    if identity.has_document:
        found = repository.document_with_traveller(
            session,
            issuing_state=identity.issuing_state or "",
            document_code=identity.document_code or "",
            document_number=identity.document_number or "",
        )
    if found:
        document, traveller = found
        _update_traveller(traveller, values)
        if identity.expiry_date and document.expiry_date != identity.expiry_date:
            document.expiry_date = identity.expiry_date
        return traveller, document, False
    key = name_key(identity.surname, identity.given_names)
    traveller_or_none = repository.traveller_by_identity(
        session,
        name_key=key,
        birth_date=identity.birth_date,
        birth_date_text=identity.birth_date_text,
        nationality=identity.nationality,
    )
    created = traveller_or_none is None
    if traveller_or_none is None:
        traveller = Traveller(id=uuid7(), name_key=key, **values)
        session.add(traveller)
        session.flush()  # the tables have no relationships: insert in foreign-key order
    else:
        traveller = traveller_or_none
        _update_traveller(traveller, values)
    return traveller, _new_document(session, identity, traveller), created


def _new_document(
    session: Session, identity: Identity, traveller: Traveller
) -> TravelDocument | None:
    if not identity.has_document:
        return None
    document = TravelDocument(
        id=uuid7(),
        traveller_id=traveller.id,
        document_code=identity.document_code,
        document_number=identity.document_number,
        issuing_state=identity.issuing_state,
        expiry_date=identity.expiry_date,
        mrz_format=identity.mrz_format,
    )
    session.add(document)
    _flush(session)
    return document


# ---------------------------------------------------------------- adapters to other domains


def journey_summary(
    session: Session, *, crossing: Crossing, traveller: Traveller, poe: PointOfEntry | PoeView
) -> dict[str, Any]:
    """The journey check for this traveller at this POE on this day, as a short summary.

    The one adapter to passage.journeys; any failure is stored as UNKNOWN, never raised.
    """
    from passage.journeys import service as journeys
    from passage.journeys.schemas import JourneyCheck

    try:
        request = JourneyCheck.model_validate(
            {
                "traveller": {
                    "nationalities": [traveller.nationality or "XXX"],
                    "residence": traveller.residence_iso3,
                    "birth_date": traveller.birth_date,
                    "purpose": crossing.purpose,
                },
                "itinerary": {
                    "origin": crossing.origin_iso3 or traveller.nationality,
                    "transits": crossing.transits,
                    "destination": poe.country_iso3,
                    "poe_code": poe.code,
                    "arrival_date": crossing.occurred_at.date(),
                },
            }
        )
        answer = journeys.check_journey(session=session, request=request)
    except Exception as error:  # never blocks a registration; the officer sees why
        return {"decision": "UNKNOWN", "error": _error_text(error)}
    return _summary(answer)


def _summary(answer: dict[str, Any]) -> dict[str, Any]:
    """What the crossing keeps of a journey answer: decision, conditions, applying measures."""
    return {
        "decision": answer.get("decision", "UNKNOWN"),
        "decision_label": answer.get("decision_label"),
        "conditions": [
            {key: item.get(key) for key in ("kind", "label", "status")}
            for item in answer.get("conditions", [])
        ],
        "measures": [
            {key: item.get(key) for key in ("title", "effect", "reasons")}
            for item in answer.get("explanation", [])
            if item.get("applies")
        ],
        "notes": list(answer.get("notes", [])),
        "data_version": answer.get("data_version"),
        "as_of": str(answer.get("as_of")),
    }


def _error_text(error: Exception) -> str:
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return str(message)[:300]


def screen_and_store(
    session: Session, *, crossing: Crossing, traveller: Traveller, document: TravelDocument | None
) -> None:
    """Screen a new crossing against the alert lists, store it, then its hits (the alerts
    domain makes them; the tables have no relationships to order the inserts)."""
    from passage.border.alerts import screening

    matches = screening.screen_new_crossing(
        session=session, crossing=crossing, traveller=traveller, document=document
    )
    session.add(crossing)
    _flush(session)
    screening.store_new_hits(session, crossing, matches)


# ---------------------------------------------------------------- registration


def register_crossing(*, session: Session, data: CrossingCreate, actor: Principal) -> Crossing:
    """Register an entry or exit: identify the traveller, link, screen, check the journey."""
    poe = require_poe_view(session, data.poe_id, actor, "border.operate")
    identity = identity_from(data)
    traveller, document, created = find_or_create_party(session, identity, data)
    occurred_at = as_utc(data.occurred_at) if data.occurred_at else utcnow()
    crossing = Crossing(
        id=uuid7(),
        poe_id=poe.id,
        direction=data.direction,
        occurred_at=occurred_at,
        traveller_id=traveller.id,
        document_id=document.id if document else None,
        officer_id=actor.user_id,
        transits=[transit.model_dump(mode="json") for transit in data.transits],
        screening_status="clear",
        **data.model_dump(include=TRAVEL_FIELDS),
    )
    if data.direction == "exit" and not created:
        entry = repository.open_entry(session, traveller.id, occurred_at)
        crossing.linked_entry_id = entry.id if entry else None
    if data.direction == "entry" and data.run_journey_check:
        crossing.journey_check = journey_summary(
            session, crossing=crossing, traveller=traveller, poe=poe
        )
    screen_and_store(session, crossing=crossing, traveller=traveller, document=document)
    _audit_registration(session, crossing, identity, created)
    return crossing


TRAVEL_FIELDS = {
    "carrier",
    "transport_number",
    "seat",
    "origin_iso3",
    "final_destination_iso3",
    "purpose",
    "address_during_stay",
    "allowed_stay_days",
}


def _flush(session: Session) -> None:
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(
            "this document was registered at the same moment by another officer; try again"
        ) from None


def _audit_registration(
    session: Session, crossing: Crossing, identity: Identity, created: bool
) -> None:
    audit.record(
        session,
        action="create",
        object_type="crossing",
        object_id=crossing.id,
        purpose=PURPOSE,
        details={
            "poe_id": str(crossing.poe_id),
            "direction": crossing.direction,
            "source": "mrz" if identity.mrz_format else "typed",
            "traveller_created": created,
            "linked_entry": crossing.linked_entry_id is not None,
        },
    )


# ---------------------------------------------------------------- decision


def record_decision(
    *, session: Session, crossing_id: uuid.UUID, data: DecisionCreate, actor: Principal
) -> Crossing:
    """Record the officer's decision; admitting while alert hits are open is refused (409)."""
    crossing = repository.get_crossing(session, crossing_id)
    if crossing is None:
        raise NotFound("no such crossing")
    poe = geo_service.require_poe_in_scope(session, crossing.poe_id, actor, "border.operate")
    check_version(crossing, data.version)
    if data.decision in ADMISSIONS and repository.open_hit_count(session, crossing.id):
        raise Conflict("resolve the alert hits first", field="decision")
    previous = crossing.decision
    crossing.decision = data.decision
    crossing.decision_reason = data.reason
    crossing.decided_at = utcnow()
    crossing.decided_by = actor.user_id
    session.flush()
    audit.record(
        session,
        action="decide",
        object_type="crossing",
        object_id=crossing.id,
        purpose=PURPOSE,
        details={"decision": data.decision, "previous": previous, "poe_id": str(poe.id)},
    )
    return crossing


# ---------------------------------------------------------------- reads (audited)


def _audit_read(session: Session, object_type: str, object_id: object, **details: Any) -> None:
    audit.record(
        session,
        action="read",
        object_type=object_type,
        object_id=object_id,
        purpose=PURPOSE,
        details=details,
    )


def _visible(actor: Principal, poe: PointOfEntry | None, permission: str = "border.read") -> bool:
    return poe is not None and can(actor, permission, geo_service.poe_target(poe))


def get_crossing(*, session: Session, crossing_id: uuid.UUID, actor: Principal) -> Crossing:
    """A crossing the actor may read (404 otherwise); the read is audited."""
    crossing, _, _ = get_crossing_detail(session=session, crossing_id=crossing_id, actor=actor)
    return crossing


def get_crossing_detail(
    *, session: Session, crossing_id: uuid.UUID, actor: Principal
) -> tuple[Crossing, Traveller, TravelDocument | None]:
    """A crossing with its traveller and document (404 when out of scope); audited."""
    found = repository.crossing_with_party(session, crossing_id)
    if found is None or not _visible(actor, geo_repository.get_poe(session, found[0].poe_id)):
        raise NotFound("no such crossing")
    _audit_read(session, "crossing", crossing_id)
    return found


def get_traveller(
    *, session: Session, traveller_id: uuid.UUID, actor: Principal
) -> tuple[Traveller, Sequence[TravelDocument], Sequence[Crossing]]:
    """A traveller with documents and the crossings in the actor's scope; audited.

    A reader scoped to some POEs sees only travellers who crossed there (404 otherwise).
    """
    traveller = repository.get_traveller(session, traveller_id)
    if traveller is None:
        raise NotFound("no such traveller")
    scope = poe_scope(actor, "border.read")
    crossings = repository.traveller_crossings(session, traveller_id, scope)
    if scope is not None and not crossings:
        raise NotFound("no such traveller")
    documents = repository.traveller_documents(session, traveller_id)
    _audit_read(session, "traveller", traveller_id, crossings=len(crossings))
    return traveller, documents, crossings


def _checked_poe_filter(session: Session, poe_id: uuid.UUID | None, actor: Principal) -> None:
    """A POE filter outside the actor's scope answers 404, like a record they cannot see."""
    if poe_id is not None and not _visible(actor, geo_repository.get_poe(session, poe_id)):
        raise NotFound("no such point of entry", field="poe")


def search_crossings(
    *, session: Session, actor: Principal, limit: int, offset: int, **filters: Any
) -> tuple[Sequence[Crossing], int]:
    """Crossings in the actor's scope matching the filters; audited as one list read."""
    _checked_poe_filter(session, filters.get("poe_id"), actor)
    items, total = repository.search_crossings(
        session, scope=poe_scope(actor, "border.read"), limit=limit, offset=offset, **filters
    )
    _audit_read(session, "crossing", None, count=len(items), list="search")
    return items, total


def travellers_of(session: Session, crossings: Sequence[Crossing]) -> dict[uuid.UUID, Traveller]:
    """The travellers of crossings the actor was just allowed to list (one query)."""
    return repository.travellers_by_id(session, [crossing.traveller_id for crossing in crossings])


@dataclass(frozen=True)
class Overstay:
    """An entry whose allowed stay ended before the day asked about, with no exit recorded."""

    crossing: Crossing
    stay_ended_on: date
    days_over: int


def overstays(
    *, session: Session, actor: Principal, on: date, poe_id: uuid.UUID | None = None
) -> list[Overstay]:
    """Travellers still in after their allowed stay on a day (entry day + N days < on)."""
    _checked_poe_filter(session, poe_id, actor)
    candidates = repository.open_entries_with_allowance(
        session, scope=poe_scope(actor, "border.read"), poe_id=poe_id, on=on
    )
    found = [item for item in map(_overstay_of, candidates, [on] * len(candidates)) if item]
    _audit_read(session, "crossing", None, count=len(found), list="overstays")
    return found


def _overstay_of(entry: Crossing, on: date) -> Overstay | None:
    entered = entry.occurred_at.date()
    days_in = (on - entered).days
    allowed = entry.allowed_stay_days or 0
    if days_in <= allowed:
        return None
    return Overstay(entry, entered + timedelta(days=allowed), days_in - allowed)


def departures_without_entry(
    *,
    session: Session,
    actor: Principal,
    poe_id: uuid.UUID | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[Sequence[Crossing], int]:
    """Exits with no recorded entry, in the actor's scope; audited."""
    _checked_poe_filter(session, poe_id, actor)
    items, total = repository.departures_without_entry(
        session, scope=poe_scope(actor, "border.read"), poe_id=poe_id, limit=limit, offset=offset
    )
    _audit_read(session, "crossing", None, count=len(items), list="departures_without_entry")
    return items, total


def statistics(
    *,
    session: Session,
    actor: Principal,
    date_from: date,
    date_to: date,
    group_by: Sequence[str],
    poe_id: uuid.UUID | None = None,
) -> list[dict[str, Any]]:
    """Entries and exits in the actor's scope, grouped; aggregate counts only."""
    if poe_id is not None:
        poe = geo_repository.get_poe(session, poe_id)
        if not _visible(actor, poe, "border.stats"):
            raise NotFound("no such point of entry", field="poe")
    return repository.crossing_counts(
        session,
        scope=poe_scope(actor, "border.stats"),
        poe_id=poe_id,
        date_from=date_from,
        date_to=date_to,
        group_by=group_by,
    )


def poe_for_statistics(*, session: Session, poe_id: uuid.UUID, actor: Principal) -> PointOfEntry:
    """The POE whose statistics the actor may see (404 unknown, 403 out of scope)."""
    return geo_service.require_poe_in_scope(session, poe_id, actor, "border.stats")
