"""The ways in: self-registration and anonymous questions (public, with a receipt code),
referrals in from partners, and the case worker's verification that turns a registration into
a person and a case. Services flush, never commit.

The receipt code is shown once and kept only as a hash; following a registration by its code
shows its status, never the personal data given (a code seen over a shoulder reveals nothing).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.errors import Invalid, NotFound, OutOfScope
from passage.kit import audit
from passage.kit.clock import utcnow
from passage.kit.i18n import N_
from passage.kit.repository import check_version
from passage.protection import codes
from passage.protection.access import PURPOSE, acting_organisation, may, reach
from passage.protection.cases import service as cases
from passage.protection.cases.models import Case
from passage.protection.intake import repository
from passage.protection.intake.models import InformationRequest, Registration
from passage.protection.intake.schemas import (
    Addition,
    Answer,
    QuestionCreate,
    ReceiptRead,
    ReferralIn,
    Refusal,
    SelfRegistration,
    Verification,
)
from passage.protection.referrals import service as referrals
from passage.protection.referrals import sharing
from passage.protection.registry import service as registry
from passage.protection.registry.models import Person
from passage.protection.registry.schemas import PersonFields
from passage.protection.vocabulary import RESTRICTED_SITUATIONS

PERSON_KEYS = frozenset(PersonFields.model_fields)


def _audit(session: Session, action: str, what: str, record_id: Any, **details: Any) -> None:
    audit.record(
        session,
        action=action,
        object_type=what,
        object_id=record_id,
        purpose=PURPOSE,
        details=details,
    )


def _new_registration(session: Session, **values: Any) -> tuple[Registration, str]:
    code = codes.receipt_code()
    situations = values.get("details", {}).get("situations", [])
    registration = Registration(
        code_hash=codes.receipt_hash(code),
        restricted=bool(set(situations) & RESTRICTED_SITUATIONS),
        **values,
    )
    repository.add(session, registration)
    session.flush()
    _audit(session, "create", "protection_registration", registration.id, source=values["source"])
    return registration, code


def self_register(*, session: Session, data: SelfRegistration) -> tuple[Registration, str]:
    """A migrant registers themselves; the receipt code is returned once."""
    details = data.model_dump(mode="json", exclude={"consent", "language"})
    return _new_registration(
        session, source="self", language=data.language, details=details, organisation=None
    )


def _by_code(session: Session, code: str) -> Registration:
    registration = repository.registration_by_code(session, codes.receipt_hash(code))
    if registration is None:
        raise NotFound(N_("no registration has this code; check it and try again"), field="code")
    return registration


def receipt(*, session: Session, code: str) -> ReceiptRead:
    """What a receipt code tells its holder: the status, never the data."""
    registration = _by_code(session, code)
    note = registration.review_note if registration.status == "rejected" else None
    return ReceiptRead(
        status=registration.status,
        submitted_on=registration.created_at.date(),
        additions=len(registration.additions),
        note=note,
    )


def add_information(*, session: Session, data: Addition) -> ReceiptRead:
    """The holder of a receipt code adds information to a registration still waiting."""
    registration = _by_code(session, data.code)
    if registration.status != "submitted":
        raise Invalid(
            N_("this registration has been handled; contact your case worker"), field="text"
        )
    registration.additions = [
        *registration.additions,
        {"text": data.text, "at": utcnow().isoformat()},
    ]
    session.flush()
    _audit(session, "update", "protection_registration", registration.id, part="addition")
    return receipt(session=session, code=data.code)


def ask(*, session: Session, data: QuestionCreate) -> tuple[InformationRequest, str]:
    """An anonymous question; the receipt code (returned once) finds the answer later."""
    code = codes.receipt_code()
    request = InformationRequest(code_hash=codes.receipt_hash(code), **data.model_dump())
    repository.add(session, request)
    session.flush()
    _audit(session, "create", "protection_information_request", request.id, topic=data.topic)
    return request, code


def question_by_code(*, session: Session, code: str) -> InformationRequest:
    """The question of a receipt code (to read its answer)."""
    request = repository.request_by_code(session, codes.receipt_hash(code))
    if request is None:
        raise NotFound(N_("no question has this code; check it and try again"), field="code")
    return request


def answer_question(
    *, session: Session, request_id: uuid.UUID, data: Answer, actor: Principal
) -> InformationRequest:
    """A case worker answers an anonymous question."""
    request = repository.get_request(session, request_id)
    if request is None:
        raise NotFound("no such question")
    check_version(request, data.version)
    request.answer, request.status = data.answer, "answered"
    request.answered_by, request.answered_at = actor.user_id, utcnow()
    session.flush()
    _audit(session, "update", "protection_information_request", request.id)
    return request


def list_questions(
    *, session: Session, status: str | None, limit: int = 50, offset: int = 0
) -> tuple[Sequence[InformationRequest], int]:
    """A page of anonymous questions (they hold no identity unless a contact was left)."""
    return repository.list_requests(session, status=status, limit=limit, offset=offset)


def refer_in(*, session: Session, data: ReferralIn, actor: Principal) -> tuple[Registration, str]:
    """A partner refers a person in: only the consented fields, waiting for verification."""
    referring = acting_organisation(actor, "protection.partner", None)
    details = {key: value for key, value in data.person.items() if value not in (None, "", [])}
    details["reason"] = data.reason
    return _new_registration(
        session,
        source="partner",
        details=details,
        consent_fields=data.consented_fields,
        consent_purpose=data.consent_purpose,
        consent_expires_on=data.consent_expires_on,
        organisation=data.organisation,
        referred_by_organisation=referring,
    )


def receive_remote(
    *, session: Session, deployment: uuid.UUID, referral_id: str, content: dict[str, Any]
) -> tuple[Registration, bool]:
    """A referral from another deployment (already opened and checked by the exchange kind);
    returns the registration and whether it is new."""
    found = repository.registration_of_remote(session, deployment, referral_id)
    if found is not None:
        return found, False
    registration, _ = _new_registration(
        session,
        source="exchange",
        details=dict(content["person"]) | {"reason": content.get("reason", "")},
        consent_fields=list(content["consent"]["fields"]),
        consent_purpose=content["consent"]["purpose"][:300],
        consent_expires_on=date.fromisoformat(content["consent"]["expires_on"]),
        organisation=content.get("organisation"),
        referred_by_organisation=content.get("from_organisation"),
        remote_deployment=deployment,
        remote_referral_id=referral_id,
    )
    return registration, True


def erase_remote(*, session: Session, deployment: uuid.UUID, referral_id: str) -> bool:
    """The sender's consent was withdrawn: forget what it shared (a waiting registration)."""
    registration = repository.registration_of_remote(session, deployment, referral_id)
    if registration is None or registration.status != "submitted":
        return False
    registration.details, registration.status = {}, "withdrawn"
    registration.review_note = "consent withdrawn"
    session.flush()
    _audit(session, "erase", "protection_registration", registration.id)
    return True


