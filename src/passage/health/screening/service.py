"""SOP screening at a point of entry: record the answers, classify them with the current
criteria (the revisions used are stored with the screening), keep the evidence, set the
crossing's health clearance, and put travellers who need action on the list of interest.

Services flush, never commit. Every read is audited with ids and counts only.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal, poe_scope
from passage.dcc.service import verify_qr
from passage.errors import Invalid, NotFound
from passage.geo import service as geo_service
from passage.geo.models import PointOfEntry
from passage.health import access
from passage.health.cases.models import TravellerOfInterest
from passage.health.cases.opening import open_case
from passage.health.certificates.service import record_check
from passage.health.screening import criteria, repository
from passage.health.screening.engine import (
    CLEARED,
    ISOLATE,
    SYMPTOMS,
    Facts,
    Result,
    Visit,
    classify,
)
from passage.health.screening.models import DiseaseCriteria, HealthScreening
from passage.health.screening.schemas import ScreeningCreate
from passage.kit import audit
from passage.kit.clock import today, utcnow

CLEARANCE = {CLEARED: "cleared", "secondary_assessment": "pending", ISOLATE: "referred"}
IDENTITY_FIELDS = ("surname", "given_names", "sex", "nationality", "document_number", "phone")


def vocabulary_of(rows: Sequence[DiseaseCriteria]) -> list[str]:
    """The SOP symptom list and every given criteria's own, in order, without repeats."""
    extra = [code for row in rows for code in row.symptoms]
    return list(dict.fromkeys([*SYMPTOMS, *extra]))


def symptom_vocabulary(session: Session) -> list[str]:
    """The symptoms a screening may record: the SOP list and every criteria's own."""
    return vocabulary_of(criteria.current(session))


def prefill_from_crossing(
    session: Session, *, crossing_id: uuid.UUID, actor: Principal
) -> dict[str, Any]:
    """Form values from a crossing registered at a POE in the officer's scope."""
    found = repository.crossing_with_traveller(session, crossing_id)
    if found is None:
        raise Invalid("no such crossing", field="crossing_id")
    crossing, traveller, document = found
    geo_service.require_poe_in_scope(session, crossing.poe_id, actor, "health.screen")
    audit.record(
        session,
        action="health.crossing.prefill",
        object_type="crossing",
        object_id=crossing.id,
        purpose=access.PURPOSE,
    )
    transits = [t.get("country") for t in crossing.transits if isinstance(t, dict)]
    return {
        "poe_id": str(crossing.poe_id),
        "crossing_id": str(crossing.id),
        "surname": traveller.surname,
        "given_names": traveller.given_names,
        "sex": traveller.sex or "",
        "birth_date": traveller.birth_date_text or "",
        "nationality": traveller.nationality or "",
        "document_number": document.document_number if document else "",
        "phone": traveller.phone or "",
        "address_during_stay": crossing.address_during_stay or traveller.address or "",
        "arrival_date": crossing.occurred_at.date().isoformat(),
        "origin_iso3": crossing.origin_iso3 or "",
        "countries_visited": " ".join(code for code in transits if code),
    }


def screen(*, session: Session, data: ScreeningCreate, actor: Principal) -> HealthScreening:
    """Record and classify a screening; open a case when the traveller must be isolated."""
    poe = geo_service.require_poe_in_scope(session, data.poe_id, actor, "health.screen")
    traveller_id = _crossing_traveller(session, data, poe)
    every = criteria.current(session)
    _check_symptoms(data.symptoms, every)
    rows = [row for row in every if row.is_active]
    check_id, evidence_valid = _evidence(session, data, poe, actor)
    arrival = data.arrival_date or today()
    result = classify(_facts(data, arrival, evidence_valid), [criteria.to_engine(r) for r in rows])
    screening = HealthScreening(
        **_answers(data),
        poe_id=poe.id,
        traveller_id=traveller_id,
        arrival_date=arrival,
        evidence_valid=evidence_valid,
        certificate_check_id=check_id,
        classification=result.classification,
        findings=[finding.to_dict() for finding in result.findings],
        criteria_used=[
            {"disease": r.disease_code, "revision": r.revision, "id": str(r.id)} for r in rows
        ],
        monitor_until=result.monitor_until,
        screened_by=actor.user_id,
        screened_at=utcnow(),
    )
    session.add(screening)
    session.flush()
    _after_classification(session, screening, result, poe, actor)
    return screening


