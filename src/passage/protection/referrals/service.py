"""The service directory, consents and referrals out. A referral shows its partner only the
fields the person consented to share, and nothing once the consent is withdrawn or expired.
Services flush, never commit."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.border.referrals import directory as border_directory
from passage.border.referrals import service as border_referrals
from passage.border.referrals.directory import ServicePoint
from passage.errors import Conflict, Invalid, NotFound, OutOfScope
from passage.kit import audit
from passage.kit.clock import today, utcnow
from passage.kit.repository import check_version
from passage.protection.access import PURPOSE, may, organisations
from passage.protection.cases import service as cases
from passage.protection.cases.models import Case
from passage.protection.referrals import repository, sharing
from passage.protection.referrals.models import Consent, ServiceProvider, ServiceReferral
from passage.protection.referrals.schemas import (
    TRANSITIONS,
    ConsentCreate,
    ProviderCreate,
    ReferralCreate,
    ReferralResponse,
    Withdrawal,
)
from passage.protection.registry import repository as registry_repository
from passage.protection.registry import service as registry
from passage.protection.registry.models import Person

# The lists of new referrals whose opening a user's header notice remembers.
PARTNER_QUEUE = "partner"
BORDER_QUEUE = "border"


def _audit(session: Session, action: str, what: str, record_id: Any, **details: Any) -> None:
    audit.record(
        session,
        action=action,
        object_type=what,
        object_id=record_id,
        purpose=PURPOSE,
        details=details,
    )


# ---------------------------------------------------------------- directory


def directory(
    *,
    session: Session,
    service: str | None = None,
    country: str | None = None,
    language: str | None = None,
) -> list[tuple[ServiceProvider, int]]:
    """Active service points with the referrals each holds open (against its capacity)."""
    counts = repository.open_referral_counts(session)
    rows = repository.providers(session, service=service, country=country, language=language)
    return [(row, counts.get(row.id, 0)) for row in rows]


def add_provider(*, session: Session, data: ProviderCreate, actor: Principal) -> ServiceProvider:
    """Add a service point to the directory."""
    if repository.provider_by_name(session, data.name) is not None:
        raise Conflict("a service point has this name already", field="name")
    provider = ServiceProvider(**data.model_dump())
    repository.add(session, provider)
    session.flush()
    audit.record(session, action="create", object_type="protection_provider", object_id=provider.id)
    return provider


def get_provider(*, session: Session, provider_id: uuid.UUID) -> ServiceProvider:
    """One service point."""
    provider = repository.get_provider(session, provider_id)
    if provider is None:
        raise NotFound("no such service provider", field="provider_id")
    return provider


# ---------------------------------------------------------------- consent


def record_consent(
    *, session: Session, person_id: uuid.UUID, data: ConsentCreate, actor: Principal
) -> Consent:
    """Record what a person agrees to share, for what purpose, until when."""
    person = registry.get_person(session=session, person_id=person_id, actor=actor)
    consent = Consent(person_id=person.id, recorded_by=actor.user_id, **data.model_dump())
    repository.add(session, consent)
    session.flush()
    _audit(session, "create", "protection_consent", consent.id, fields=list(data.fields))
    return consent


def record_consent_received(
    *, session: Session, person: Person, registration: Any, actor: Principal
) -> Consent:
    """Keep the consent under which a partner referred the person in."""
    consent = Consent(
        person_id=person.id,
        purpose=registration.consent_purpose or "referral in",
        fields=list(registration.consent_fields),
        expires_on=registration.consent_expires_on,
        recorded_by=actor.user_id,
    )
    repository.add(session, consent)
    session.flush()
    return consent


def consents_of(*, session: Session, person: Person) -> Sequence[Consent]:
    """A person's consents (the caller read the person, audited)."""
    return repository.consents_of(session, person.id)


def is_valid(consent: Consent) -> bool:
    """A consent not withdrawn and not expired."""
    return consent.withdrawn_at is None and consent.expires_on >= today()


def withdraw_consent(
    *, session: Session, consent_id: uuid.UUID, data: Withdrawal, actor: Principal
) -> Consent:
    """Withdraw a consent: every referral relying on it stops showing anything and those still
    open are revoked (a referral to another deployment asks it to forget what it was sent)."""
    consent = repository.get_consent(session, consent_id)
    if consent is None:
        raise NotFound("no such consent")
    registry.get_person(session=session, person_id=consent.person_id, actor=actor)
    if consent.withdrawn_at is not None:
        raise Invalid("this consent is already withdrawn", field="reason")
    consent.withdrawn_at, consent.withdrawal_reason = utcnow(), data.reason
    for referral in repository.referrals_under(session, consent.id):
        if referral.status in ("pending", "accepted"):
            referral.status = "revoked"
            if referral.remote:
                provider = get_provider(session=session, provider_id=referral.provider_id)
                sharing.revoke(session, referral=referral, provider=provider)
    session.flush()
    _audit(session, "withdraw", "protection_consent", consent.id)
    return consent


# ---------------------------------------------------------------- referrals


def shared_fields(person: Person, fields: Sequence[str]) -> dict[str, Any]:
    """The values of the consented fields of a person, and nothing else."""
    values: dict[str, Any] = {}
    for name in fields:
        if name == "location":
            parts = (person.country_iso3, person.admin1, person.admin2, person.location)
            values[name] = ", ".join(part for part in parts if part)
        else:
            values[name] = getattr(person, name)
    return values


