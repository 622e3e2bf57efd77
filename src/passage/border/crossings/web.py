"""The officer screen: MRZ -> prefilled form -> crossing and decision.

Three screens, no JavaScript needed: `/border` (paste or scan the MRZ), `/border/check` (the
prefilled form with the screening and journey previews), `/border/crossings/{id}` (hits,
journey result, vulnerability flags, decision). The forms' values become payloads in
`payloads`; the crossing lists are in `lists_web`, the referral pages of case and partner
workers in `referrals.web`.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.border.alerts import screening
from passage.border.alerts.schemas import ScreenMatch, ScreenRequest
from passage.border.crossings import payloads, service
from passage.border.crossings.checks import document_checks
from passage.border.crossings.schemas import CrossingCreate, DecisionCreate
from passage.border.mrz import MRZUnreadable, parse
from passage.border.referrals import service as referrals
from passage.border.referrals.models import Referral
from passage.border.referrals.schemas import (
    FLAGS,
    TRAFFICKING_INDICATORS,
    ReferralCreate,
    flag_label,
    indicator_label,
    status_label,
)
from passage.db import SessionDep
from passage.errors import NotFound, PassageError
from passage.geo import service as geo_service
from passage.geo.models import PointOfEntry
from passage.journeys import service as journeys
from passage.journeys.schemas import JourneyCheck
from passage.kit.clock import today
from passage.kit.readable import describe, explain
from passage.web import forms, notices
from passage.web.render import redirect, render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)

DECISIONS = ("admitted", "admitted_with_conditions", "referred_secondary", "refused")
PURPOSES = ("tourism", "business", "work", "study", "family", "transit", "return", "other")
CHECKBOXES = ("flags", "indicators")


async def _form(request: Request) -> dict[str, Any]:
    return forms.form_values(await request.form(), lists=CHECKBOXES)


# ---------------------------------------------------------------- previews (other services)


def journey_preview(
    session: Session, *, poe: PointOfEntry, values: dict[str, Any]
) -> tuple[dict[str, Any] | None, str | None]:
    """The journey check for an entry at this POE today, or why it cannot be run yet."""
    nationality = (values.get("nationality") or "").strip().upper()
    origin = (values.get("origin_iso3") or "").strip().upper() or nationality
    if values.get("direction") != "entry" or not nationality:
        return None, None
    try:
        check = JourneyCheck.model_validate(
            {
                "traveller": {
                    "nationalities": [nationality],
                    "purpose": values.get("purpose") or None,
                },
                "itinerary": {
                    "origin": origin,
                    "transits": payloads.transits(values),
                    "destination": poe.country_iso3,
                    "poe_code": poe.code,
                    "arrival_date": today(),
                },
            }
        )
        return journeys.check_journey(session=session, request=check), None
    except (ValidationError, PassageError) as error:
        message = explain(error) if isinstance(error, PassageError) else describe(error.errors()[0])
        return None, message


def screening_preview(session: Session, values: dict[str, Any]) -> list[ScreenMatch]:
    """Alert-list candidates for the typed person and document (stores nothing)."""
    birth = values.get("birth_date") or None
    try:
        request = ScreenRequest(
            surname=values.get("surname") or None,
            given_names=values.get("given_names") or None,
            birth_date=birth,
            nationality=values.get("nationality") or None,
            gender=values.get("sex") or None,
            document_number=values.get("document_number") or None,
            issuing_state=values.get("issuing_state") or None,
        )
    except ValidationError:
        return []
    if not (request.surname or request.document_number):
        return []
    return screening.screen_request(session=session, data=request)


# ---------------------------------------------------------------- screen 1: the MRZ


def _start_page(
    request: Request,
    session: Session,
    principal: Principal,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    status_code: int = 200,
    decided: str | None = None,
) -> Response:
    context = {
        "values": values,
        "errors": errors or {},
        "poes": geo_service.operable_poes(
            session=session, principal=principal, permission="border.operate"
        ),
        "decided": decided,
        "notices": notices.collect(session, principal),  # a field node's sync state
    }
    return render(request, "border/start.html", context, status_code=status_code)


@router.get("/border")
def start_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("border.operate")],
    decided: Annotated[uuid.UUID | None, Query()] = None,
    poe_id: Annotated[str, Query(max_length=40)] = "",
    direction: Annotated[str, Query(max_length=5)] = "entry",
) -> Response:
    """Screen 1: paste or scan the MRZ and choose the direction."""
    values = {"poe_id": poe_id, "direction": direction if direction == "exit" else "entry"}
    return _start_page(request, session, principal, values, decided=str(decided or "") or None)


def _officer_poe(
    session: Session, principal: Principal, values: dict[str, Any]
) -> PointOfEntry | forms.Rejected:
    """The POE chosen on the form, or why it cannot be used (shown on screen 1)."""
    return forms.submit(
        session,
        lambda: service.officer_poe(
            session=session, actor=principal, poe_id=values.get("poe_id", "")
        ),
    )


# ---------------------------------------------------------------- screen 2: the prefilled form


def _mrz_fields(values: dict[str, Any], mrz: dict[str, Any] | None) -> dict[str, Any] | None:
    """The MRZ's fields: just read, or read again from the form's hidden copy after edits."""
    if mrz is not None:
        return dict(mrz["fields"])
    try:
        return dict(parse(values["mrz"]).to_dict()["fields"]) if values.get("mrz") else None
    except MRZUnreadable:
        return None


def _check_page(
    request: Request,
    session: Session,
    poe: PointOfEntry,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    status_code: int = 200,
    mrz: dict[str, Any] | None = None,
) -> Response:
    journey, journey_note = journey_preview(session, poe=poe, values=values)
    context = {
        "checks": document_checks(typed=values, mrz=_mrz_fields(values, mrz), on=today()),
        "values": values,
        "errors": errors or {},
        "poe": poe,
        "mrz": mrz,
        "matches": screening_preview(session, values),
        "journey": journey,
        "journey_note": journey_note,
        "purposes": PURPOSES,
    }
    return render(request, "border/check.html", context, status_code=status_code)


@router.post("/border/check")
async def check_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("border.operate")],
) -> Response:
    """Screen 2: the form prefilled from the MRZ (or re-checked after edits), with previews."""
    values = await _form(request)
    values["direction"] = "exit" if values.get("direction") == "exit" else "entry"
    poe = _officer_poe(session, principal, values)
    if isinstance(poe, forms.Rejected):
        return _start_page(request, session, principal, values, poe.errors, poe.status)
    values["poe_id"] = str(poe.id)
    if values.get("stage") == "edit":
        return _check_page(request, session, poe, values)
    try:
        result = parse(values.get("mrz", ""))
    except MRZUnreadable as error:
        errors = forms.field_errors(error.as_invalid("mrz"))
        return _start_page(request, session, principal, values, errors, 422)
    mrz = result.to_dict()
    values |= payloads.values_from_mrz(mrz["fields"]) | {"mrz": " ".join(mrz["fields"]["lines"])}
    problems = payloads.mrz_problems(result.errors)
    return _check_page(request, session, poe, values, problems, mrz=mrz)


@router.post("/border/crossings")
async def register_crossing(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("border.operate")],
) -> Response:
    """Register the crossing from the checked form, then show screen 3."""
    values = await _form(request)
    poe = _officer_poe(session, principal, values)
    if isinstance(poe, forms.Rejected):
        return _start_page(request, session, principal, values, poe.errors, poe.status)
    crossing = forms.submit(
        session,
        lambda: service.register_crossing(
            session=session,
            data=CrossingCreate.model_validate(payloads.crossing_payload(values)),
            actor=principal,
        ),
        field_of=payloads.form_field,
    )
    if isinstance(crossing, forms.Rejected):
        return _check_page(request, session, poe, values, crossing.errors, crossing.status)
    return redirect(f"/border/crossings/{crossing.id}")


# ---------------------------------------------------------------- screen 3: hits, rules, decision


def _crossing_page(
    request: Request,
    session: Session,
    principal: Principal,
    crossing_id: uuid.UUID,
    rejected: forms.Rejected | None = None,
    values: dict[str, Any] | None = None,
) -> Response:
    crossing, traveller, document = service.get_crossing_detail(
        session=session, crossing_id=crossing_id, actor=principal
    )
    hits = screening.hits_for_crossing(session=session, crossing_id=crossing.id)
    context = {
        "crossing": crossing,
        "traveller": traveller,
        "document": document,
        "poe": geo_service.get_poe(session=session, poe_id=crossing.poe_id),
        "hits": hits,
        "open_hits": sum(1 for hit in hits if hit.status == "open"),
        "journey": crossing.journey_check or {},
        "history": service.decision_history(session=session, crossing=crossing),
        "referrals": referrals.referrals_of_crossing(
            session=session, actor=principal, crossing_id=crossing.id
        ),
        "referral_directory": referrals.referral_directory(session=session),
        "values": values or {},
        "errors": rejected.errors if rejected else {},
        "decisions": DECISIONS,
        "flags": FLAGS,
        "indicators": TRAFFICKING_INDICATORS,
        "flag_label": flag_label,
        "indicator_label": indicator_label,
        "status_label": status_label,
    }
    status_code = rejected.status if rejected else 200
    return render(request, "border/crossing.html", context, status_code=status_code)


@router.get("/border/crossings/{crossing_id}")
def crossing_page(
    crossing_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("border.read")],
) -> Response:
    """Screen 3: screening hits, journey check, vulnerability flags and the decision."""
    return _crossing_page(request, session, principal, crossing_id)


def _redisplay(
    request: Request,
    session: Session,
    principal: Principal,
    crossing_id: uuid.UUID,
    values: dict[str, Any],
    rejected: forms.Rejected,
) -> Response:
    """Screen 3 again with the form's errors; a crossing that cannot be found stays a 404."""
    if isinstance(rejected.error, NotFound) and rejected.error.field is None:
        raise rejected.error
    return _crossing_page(request, session, principal, crossing_id, rejected, values)