def _visible(session: Session, registration_id: uuid.UUID, actor: Principal) -> Registration:
    registration = repository.get_registration(session, registration_id)
    if registration is None:
        raise NotFound("no such registration")
    organisation = registration.organisation
    if organisation is None:
        allowed = reach(actor).restricted if registration.restricted else reach(actor).ordinary
        if allowed is not None and not allowed:
            raise OutOfScope("no such registration")
    elif not may(actor, "protection.read", organisation, registration.restricted):
        raise OutOfScope("no such registration")
    return registration


def get_registration(
    *, session: Session, registration_id: uuid.UUID, actor: Principal
) -> Registration:
    """A registration within the actor's reach; the read is audited."""
    registration = _visible(session, registration_id, actor)
    _audit(session, "read", "protection_registration", registration.id)
    return registration


def list_registrations(
    *, session: Session, actor: Principal, status: str | None, limit: int = 50, offset: int = 0
) -> tuple[Sequence[Registration], int]:
    """Registrations within reach, oldest first; the listing is audited (counts)."""
    items, total = repository.list_registrations(
        session, reach(actor), status=status, limit=limit, offset=offset
    )
    _audit(session, "list", "protection_registration", None, count=len(items))
    return items, total


def person_fields(registration: Registration) -> PersonFields:
    """The registration's details as a person's fields (unknown keys dropped)."""
    details = {k: v for k, v in registration.details.items() if k in PERSON_KEYS}
    details.setdefault("given_names", "-")
    if registration.details.get("message"):
        details["notes"] = registration.details["message"]
    return PersonFields.model_validate(details)


