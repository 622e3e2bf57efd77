"""JSON routes of referrals: create at a POE, list and read within scope, move the status."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from passage.access import Principal
from passage.auth.deps import Require
from passage.border.referrals import service as referrals
from passage.border.referrals.schemas import (
    ReferralCreate,
    ReferralPage,
    ReferralRead,
    ReferralStatusUpdate,
    Status,
)
from passage.db import SessionDep

router = APIRouter(prefix="/api/v1", tags=["referrals"])


@router.post("/referrals", status_code=201)
def create_referral(
    data: ReferralCreate,
    session: SessionDep,
    principal: Annotated[Principal, Require("referrals.create")],
) -> ReferralRead:
    """Refer a traveller met at a point of entry within your scope."""
    referral = referrals.create_referral(session=session, data=data, actor=principal)
    return ReferralRead.model_validate(referral)


@router.get("/referrals")
def list_referrals(
    session: SessionDep,
    principal: Annotated[Principal, Require("referrals.read")],
    status: Status | None = None,
    crossing_id: uuid.UUID | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> ReferralPage:
    """The referrals within your scope (organisation, POE or country), newest first."""
    items, total = referrals.list_referrals(
        session=session,
        actor=principal,
        status=status,
        crossing_id=crossing_id,
        limit=limit,
        offset=offset,
    )
    return ReferralPage(items=[ReferralRead.model_validate(item) for item in items], total=total)


@router.get("/referrals/{referral_id}")
def read_referral(
    referral_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("referrals.read")],
) -> ReferralRead:
    """One referral (the read is audited)."""
    referral = referrals.get_referral(session=session, referral_id=referral_id, actor=principal)
    return ReferralRead.model_validate(referral)


@router.post("/referrals/{referral_id}/status")
def update_status(
    referral_id: uuid.UUID,
    data: ReferralStatusUpdate,
    session: SessionDep,
    principal: Annotated[Principal, Require("referrals.manage")],
) -> ReferralRead:
    """Accept, reject or close a referral addressed to your organisation."""
    referral = referrals.update_referral_status(
        session=session, referral_id=referral_id, data=data, actor=principal
    )
    return ReferralRead.model_validate(referral)
