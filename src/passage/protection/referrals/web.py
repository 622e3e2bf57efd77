"""Pages of referrals out: the service directory, consents, referring a case, and the partner
worker's referrals (only the consented fields)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.errors import NotFound, PassageError
from passage.kit.readable import first_invalid
from passage.protection import pages, places
from passage.protection.cases import service as cases
from passage.protection.referrals import service as referrals
from passage.protection.referrals.schemas import (
    TRANSITIONS,
    ConsentCreate,
    ProviderCreate,
    ReferralCreate,
    ReferralResponse,
    Withdrawal,
)
from passage.protection.vocabulary import SERVICE_TYPES, SHAREABLE_FIELDS
from passage.web import forms
from passage.web.render import redirect

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def _directory_page(
    request: Request,
    session: Session,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
    service: str = "",
) -> Response:
    context = {
        "rows": referrals.directory(session=session, service=service or None),
        "service": service,
        "service_types": SERVICE_TYPES,
        "countries": places.countries(session),
        "values": values,
        "errors": errors,
    }
    return pages.page(request, "protection/directory.html", context, status)


@router.get("/protection/directory")
def directory_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.directory")],
    service: Annotated[str, Query(max_length=30)] = "",
) -> Response:
    """Partners' service points: services, place, languages, capacity."""
    return _directory_page(request, session, {}, {}, service=service)


@router.post("/protection/directory")
async def add_provider(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.directory.manage")],
) -> Response:
    """Add a service point."""
    values = forms.form_values(await request.form(), lists=("services",))
    payload = pages.blank_none(
        values, ("country_iso3", "admin1", "place", "contact", "capacity")
    ) | {
        "name": values.get("name", ""),
        "organisation": values.get("organisation", ""),
        "services": values.get("services", []),
        "languages": pages.words(values.get("languages")),
    }
    outcome = pages.submit(
        session,
        lambda: referrals.add_provider(
            session=session, data=ProviderCreate.model_validate(payload), actor=principal
        ),
    )
    if isinstance(outcome, forms.Rejected):
        return _directory_page(request, session, values, outcome.errors, outcome.status)
    return redirect("/protection/directory")


@router.post("/protection/persons/{person_id}/consents")
async def record_consent(
    person_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> Response:
    """Record a consent; back to the page it was given from."""
    values = forms.form_values(await request.form(), lists=("fields",))
    payload = {
        "purpose": values.get("purpose", ""),
        "fields": values.get("fields", []),
        "expires_on": values.get("expires_on") or None,
    }
    outcome = pages.submit(
        session,
        lambda: referrals.record_consent(
            session=session,
            person_id=person_id,
            data=ConsentCreate.model_validate(payload),
            actor=principal,
        ),
    )
    back = values.get("back") or f"/protection/persons/{person_id}"
    if isinstance(outcome, forms.Rejected):
        case_id = values.get("case_id")
        if case_id:
            return _refer_page(
                request,
                session,
                principal,
                uuid.UUID(case_id),
                values,
                outcome.errors,
                outcome.status,
            )
        error = outcome.error
        raise error if isinstance(error, PassageError) else first_invalid(error)
    return redirect(back if back.startswith("/protection/") else "/protection")


@router.post("/protection/consents/{consent_id}/withdraw")
async def withdraw_consent(
    consent_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> Response:
    """Withdraw a consent: sharing under it stops at once."""
    values = forms.form_values(await request.form())
    consent = referrals.withdraw_consent(
        session=session,
        consent_id=consent_id,
        data=Withdrawal(reason=values.get("reason") or None),
        actor=principal,
    )
    return redirect(f"/protection/persons/{consent.person_id}")


def _refer_page(
    request: Request,
    session: Session,
    principal: Principal,
    case_id: uuid.UUID,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    case, person = cases.case_and_person(session=session, case_id=case_id, actor=principal)
    consents = [
        c for c in referrals.consents_of(session=session, person=person) if referrals.is_valid(c)
    ]
    context = {
        "case": case,
        "person": person,
        "consents": consents,
        "rows": referrals.directory(session=session),
        "fields": SHAREABLE_FIELDS,
        "service_types": SERVICE_TYPES,
        "values": values,
        "errors": errors,
    }
    return pages.page(request, "protection/refer.html", context, status)


@router.get("/protection/cases/{case_id}/refer")
def refer_page(
    case_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> Response:
    """Refer the case: the consent to rely on (or a new one) and the service point."""
    return _refer_page(request, session, principal, case_id, {}, {})


@router.post("/protection/cases/{case_id}/refer")
async def refer(
    case_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> Response:
    """Send the referral with only the consented fields."""
    values = forms.form_values(await request.form(), lists=("services",))
    payload = {
        "provider_id": values.get("provider_id") or None,
        "consent_id": values.get("consent_id") or None,
        "services": values.get("services", []),
        "reason": values.get("reason", ""),
    }
    outcome = pages.submit(
        session,
        lambda: referrals.refer(
            session=session,
            case_id=case_id,
            data=ReferralCreate.model_validate(payload),
            actor=principal,
        ),
    )
    if isinstance(outcome, forms.Rejected):
        return _refer_page(
            request, session, principal, case_id, values, outcome.errors, outcome.status
        )
    return redirect(f"/protection/cases/{case_id}#referrals")


@router.get("/protection/partner")
def partner_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.partner")],
    status: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """Referrals addressed to your organisation (`status=pending`: new ones to answer)."""
    chosen = status if status in TRANSITIONS else None
    items = referrals.partner_referrals(session=session, actor=principal, status=chosen)
    referrals.mark_queue_seen(session=session, actor=principal, queue=referrals.PARTNER_QUEUE)
    context = {"items": items, "status": chosen or "", "statuses": tuple(TRANSITIONS)}
    return pages.page(request, "protection/partner.html", context)


def _partner_referral(
    request: Request,
    session: Session,
    principal: Principal,
    referral_id: uuid.UUID,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    referral, consent, shared = referrals.partner_view(
        session=session, referral_id=referral_id, actor=principal
    )
    context = {
        "referral": referral,
        "consent": consent,
        "shared": shared,
        "next_statuses": sorted(TRANSITIONS.get(referral.status, frozenset())),
        "errors": errors or {},
    }
    return pages.page(request, "protection/partner_referral.html", context, status)


@router.get("/protection/partner/referrals/{referral_id}")
def partner_referral_page(
    referral_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.partner")],
) -> Response:
    """One referral: the consented fields only (the read is audited)."""
    return _partner_referral(request, session, principal, referral_id)


@router.post("/protection/partner/referrals/{referral_id}")
async def respond(
    referral_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.partner")],
) -> Response:
    """Accept, reject or close the referral."""
    values = forms.form_values(await request.form())
    payload = {
        "version": values.get("version") or 0,
        "status": values.get("status", ""),
        "note": values.get("note") or None,
    }
    outcome = pages.submit(
        session,
        lambda: referrals.respond(
            session=session,
            referral_id=referral_id,
            data=ReferralResponse.model_validate(payload),
            actor=principal,
        ),
    )
    if isinstance(outcome, forms.Rejected):
        if isinstance(outcome.error, NotFound):
            raise outcome.error
        return _partner_referral(
            request, session, principal, referral_id, outcome.errors, outcome.status
        )
    return redirect(f"/protection/partner/referrals/{referral_id}")
