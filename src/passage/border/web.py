"""The officer screen: MRZ -> prefilled form -> crossing and decision.

Three screens, no JavaScript needed: `/border` (paste or scan the MRZ), `/border/check` (the
prefilled form with the screening and journey previews), `/border/crossings/{id}` (hits,
journey result, vulnerability flags, decision). The referral pages of case and partner workers
are in `referrals_web`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from passage.access import Principal, ScopeTarget, can
from passage.auth.deps import Require, verify_csrf
from passage.border import referrals, service
from passage.border.alerts import screening
from passage.border.alerts.schemas import ScreenMatch, ScreenRequest
from passage.border.models import Crossing
from passage.border.mrz import MRZUnreadable, parse
from passage.border.referral_schemas import (
    FLAGS,
    TRAFFICKING_INDICATORS,
    ReferralCreate,
    flag_label,
    indicator_label,
    status_label,
)
from passage.border.schemas import CrossingCreate, DecisionCreate
from passage.db import SessionDep
from passage.errors import Forbidden, Invalid, NotFound, PassageError
from passage.geo import repository as geo_repository
from passage.geo import service as geo_service
from passage.geo.models import PointOfEntry
from passage.journeys import service as journeys
from passage.journeys.schemas import JourneyCheck
from passage.kit.clock import today
from passage.web.render import redirect, render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)

TRAVELLER_FIELDS = ("surname", "given_names", "sex", "birth_date", "nationality", "residence_iso3")
DOCUMENT_FIELDS = ("document_code", "document_number", "issuing_state", "expiry_date")
TRAVEL_FIELDS = (
    "carrier",
    "transport_number",
    "seat",
    "origin_iso3",
    "final_destination_iso3",
    "purpose",
    "address_during_stay",
    "allowed_stay_days",
)
DECISIONS = ("admitted", "admitted_with_conditions", "referred_secondary", "refused")
PURPOSES = ("tourism", "business", "work", "study", "family", "transit", "return", "other")
# MRZ check digits and error prefixes -> the form field they concern.
MRZ_FIELD_OF = {"personal_number": "document_number", "optional_data": "document_number"}


# ---------------------------------------------------------------- form <-> payload (pure)


def form_values(form: FormData) -> dict[str, Any]:
    """The raw form as strings, with checkbox lists kept as lists."""
    values: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    for name in ("flags", "indicators"):
        values[name] = [v for v in form.getlist(name) if isinstance(v, str)]
    return values


def values_from_mrz(fields: dict[str, Any]) -> dict[str, str]:
    """Form values prefilled from parsed MRZ fields (dates only when complete)."""
    values = {name: str(fields.get(name) or "") for name in TRAVELLER_FIELDS + DOCUMENT_FIELDS}
    values["sex"] = values["sex"] if values["sex"] in ("M", "F", "X") else ""
    for name in ("birth_date", "expiry_date"):
        if fields.get(f"{name}_unknown_parts"):
            values[name] = ""
    return values


def mrz_problems(errors: Sequence[str]) -> dict[str, str]:
    """Parser errors keyed by the form field they concern (the rest under `mrz`)."""
    problems: dict[str, str] = {}
    known = set(TRAVELLER_FIELDS + DOCUMENT_FIELDS)
    for error in errors:
        name, _, message = error.partition(": ")
        name = MRZ_FIELD_OF.get(name, name)
        key, text = (name, message) if name in known and message else ("mrz", error)
        problems[key] = f"{problems[key]}; {text}" if key in problems else text
    return problems


def split_codes(text: str) -> list[str]:
    """Country codes typed as a comma- or space-separated list."""
    return [code.upper() for code in re.split(r"[\s,;]+", text.strip()) if code]


def _filled(values: dict[str, Any], names: Sequence[str]) -> dict[str, str]:
    return {name: value.strip() for name in names if (value := values.get(name, "")).strip()}


def crossing_payload(values: dict[str, Any]) -> dict[str, Any]:
    """A CrossingCreate-shaped dict from the check form: typed values override the MRZ."""
    payload: dict[str, Any] = {
        "poe_id": values.get("poe_id", ""),
        "direction": values.get("direction", ""),
        "mrz": values.get("mrz") or None,
        "transits": [{"country": code} for code in split_codes(values.get("transits", ""))],
    }
    payload |= _filled(values, TRAVEL_FIELDS)
    traveller = _filled(values, TRAVELLER_FIELDS)
    if "given_names" in values and "given_names" not in traveller:
        traveller["given_names"] = ""
    document = _filled(values, DOCUMENT_FIELDS)
    if traveller:
        payload["traveller"] = traveller
    if document:
        payload["document"] = document
    return payload


def field_errors(error: ValidationError) -> dict[str, str]:
    """Pydantic errors keyed by the form field (nested traveller/document fields flattened)."""
    errors: dict[str, str] = {}
    for item in error.errors():
        location = [str(part) for part in item["loc"]]
        if location and location[0] in ("traveller", "document") and len(location) > 1:
            location = location[1:]
        name = location[0] if location else "form"
        errors.setdefault(name, item["msg"].removeprefix("Value error, "))
    return errors


def error_dict(error: ValidationError | PassageError) -> dict[str, str]:
    """Form field -> message for a validation or Passage error (shown next to the field)."""
    if isinstance(error, ValidationError):
        return field_errors(error)
    return {(error.field or "form").split(".")[-1]: error.message}


# ---------------------------------------------------------------- the officer's POE


def operable_poes(session: Session, principal: Principal) -> list[PointOfEntry]:
    """The POEs the officer works at: those of POE grants, else all in their countries."""
    return geo_service.operable_poes(
        session=session, principal=principal, permission="border.operate"
    )


def chosen_poe(session: Session, principal: Principal, poe_id: str) -> PointOfEntry:
    """The POE picked on the form (or the officer's only one), checked against their scope."""
    if not poe_id.strip():
        poes = operable_poes(session, principal)
        poe_id = str(poes[0].id) if len(poes) == 1 else ""
    try:
        poe = geo_repository.get_poe(session, uuid.UUID(poe_id))
    except ValueError:
        poe = None
    if poe is None:
        raise Invalid("choose your point of entry", field="poe_id")
    if not can(principal, "border.operate", ScopeTarget(country=poe.country_iso3, poe_id=poe.id)):
        raise Forbidden("this point of entry is outside your scope", field="poe_id")
    return poe


# ---------------------------------------------------------------- previews (other services)


def journey_preview(
    session: Session, *, poe: PointOfEntry, values: dict[str, Any]
) -> tuple[dict[str, Any] | None, str | None]:
    """The journey check for an entry at this POE today, or why it cannot be run yet."""
    nationality = (values.get("nationality") or "").strip().upper()
    origin = (values.get("origin_iso3") or "").strip().upper() or nationality
    if values.get("direction") != "entry" or not nationality:
        return None, None
    transits = [{"country": code} for code in split_codes(values.get("transits", ""))]
    try:
        check = JourneyCheck.model_validate(
            {
                "traveller": {
                    "nationalities": [nationality],
                    "purpose": values.get("purpose") or None,
                },
                "itinerary": {
                    "origin": origin,
                    "transits": transits,
                    "destination": poe.country_iso3,
                    "poe_code": poe.code,
                    "arrival_date": today(),
                },
            }
        )
        return journeys.check_journey(session=session, request=check), None
    except (ValidationError, PassageError) as error:
        message = (
            error.message if isinstance(error, PassageError) else str(error.errors()[0]["msg"])
        )
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
        "poes": operable_poes(session, principal),
        "decided": decided,
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


# ---------------------------------------------------------------- screen 2: the prefilled form


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
    values = form_values(await request.form())
    values["direction"] = "exit" if values.get("direction") == "exit" else "entry"
    try:
        poe = chosen_poe(session, principal, values.get("poe_id", ""))
    except PassageError as error:
        return _start_page(request, session, principal, values, error_dict(error), error.status)
    values["poe_id"] = str(poe.id)
    if values.get("stage") == "edit":
        return _check_page(request, session, poe, values)
    try:
        result = parse(values.get("mrz", ""))
    except MRZUnreadable as error:
        errors = {"mrz": str(error) or "this is not a machine readable zone"}
        return _start_page(request, session, principal, values, errors, 422)
    mrz = result.to_dict()
    values |= values_from_mrz(mrz["fields"]) | {"mrz": " ".join(mrz["fields"]["lines"])}
    return _check_page(request, session, poe, values, mrz_problems(result.errors), mrz=mrz)


@router.post("/border/crossings")
async def register_crossing(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("border.operate")],
) -> Response:
    """Register the crossing from the checked form, then show screen 3."""
    values = form_values(await request.form())
    try:
        poe = chosen_poe(session, principal, values.get("poe_id", ""))
    except PassageError as error:
        return _start_page(request, session, principal, values, error_dict(error), error.status)
    try:
        data = CrossingCreate.model_validate(crossing_payload(values))
        crossing = service.register_crossing(session=session, data=data, actor=principal)
    except (ValidationError, PassageError) as error:
        session.rollback()
        status = 422 if isinstance(error, ValidationError) else error.status
        return _check_page(request, session, poe, values, error_dict(error), status)
    return redirect(f"/border/crossings/{crossing.id}")


