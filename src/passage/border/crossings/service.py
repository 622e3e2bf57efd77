"""Point-of-entry operations: register crossings, link travellers, record decisions, queries.

Who the traveller is comes from `identity` (MRZ and typed form), the journey check from
`journey`, the alert-list screening from `alerts.screening`. Services flush, never commit.
Every read of a record about a person is audited, with ids and counts only (never names or
document numbers).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from passage.access import Principal, can, poe_scope
from passage.auth import repository as auth_repository
from passage.border.alerts import screening
from passage.border.crossings import repository, search
from passage.border.crossings.identity import (
    Identity,
    identity_from,
    name_key,
    registration_checks,
    traveller_values,
    update_traveller,
)
from passage.border.crossings.journey import journey_summary
from passage.border.crossings.models import (
    Crossing,
    CrossingDecision,
    TravelDocument,
    Traveller,
)
from passage.border.crossings.places import POES, PoeView
from passage.border.crossings.schemas import TRAVEL_FIELDS, CrossingCreate, DecisionCreate
from passage.errors import Conflict, Invalid, NotFound, OutOfScope
from passage.geo import repository as geo_repository
from passage.geo import service as geo_service
from passage.geo.models import PointOfEntry
from passage.kit import audit
from passage.kit.clock import as_utc, utcnow
from passage.kit.ids import uuid7
from passage.kit.repository import check_version

PURPOSE = "border control"
ADMISSIONS = frozenset({"admitted", "admitted_with_conditions"})


# ---------------------------------------------------------------- scope


def require_poe_view(
    *, session: Session, poe_id: uuid.UUID, actor: Principal, permission: str
) -> PoeView:
    """Like `geo.service.require_poe_in_scope`, from the per-process POE cache (see `places`)."""
    return geo_service.check_poe_in_scope(POES.get(session, poe_id), actor, permission)


def officer_poe(*, session: Session, actor: Principal, poe_id: str) -> PointOfEntry:
    """The POE picked on the officer's form (or their only one), checked against their scope."""
    if not poe_id.strip():
        poes = geo_service.operable_poes(
            session=session, principal=actor, permission="border.operate"
        )
        poe_id = str(poes[0].id) if len(poes) == 1 else ""
    try:
        poe = geo_repository.get_poe(session, uuid.UUID(poe_id))
    except ValueError:
        poe = None
    if poe is None:
        raise Invalid("choose your point of entry", field="poe_id")
    return geo_service.check_poe_in_scope(poe, actor, "border.operate")


# ---------------------------------------------------------------- finding or creating the traveller


def find_or_create_party(
    *, session: Session, identity: Identity, data: CrossingCreate
) -> tuple[Traveller, TravelDocument | None, bool]:
    """The traveller (by document, else by name, birth date and nationality) and document."""
    values = traveller_values(identity, data)
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
        update_traveller(traveller, values)
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
        update_traveller(traveller, values)
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


def screen_and_store(
    *, session: Session, crossing: Crossing, traveller: Traveller, document: TravelDocument | None
) -> None:
    """Screen a new crossing against the alert lists, store it, then its hits (the alerts
    domain makes them; the tables have no relationships to order the inserts)."""
    matches = screening.screen_new_crossing(
        session=session, crossing=crossing, traveller=traveller, document=document
    )
    session.add(crossing)
    _flush(session)
    screening.store_new_hits(session=session, crossing=crossing, matches=matches)


# ---------------------------------------------------------------- registration


def register_crossing(*, session: Session, data: CrossingCreate, actor: Principal) -> Crossing:
    """Register an entry or exit: identify the traveller, link, screen, check the journey."""
    poe = require_poe_view(
        session=session, poe_id=data.poe_id, actor=actor, permission="border.operate"
    )
    identity = identity_from(data)
    traveller, document, created = find_or_create_party(
        session=session, identity=identity, data=data
    )
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
        document_checks=registration_checks(data, identity, occurred_at.date()),
        **data.model_dump(include=set(TRAVEL_FIELDS)),
    )
    if data.direction == "exit" and not created:
        entry = repository.open_entry(session, traveller.id, occurred_at)
        crossing.linked_entry_id = entry.id if entry else None
    if data.direction == "entry" and data.run_journey_check:
        crossing.journey_check = journey_summary(
            session=session, crossing=crossing, traveller=traveller, poe=poe
        )
    screen_and_store(session=session, crossing=crossing, traveller=traveller, document=document)
    _audit_registration(session, crossing, identity, created)
    return crossing


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
            "document_checks": sorted({check["code"] for check in crossing.document_checks}),
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
    repository.add_decision(
        session,
        CrossingDecision(
            id=uuid7(),
            crossing_id=crossing.id,
            decision=data.decision,
            reason=data.reason,
            decided_at=crossing.decided_at,
            decided_by=actor.user_id,
        ),
    )
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
    if found is None:
        raise NotFound("no such crossing")
    if not _visible(actor, geo_repository.get_poe(session, found[0].poe_id)):
        raise OutOfScope("no such crossing")
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
        raise OutOfScope("no such traveller")
    documents = repository.traveller_documents(session, traveller_id)
    _audit_read(session, "traveller", traveller_id, crossings=len(crossings))
    return traveller, documents, crossings


def _checked_poe_filter(session: Session, poe_id: uuid.UUID | None, actor: Principal) -> None:
    """A POE filter outside the actor's scope answers 404, like a record they cannot see."""
    if poe_id is not None and not _visible(actor, geo_repository.get_poe(session, poe_id)):
        raise NotFound("no such point of entry", field="poe")


def decision_history(*, session: Session, crossing: Crossing) -> list[tuple[CrossingDecision, str]]:
    """The decisions of a crossing the actor was just allowed to read, oldest first, each with
    the name of who decided."""
    names: dict[uuid.UUID | None, str] = {}
    history = []
    for entry in repository.decisions_of(session, crossing.id):
        if entry.decided_by not in names:
            user = auth_repository.get_user(session, entry.decided_by) if entry.decided_by else None
            names[entry.decided_by] = user.full_name if user else "—"
        history.append((entry, names[entry.decided_by]))
    return history


def search_crossings(
    *,
    session: Session,
    actor: Principal,
    limit: int,
    offset: int,
    name: str | None = None,
    document_number: str | None = None,
    **filters: Any,
) -> tuple[Sequence[Crossing], int]:
    """Crossings in the actor's scope matching the filters, and of the travellers found by
    name (transliteration-tolerant) or document number; audited as one list read (the name
    and number sought are not recorded)."""
    _checked_poe_filter(session, filters.get("poe_id"), actor)
    people: set[uuid.UUID] | None = None
    if name:
        people = set(search.travellers_named(session=session, actor=actor, name=name))
    if document_number:
        holders = search.travellers_with_document(
            session=session, actor=actor, document_number=document_number
        )
        people = holders if people is None else people & holders
    items, total = repository.search_crossings(
        session,
        scope=poe_scope(actor, "border.read"),
        limit=limit,
        offset=offset,
        traveller_ids=people,
        **filters,
    )
    by = [key for key, value in (("name", name), ("document", document_number)) if value]
    _audit_read(session, "crossing", None, count=len(items), list="search", by=by)
    return items, total


def travellers_of(*, session: Session, crossings: Sequence[Crossing]) -> dict[uuid.UUID, Traveller]:
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