def refer(
    *, session: Session, case_id: uuid.UUID, data: ReferralCreate, actor: Principal
) -> ServiceReferral:
    """Refer a case to a service provider under one of the person's valid consents."""
    case = cases.readable(session, case_id, actor, "protection.edit")
    consent = repository.get_consent(session, data.consent_id)
    if consent is None or consent.person_id != case.person_id:
        raise NotFound("no such consent for this person", field="consent_id")
    if not is_valid(consent):
        raise Invalid("this consent is withdrawn or expired", field="consent_id")
    provider = get_provider(session=session, provider_id=data.provider_id)
    if not provider.active:
        raise Invalid("this service point no longer takes referrals", field="provider_id")
    referral = ServiceReferral(
        case_id=case.id,
        person_id=case.person_id,
        provider_id=provider.id,
        organisation=provider.organisation,
        consent_id=consent.id,
        services=data.services,
        reason=data.reason,
        referred_by=actor.user_id,
        remote=provider.exchange_partner_id is not None,
    )
    repository.add(session, referral)
    session.flush()
    if referral.remote:
        person = registry_repository.get_person(session, case.person_id)
        assert person is not None  # a case's person exists
        sharing.send(
            session,
            referral=referral,
            provider=provider,
            consent=consent,
            shared=shared_fields(person, consent.fields),
            from_organisation=case.organisation,
        )
    else:
        border_referrals.announce(
            session,
            queue=PARTNER_QUEUE,
            organisation=referral.organisation,
            referral_id=referral.id,
        )
    cases.touched(case)
    _audit(session, "create", "protection_referral", referral.id, fields=list(consent.fields))
    return referral


def referrals_of_case(*, session: Session, case: Case) -> Sequence[ServiceReferral]:
    """A case's referrals (the caller read the case, audited)."""
    return repository.referrals_of_case(session, case.id)


def _partner_referral(
    session: Session, referral_id: uuid.UUID, actor: Principal
) -> ServiceReferral:
    referral = repository.get_referral(session, referral_id)
    if referral is None:
        raise NotFound("no such referral")
    if not may(actor, "protection.partner", referral.organisation, False):
        raise OutOfScope("no such referral")
    return referral


def partner_referrals(
    *, session: Session, actor: Principal, status: str | None = None, limit: int = 100
) -> Sequence[ServiceReferral]:
    """The referrals addressed to the partner worker's organisation (no personal data)."""
    reached = organisations(actor, "protection.partner")
    found = repository.referrals_to(session, reached, status=status, limit=limit)
    _audit(session, "list", "protection_referral", None, count=len(found))
    return found


def count_new_for_partner(*, session: Session, actor: Principal) -> int:
    """How many referrals to the partner's organisations wait for an answer (dashboard)."""
    reached = organisations(actor, "protection.partner")
    return repository.count_referrals_to(session, reached, status="pending")


def count_unseen_for_partner(*, session: Session, actor: Principal) -> int:
    """How many referrals to the partner's organisations wait for an answer and arrived since
    the partner last opened the list (the header's notice)."""
    if actor.user_id is None:
        return 0
    reached = organisations(actor, "protection.partner")
    return repository.count_referrals_to(
        session, reached, status="pending", seen_by=actor.user_id, queue=PARTNER_QUEUE
    )


def mark_queue_seen(*, session: Session, actor: Principal, queue: str) -> None:
    """The actor opened a list of new referrals: the header's notice of it clears."""
    if actor.user_id is not None:
        repository.mark_seen(session, actor.user_id, queue, utcnow())


def partner_view(
    *, session: Session, referral_id: uuid.UUID, actor: Principal
) -> tuple[ServiceReferral, Consent, dict[str, Any]]:
    """A referral as its partner sees it: the consented fields, or nothing once the consent
    is withdrawn or expired; the read is audited."""
    referral = _partner_referral(session, referral_id, actor)
    consent = repository.get_consent(session, referral.consent_id)
    assert consent is not None  # a referral's consent exists
    shared: dict[str, Any] = {}
    if is_valid(consent) and referral.status != "revoked":
        person = registry_repository.get_person(session, referral.person_id)
        shared = shared_fields(person, consent.fields) if person else {}
    _audit(session, "read", "protection_referral", referral.id, fields=sorted(shared))
    return referral, consent, shared


def respond(
    *, session: Session, referral_id: uuid.UUID, data: ReferralResponse, actor: Principal
) -> ServiceReferral:
    """The partner accepts, rejects or closes a referral to their organisation."""
    referral = _partner_referral(session, referral_id, actor)
    check_version(referral, data.version)
    if data.status not in TRANSITIONS[referral.status]:
        raise Invalid(
            "a referral cannot go from %(current)s to %(new)s",
            params={"current": referral.status, "new": data.status},
            field="status",
        )
    previous, referral.status = referral.status, data.status
    referral.responded_by, referral.responded_at = actor.user_id, utcnow()
    if data.note:
        referral.response_note = data.note
    session.flush()
    _audit(
        session,
        "update",
        "protection_referral",
        referral.id,
        **{"from": previous, "to": data.status},
    )
    return referral


def border_service_points(session: Session) -> list[ServicePoint]:
    """The active service points of the directory, for border officers' referrals."""
    return [ServicePoint(p.name, p.organisation) for p in repository.providers(session)]


def install() -> None:
    """Serve the directory to the border's referral form too (#15.4)."""
    border_directory.register(border_service_points)