# ---------------------------------------------------------------- screen 3: hits, rules, decision


def _crossing_page(
    request: Request,
    session: Session,
    principal: Principal,
    crossing_id: uuid.UUID,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    crossing, traveller, document = service.get_crossing_detail(
        session=session, crossing_id=crossing_id, actor=principal
    )
    hits = screening.hits_for_crossing(session=session, crossing_id=crossing.id)
    found, _ = referrals.search_referrals(session, principal=principal, crossing_id=crossing.id)
    context = {
        "crossing": crossing,
        "traveller": traveller,
        "document": document,
        "poe": geo_repository.get_poe(session, crossing.poe_id),
        "hits": hits,
        "open_hits": sum(1 for hit in hits if hit.status == "open"),
        "journey": crossing.journey_check or {},
        "referrals": found,
        "values": values or {},
        "errors": errors or {},
        "decisions": DECISIONS,
        "flags": FLAGS,
        "indicators": TRAFFICKING_INDICATORS,
        "flag_label": flag_label,
        "indicator_label": indicator_label,
        "status_label": status_label,
    }
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
    error: ValidationError | PassageError,
) -> Response:
    session.rollback()
    status = 422 if isinstance(error, ValidationError) else error.status
    if isinstance(error, NotFound) and error.field is None:
        raise error
    errors = error_dict(error)
    return _crossing_page(request, session, principal, crossing_id, errors, values, status)


