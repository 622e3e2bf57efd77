"""The referral pages of case and partner workers: the list in their scope, one referral, and
its status form (accept, reject, close). Referrals are made from the officer screen
(`crossings.web`)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.border.referrals import service as referrals
from passage.border.referrals.schemas import (
    STATUSES,
    TRANSITIONS,
    ReferralStatusUpdate,
    flag_label,
    indicator_label,
    status_label,
)
from passage.db import SessionDep
from passage.errors import NotFound
from passage.web import forms
from passage.web.render import redirect, render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


@router.get("/referrals")
def referrals_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("referrals.read")],
    status: Annotated[str, Query(max_length=20)] = "",
    page: Annotated[int, Query(ge=1, le=2000)] = 1,
) -> Response:
    """Referrals within your scope, newest first."""
    items, total = referrals.list_referrals(
        session=session,
        actor=principal,
        status=status if status in STATUSES else None,
        limit=50,
        offset=(page - 1) * 50,
    )
    context = {
        "items": items,
        "total": total,
        "status": status,
        "page": page,
        "statuses": STATUSES,
        "status_label": status_label,
        "flag_label": flag_label,
    }
    return render(request, "border/referrals.html", context)


def _referral_page(
    request: Request,
    session: Session,
    principal: Principal,
    referral_id: uuid.UUID,
    rejected: forms.Rejected | None = None,
) -> Response:
    referral, traveller, poe = referrals.referral_detail(
        session=session, referral_id=referral_id, actor=principal
    )
    context = {
        "referral": referral,
        "traveller": traveller,
        "poe": poe,
        "next_statuses": sorted(TRANSITIONS.get(referral.status, frozenset())),
        "may_manage": referrals.may_manage(actor=principal, referral=referral),
        "errors": rejected.errors if rejected else {},
        "status_label": status_label,
        "flag_label": flag_label,
        "indicator_label": indicator_label,
    }
    status_code = rejected.status if rejected else 200
    return render(request, "border/referral.html", context, status_code=status_code)


@router.get("/referrals/{referral_id}")
def referral_page(
    referral_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("referrals.read")],
) -> Response:
    """One referral, with the status form for its organisation's workers."""
    return _referral_page(request, session, principal, referral_id)


@router.post("/referrals/{referral_id}/status")
async def update_referral_status(
    referral_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("referrals.manage")],
) -> Response:
    """Accept, reject or close a referral."""
    values = forms.form_values(await request.form())
    referral = forms.submit(
        session,
        lambda: referrals.update_referral_status(
            session=session,
            referral_id=referral_id,
            data=ReferralStatusUpdate.model_validate(
                {
                    "version": values.get("version") or 0,
                    "status": values.get("status", ""),
                    "notes": values.get("notes") or None,
                }
            ),
            actor=principal,
        ),
    )
    if isinstance(referral, forms.Rejected):
        if isinstance(referral.error, NotFound):
            raise referral.error
        return _referral_page(request, session, principal, referral_id, referral)
    return redirect(f"/referrals/{referral_id}")