def _person_for(
    session: Session,
    registration: Registration,
    data: Verification,
    organisation: str,
    actor: Principal,
) -> Person:
    if data.existing_person_id is not None:
        return registry.get_person(session=session, person_id=data.existing_person_id, actor=actor)
    return registry.new_person(
        session=session,
        data=person_fields(registration),
        organisation=organisation,
        source=registration.source,
        actor=actor,
    )


def _answer_sender(
    session: Session, registration: Registration, status: str, note: str | None
) -> None:
    """A referral from another deployment: send its status back there."""
    if registration.remote_deployment is not None and registration.remote_referral_id:
        sharing.answer(
            session,
            deployment=registration.remote_deployment,
            referral_id=registration.remote_referral_id,
            status=status,
            note=note,
        )


def verify(
    *, session: Session, registration_id: uuid.UUID, data: Verification, actor: Principal
) -> tuple[Person, Case]:
    """Verify a registration: it becomes a person (or joins one already registered) and a
    case of the verifier's organisation; a partner's consent is kept with the person."""
    registration = _visible(session, registration_id, actor)
    check_version(registration, data.version)
    if registration.status != "submitted":
        raise Invalid("this registration has been handled already", field="form")
    organisation = acting_organisation(
        actor, "protection.edit", data.organisation or registration.organisation
    )
    person = _person_for(session, registration, data, organisation, actor)
    case = cases.new_case(
        session=session,
        person=person,
        case_type=data.case_type,
        risk_level=data.risk_level,
        organisation=organisation,
        actor=actor,
        note=data.note,
    )
    if registration.consent_fields and registration.consent_expires_on:
        referrals.record_consent_received(
            session=session, person=person, registration=registration, actor=actor
        )
    registration.status, registration.person_id, registration.case_id = (
        "verified",
        person.id,
        case.id,
    )
    registration.reviewed_by, registration.reviewed_at = actor.user_id, utcnow()
    session.flush()
    _answer_sender(session, registration, "accepted", None)
    _audit(session, "verify", "protection_registration", registration.id)
    return person, case


def refuse(
    *, session: Session, registration_id: uuid.UUID, data: Refusal, actor: Principal
) -> Registration:
    """A registration not taken up (duplicate, out of mandate ...), with the reason."""
    registration = _visible(session, registration_id, actor)
    check_version(registration, data.version)
    if registration.status != "submitted":
        raise Invalid("this registration has been handled already", field="form")
    registration.status, registration.review_note = "rejected", data.reason
    registration.reviewed_by, registration.reviewed_at = actor.user_id, utcnow()
    session.flush()
    _answer_sender(session, registration, "rejected", data.reason)
    _audit(session, "refuse", "protection_registration", registration.id)
    return registration


def count_waiting(*, session: Session, actor: Principal) -> int:
    """Registrations waiting for verification within reach (dashboard)."""
    return repository.count_waiting(session, reach(actor))


def refer_from_feedback(
    *,
    session: Session,
    reference: str,
    message: str,
    contact: str | None,
    language: str,
    restricted: bool,
    country_iso3: str | None,
) -> Registration:
    """A feedback item referred with the person's consent: a registration waiting for a case
    worker (restricted for sensitive complaints), with no receipt code of its own (the person
    follows the feedback's tracking code)."""
    details: dict[str, Any] = {"reason": message, "feedback_reference": reference}
    details |= {"phone": contact} if contact else {}
    details |= {"country_iso3": country_iso3} if country_iso3 else {}
    registration, _ = _new_registration(
        session,
        source="feedback",
        language=language,
        details=details,
        organisation=None,
        consent_purpose="referral from feedback and complaints",
    )
    registration.restricted = registration.restricted or restricted
    return registration