@router.post("/border/crossings/{crossing_id}/decision")
async def record_decision(
    crossing_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("border.operate")],
) -> Response:
    """Record the officer's decision, then go back to screen 1 for the next traveller."""
    values = await _form(request)
    crossing = forms.submit(
        session,
        lambda: service.record_decision(
            session=session,
            crossing_id=crossing_id,
            data=DecisionCreate.model_validate(payloads.decision_payload(values)),
            actor=principal,
        ),
        field_of=payloads.form_field,
    )
    if isinstance(crossing, forms.Rejected):
        return _redisplay(request, session, principal, crossing_id, values, crossing)
    return redirect(f"/border?decided={crossing.id}&poe_id={crossing.poe_id}")


@router.post("/border/crossings/{crossing_id}/referrals")
async def refer_traveller(
    crossing_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("referrals.create")],
) -> Response:
    """Flag a vulnerable traveller and refer them to a service provider."""
    values = await _form(request)

    def refer() -> Referral:
        crossing = service.get_crossing(session=session, crossing_id=crossing_id, actor=principal)
        data = ReferralCreate.model_validate(payloads.referral_payload(crossing, values))
        return referrals.create_referral(session=session, data=data, actor=principal)

    referral = forms.submit(session, refer, field_of=payloads.form_field)
    if isinstance(referral, forms.Rejected):
        return _redisplay(request, session, principal, crossing_id, values, referral)
    return redirect(f"/border/crossings/{crossing_id}#referrals")