@router.post("/border/crossings/{crossing_id}/decision")
async def record_decision(
    crossing_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("border.operate")],
) -> Response:
    """Record the officer's decision, then go back to screen 1 for the next traveller."""
    values = form_values(await request.form())
    try:
        data = DecisionCreate.model_validate(
            {
                "version": values.get("version") or 0,
                "decision": values.get("decision", ""),
                "reason": values.get("reason") or None,
            }
        )
        crossing = service.record_decision(
            session=session, crossing_id=crossing_id, data=data, actor=principal
        )
    except (ValidationError, PassageError) as error:
        return _redisplay(request, session, principal, crossing_id, values, error)
    return redirect(f"/border?decided={crossing.id}&poe_id={crossing.poe_id}")


@router.post("/border/crossings/{crossing_id}/referrals")
async def refer_traveller(
    crossing_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("referrals.create")],
) -> Response:
    """Flag a vulnerable traveller and refer them to a service provider."""
    values = form_values(await request.form())
    try:
        crossing = service.get_crossing(session=session, crossing_id=crossing_id, actor=principal)
        data = ReferralCreate.model_validate(referral_payload(crossing, values))
        referrals.create_referral(session=session, data=data, actor=principal)
    except (ValidationError, PassageError) as error:
        return _redisplay(request, session, principal, crossing_id, values, error)
    return redirect(f"/border/crossings/{crossing_id}#referrals")


def referral_payload(crossing: Crossing, values: dict[str, Any]) -> dict[str, Any]:
    """A ReferralCreate-shaped dict from the flags form of a crossing."""
    return {
        "traveller_id": crossing.traveller_id,
        "crossing_id": crossing.id,
        "flags": values.get("flags", []),
        "indicators": values.get("indicators", []),
        "consent_given": values.get("consent_given") == "yes",
        "service_provider": values.get("service_provider", ""),
        "organisation": values.get("organisation", ""),
        "notes": values.get("notes") or None,
    }
