"""Screening pages: the SOP form (prefilled from a crossing or an MRZ) and its result for
port-health officers, and the disease criteria for administrators (each save is a new revision,
no personal data)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.border.mrz import MRZUnreadable, parse
from passage.db import SessionDep
from passage.errors import PassageError
from passage.geo import service as geo_service
from passage.health import access
from passage.health.cases import service as cases
from passage.health.certificates import service as certificates
from passage.health.pages import page
from passage.health.screening import criteria
from passage.health.screening import service as screening
from passage.health.screening.engine import CLASSIFICATIONS, SYMPTOMS
from passage.health.screening.forms import LIST_FIELDS, criteria_payload, screening_payload
from passage.health.screening.schemas import CriteriaInput, ScreeningCreate
from passage.kit.clock import today
from passage.web import forms
from passage.web.render import redirect

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def _form_page(
    request: Request,
    session: Session,
    principal: Principal,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    values.setdefault("arrival_date", today().isoformat())
    values.setdefault("evidence_kind", "none")
    context = {
        "values": values,
        "errors": errors or {},
        "poes": access.operable_poes(session, principal),
        "symptoms": screening.symptom_vocabulary(session),
        "diseases": criteria.current(session, active_only=True),
    }
    return page(request, "health/screening_form.html", context, status)


@router.get("/health/screenings/new")
def new_screening(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.screen")],
    poe_id: Annotated[str, Query(max_length=40)] = "",
    crossing_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Response:
    """The SOP screening form, prefilled from a crossing when one is given."""
    values: dict[str, Any] = {"poe_id": poe_id}
    errors: dict[str, str] = {}
    if crossing_id is not None:
        try:
            values |= screening.prefill_from_crossing(
                session=session, crossing_id=crossing_id, actor=principal
            )
        except PassageError as error:  # nothing was written: the form shows why, no rollback
            errors = forms.field_errors(error)
    return _form_page(request, session, principal, values, errors)


@router.post("/health/screenings/new")
async def read_mrz(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.screen")],
) -> Response:
    """Fill the identity fields of the form from a pasted or scanned MRZ."""
    values = forms.form_values(await request.form(), lists=LIST_FIELDS)
    try:
        fields = parse(values.get("mrz", "")).to_dict()["fields"]
    except MRZUnreadable as error:
        errors = forms.field_errors(error.as_invalid("mrz"))
        return _form_page(request, session, principal, values, errors, 422)
    for name in ("surname", "given_names", "nationality", "document_number"):
        values[name] = str(fields.get(name) or "")
    values["sex"] = fields.get("sex") if fields.get("sex") in ("F", "M", "X") else ""
    values["birth_date"] = fields.get("birth_date_partial") or ""
    return _form_page(request, session, principal, values)


@router.post("/health/screenings")
async def create_screening(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.screen")],
) -> Response:
    """Record and classify the screening, then show its result."""
    values = forms.form_values(await request.form(), lists=LIST_FIELDS)
    outcome = forms.submit(
        session,
        lambda: screening.screen(
            session=session,
            data=ScreeningCreate.model_validate(screening_payload(values)),
            actor=principal,
        ),
    )
    if isinstance(outcome, forms.Rejected):
        return _form_page(request, session, principal, values, outcome.errors, outcome.status)
    return redirect(f"/health/screenings/{outcome.id}")


@router.get("/health/screenings/{screening_id}")
def screening_page(
    screening_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.read")],
) -> Response:
    """A screening's classification, why, the criteria revisions used, and its case."""
    item = screening.get_screening(session=session, screening_id=screening_id, actor=principal)
    check = None
    if item.certificate_check_id:
        check = certificates.get_check(
            session=session, check_id=item.certificate_check_id, actor=principal
        )
    context = {
        "screening": item,
        "poe": geo_service.get_poe(session=session, poe_id=item.poe_id),
        "case": cases.case_of_screening(session=session, screening_id=item.id),
        "check": check,
        "disease_names": criteria.names(criteria.current(session)),
    }
    return page(request, "health/screening.html", context)


# ---------------------------------------------------------------- criteria (administrators)


@router.get("/admin/health/criteria")
def criteria_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
) -> Response:
    """The current criteria of every disease."""
    return page(request, "health/admin/criteria.html", {"rows": criteria.current(session)})


def _criteria_form(
    request: Request,
    session: Session,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    code = values.get("disease_code") or ""
    history = criteria.history(session=session, disease_code=code) if code else []
    symptoms = list(dict.fromkeys([*SYMPTOMS, *values.get("symptoms", [])]))
    context = {
        "values": values,
        "errors": errors or {},
        "history": history,
        "symptom_codes": symptoms,
        "classifications": CLASSIFICATIONS,
        "is_new": not history,
    }
    return page(request, "health/admin/criteria_form.html", context, status)


@router.get("/admin/health/criteria/new")
def new_disease(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
) -> Response:
    """The form for a new disease."""
    values: dict[str, Any] = {
        "min_symptoms": 1,
        "exposure_is_link": True,
        "is_active": True,
        "outcome_signs_and_link": "isolate_refer",
        "outcome_signs_only": "secondary_assessment",
        "outcome_link_only": "secondary_assessment",
    }
    return _criteria_form(request, session, values)


@router.get("/admin/health/criteria/{disease_code}")
def edit_criteria(
    disease_code: str,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
) -> Response:
    """The current revision as a form; saving makes the next revision."""
    latest = criteria.revisions(session, disease_code)[0]
    return _criteria_form(request, session, criteria.as_input(latest))


@router.post("/admin/health/criteria")
async def save_criteria(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
) -> Response:
    """Save a new revision (or a new disease)."""
    values = forms.form_values(await request.form(), lists=LIST_FIELDS)
    outcome = forms.submit(
        session,
        lambda: criteria.save_revision(
            session=session,
            data=CriteriaInput.model_validate(criteria_payload(values)),
            actor=principal,
        ),
    )
    if isinstance(outcome, forms.Rejected):
        shown = _redisplay_values(values)
        return _criteria_form(request, session, shown, outcome.errors, outcome.status)
    return redirect(f"/admin/health/criteria/{outcome.disease_code}?saved={outcome.revision}")


def _redisplay_values(values: dict[str, Any]) -> dict[str, Any]:
    shown = dict(values)
    for name in ("exposure_is_link", "evidence_clears", "is_active"):
        shown[name] = values.get(name) == "yes"
    shown["affected_countries"] = values.get("affected_countries", "").split()
    return shown
