"""JSON routes of the ways in: self-registration (public), partner referrals in (partner
credentials), registrations to verify, border referrals to take up."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.protection.cases.schemas import CaseRead
from passage.protection.intake import border
from passage.protection.intake import service as intake
from passage.protection.intake.schemas import (
    ReferralIn,
    RegistrationRead,
    SelfRegistration,
    Verification,
)

router = APIRouter(prefix="/api/v1/protection", tags=["protection"])


@router.post("/registrations", status_code=201)
def self_register(
    data: SelfRegistration, session: SessionDep, principal: Annotated[Principal, Require("public")]
) -> dict[str, str]:
    """A migrant registers themselves; keep the receipt code (it is shown only now)."""
    _, code = intake.self_register(session=session, data=data)
    return {"receipt_code": code, "status": "submitted"}


@router.post("/referrals-in", status_code=201)
def refer_in(
    data: ReferralIn,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.partner")],
) -> dict[str, str]:
    """A partner refers a person in with only the consented fields."""
    registration, code = intake.refer_in(session=session, data=data, actor=principal)
    return {"id": str(registration.id), "receipt_code": code, "status": registration.status}


@router.get("/registrations")
def list_registrations(
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
    status: Annotated[str | None, Query(max_length=20)] = "submitted",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict[str, Any]:
    """Registrations within reach, oldest first."""
    items, total = intake.list_registrations(
        session=session, actor=principal, status=status, limit=limit, offset=offset
    )
    return {"items": [RegistrationRead.model_validate(item) for item in items], "total": total}


@router.post("/registrations/{registration_id}/verify")
def verify(
    registration_id: uuid.UUID,
    data: Verification,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> CaseRead:
    """Verify a registration: it becomes a person and a case."""
    _, case = intake.verify(
        session=session, registration_id=registration_id, data=data, actor=principal
    )
    return CaseRead.model_validate(case)


@router.post("/border-referrals/{referral_id}/case", status_code=201)
def take_up(
    referral_id: uuid.UUID,
    data: border.TakeUp,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> CaseRead:
    """Open the case of a border referral, keeping its consent and flags."""
    return CaseRead.model_validate(
        border.take_up(session=session, referral_id=referral_id, data=data, actor=principal)
    )
