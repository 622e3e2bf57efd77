"""JSON routes of referrals out: directory, consents, referrals, and the partner's side."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.protection.referrals import service as referrals
from passage.protection.referrals.schemas import (
    ConsentCreate,
    ConsentRead,
    PartnerReferralRead,
    ProviderCreate,
    ProviderRead,
    ReferralCreate,
    ReferralRead,
    ReferralResponse,
    Withdrawal,
)

router = APIRouter(prefix="/api/v1/protection", tags=["protection"])


@router.get("/directory")
def directory(
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.directory")],
    service: Annotated[str | None, Query(max_length=30)] = None,
    country: Annotated[str | None, Query(max_length=3)] = None,
    language: Annotated[str | None, Query(max_length=3)] = None,
) -> list[dict[str, object]]:
    """Service points with the referrals each holds open."""
    rows = referrals.directory(session=session, service=service, country=country, language=language)
    return [{"provider": ProviderRead.model_validate(p), "open_referrals": n} for p, n in rows]


@router.post("/directory", status_code=201)
def add_provider(
    data: ProviderCreate,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.directory.manage")],
) -> ProviderRead:
    """Add a service point."""
    return ProviderRead.model_validate(
        referrals.add_provider(session=session, data=data, actor=principal)
    )


@router.post("/persons/{person_id}/consents", status_code=201)
def record_consent(
    person_id: uuid.UUID,
    data: ConsentCreate,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> ConsentRead:
    """Record what the person agrees to share, for what purpose, until when."""
    return ConsentRead.model_validate(
        referrals.record_consent(session=session, person_id=person_id, data=data, actor=principal)
    )


@router.post("/consents/{consent_id}/withdraw")
def withdraw(
    consent_id: uuid.UUID,
    data: Withdrawal,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> ConsentRead:
    """Withdraw a consent: its referrals stop sharing, open ones are revoked."""
    return ConsentRead.model_validate(
        referrals.withdraw_consent(
            session=session, consent_id=consent_id, data=data, actor=principal
        )
    )


@router.post("/cases/{case_id}/referrals", status_code=201)
def refer(
    case_id: uuid.UUID,
    data: ReferralCreate,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> ReferralRead:
    """Refer a case under a valid consent of the person."""
    return ReferralRead.model_validate(
        referrals.refer(session=session, case_id=case_id, data=data, actor=principal)
    )


def _partner_read(
    referral: object, consent: object, shared: dict[str, object]
) -> PartnerReferralRead:
    return PartnerReferralRead(
        id=referral.id,  # type: ignore[attr-defined]
        status=referral.status,  # type: ignore[attr-defined]
        services=referral.services,  # type: ignore[attr-defined]
        reason=referral.reason,  # type: ignore[attr-defined]
        purpose=consent.purpose,  # type: ignore[attr-defined]
        consent_expires_on=consent.expires_on,  # type: ignore[attr-defined]
        consent_valid=referrals.is_valid(consent),  # type: ignore[arg-type]
        shared=shared,
        created_at=referral.created_at,  # type: ignore[attr-defined]
        version=referral.version,  # type: ignore[attr-defined]
    )


@router.get("/partner/referrals")
def partner_referrals(
    session: SessionDep, principal: Annotated[Principal, Require("protection.partner")]
) -> list[dict[str, object]]:
    """Referrals to your organisation (no personal data in the list)."""
    return [
        {"id": r.id, "status": r.status, "services": r.services, "created_at": r.created_at}
        for r in referrals.partner_referrals(session=session, actor=principal)
    ]


@router.get("/partner/referrals/{referral_id}")
def partner_referral(
    referral_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.partner")],
) -> PartnerReferralRead:
    """A referral: only the consented fields (the read is audited)."""
    return _partner_read(
        *referrals.partner_view(session=session, referral_id=referral_id, actor=principal)
    )


@router.post("/partner/referrals/{referral_id}/status")
def respond(
    referral_id: uuid.UUID,
    data: ReferralResponse,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.partner")],
) -> dict[str, object]:
    """Accept, reject or close a referral."""
    referral = referrals.respond(
        session=session, referral_id=referral_id, data=data, actor=principal
    )
    return {"id": referral.id, "status": referral.status, "version": referral.version}