def _answers(data: ScreeningCreate) -> dict[str, Any]:
    return {
        **{name: getattr(data, name) for name in IDENTITY_FIELDS},
        "crossing_id": data.crossing_id,
        "birth_date_text": data.birth_date,
        "address_during_stay": data.address_during_stay,
        "origin_iso3": data.origin_iso3,
        "countries_visited": [
            {"country": v.country, "left_on": v.left_on.isoformat() if v.left_on else None}
            for v in data.countries_visited
        ],
        "temperature_c": data.temperature_c,
        "symptoms": data.symptoms,
        "symptom_onset": data.symptom_onset,
        "contact_with_case": data.contact_with_case,
        "last_contact_on": data.last_contact_on,
        "evidence_kind": data.evidence_kind,
        "notes": data.notes,
    }


def _crossing_traveller(
    session: Session, data: ScreeningCreate, poe: PointOfEntry
) -> uuid.UUID | None:
    if data.crossing_id is None:
        return None
    found = repository.crossing_with_traveller(session, data.crossing_id)
    if found is None:
        raise Invalid("no such crossing", field="crossing_id")
    if found[0].poe_id != poe.id:
        raise Invalid("the crossing was registered at another point of entry", field="crossing_id")
    return found[1].id


def _check_symptoms(symptoms: list[str], every: Sequence[DiseaseCriteria]) -> None:
    unknown = sorted(set(symptoms) - set(vocabulary_of(every)))
    if unknown:
        raise Invalid(
            "unknown symptoms: %(names)s", params={"names": ", ".join(unknown)}, field="symptoms"
        )


def _evidence(
    session: Session, data: ScreeningCreate, poe: PointOfEntry, actor: Principal
) -> tuple[uuid.UUID | None, bool]:
    if data.evidence_kind == "other":
        return None, data.evidence_valid
    if data.evidence_kind != "certificate" or not data.certificate_qr:
        return None, False
    verification = verify_qr(
        session=session, qr_text=data.certificate_qr, destination=poe.country_iso3
    )
    check = record_check(
        session=session,
        verification=verification,
        actor=actor,
        poe_id=poe.id,
        destination=poe.country_iso3,
        source="screening",
    )
    return check.id, check.result == "VALID"


def _facts(data: ScreeningCreate, arrival: Any, evidence_valid: bool) -> Facts:
    visits = [Visit(v.country, v.left_on) for v in data.countries_visited]
    if data.origin_iso3 and data.origin_iso3 not in {v.country for v in visits}:
        visits.append(Visit(data.origin_iso3, None))
    return Facts(
        arrival_date=arrival,
        temperature_c=data.temperature_c,
        symptoms=frozenset(data.symptoms),
        contact_with_case=data.contact_with_case,
        last_contact_on=data.last_contact_on,
        visits=tuple(visits),
        evidence_valid=evidence_valid,
    )


def _after_classification(
    session: Session,
    screening: HealthScreening,
    result: Result,
    poe: PointOfEntry,
    actor: Principal,
) -> None:
    if screening.crossing_id:
        clearance = CLEARANCE[result.classification]
        repository.set_crossing_clearance(session, screening.crossing_id, clearance)
    interest = None
    if result.classification != CLEARED:
        until = result.monitor_until or screening.arrival_date + timedelta(days=14)
        interest = TravellerOfInterest(
            screening_id=screening.id,
            poe_id=poe.id,
            diseases=result.diseases_of_interest,
            classification=result.classification,
            monitor_until=until,
        )
        session.add(interest)
    audit.record(
        session,
        action="health.screening.create",
        object_type="health_screening",
        object_id=screening.id,
        purpose=access.PURPOSE,
        details={"classification": result.classification, "crossing": bool(screening.crossing_id)},
    )
    if result.classification == ISOLATE:
        open_case(session=session, screening=screening, actor=actor, interest=interest, is_new=True)
    session.flush()


def get_screening(
    session: Session, *, screening_id: uuid.UUID, actor: Principal
) -> HealthScreening:
    """One screening in the actor's health scope (an audited read)."""
    screening = session.get(HealthScreening, screening_id)
    if screening is None:
        raise NotFound("no such screening")
    access.check_record_poe(session, screening.poe_id, actor, "screening")
    audit.record(
        session,
        action="health.screening.read",
        object_type="health_screening",
        object_id=screening.id,
        purpose=access.PURPOSE,
    )
    return screening


def search_screenings(
    *,
    session: Session,
    actor: Principal,
    poe_id: uuid.UUID | None = None,
    classification: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[HealthScreening], int]:
    """Screenings in the actor's scope, newest first (the listing is audited)."""
    items, total = repository.search_screenings(
        session,
        scope=poe_scope(actor, "health.read"),
        poe_id=poe_id,
        classification=classification,
        limit=limit,
        offset=offset,
    )
    audit.record(
        session,
        action="health.screening.list",
        object_type="health_screening",
        purpose=access.PURPOSE,
        details={"count": len(items)},
    )
    return items, total
