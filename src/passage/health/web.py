"""Port-health pages for officers: the home page, SOP screening (prefilled from a crossing or an
MRZ), the screening result, and certificate verification (pasted text, uploaded photo, camera).
Every page works without JavaScript; the camera is an enhancement."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.border.mrz import MRZUnreadable, parse
from passage.db import SessionDep
from passage.errors import Invalid, PassageError
from passage.geo import repository as geo_repository
from passage.geo import service as geo_service
from passage.health import access, cases, certificates, criteria, repository, screening
from passage.health.forms import field_errors, form_values, screening_payload
from passage.health.labels import TEMPLATE_HELPERS
from passage.health.qr import QRUnreadable, read_qr_image
from passage.health.schemas import ScreeningCreate
from passage.kit.clock import today
from passage.kit.uploads import read_upload
from passage.web.render import redirect, render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def page(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    """Render a port-health page with the label helpers."""
    return render(request, template, {**TEMPLATE_HELPERS, **context}, status_code=status)


@router.get("/health")
def home(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.read")],
) -> Response:
    """Today's work: screen a traveller, follow-ups due, open cases, recent screenings."""
    recent, _ = screening.search_screenings(session=session, actor=principal, limit=10)
    open_cases, _ = cases.search_cases(session=session, actor=principal, status="open", limit=10)
    context = {
        "poes": access.operable_poes(session, principal),
        "recent": recent,
        "open_cases": open_cases,
        "due": cases.due_follow_ups(session=session, actor=principal),
        "poe_names": _poe_names(session, [s.poe_id for s in recent]),
    }
    return page(request, "health/home.html", context)


def _poe_names(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    return {pid: poe.name for pid in set(ids) if (poe := geo_repository.get_poe(session, pid))}


# ---------------------------------------------------------------- screening


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
        except PassageError as error:
            errors = field_errors(error)
    return _form_page(request, session, principal, values, errors)


@router.post("/health/screenings/new")
async def read_mrz(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.screen")],
) -> Response:
    """Fill the identity fields of the form from a pasted or scanned MRZ."""
    values = form_values(await request.form())
    try:
        fields = parse(values.get("mrz", "")).to_dict()["fields"]
    except MRZUnreadable as error:
        return _form_page(request, session, principal, values, {"mrz": str(error)}, 422)
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
    values = form_values(await request.form())
    try:
        data = ScreeningCreate.model_validate(screening_payload(values))
        item = screening.screen(session=session, data=data, actor=principal)
    except (ValidationError, PassageError) as error:
        session.rollback()
        status = error.status if isinstance(error, PassageError) else 422
        return _form_page(request, session, principal, values, field_errors(error), status)
    return redirect(f"/health/screenings/{item.id}")


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
        "poe": geo_repository.get_poe(session, item.poe_id),
        "case": repository.case_of_screening(session, item.id),
        "check": check,
        "disease_names": criteria.names(criteria.current(session)),
    }
    return page(request, "health/screening.html", context)


@router.post("/health/screenings/{screening_id}/case")
def open_case(
    screening_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.cases")],
) -> Response:
    """Open a case from a screening that needs action."""
    case = cases.open_case_for(session=session, screening_id=screening_id, actor=principal)
    return redirect(f"/health/cases/{case.id}")


# ---------------------------------------------------------------- certificates


def _certificate_page(
    request: Request,
    session: Session,
    principal: Principal,
    values: dict[str, Any],
    result: Any = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "values": values,
        "result": result,
        "errors": errors or {},
        "poes": access.operable_poes(session, principal),
    }
    return page(request, "health/certificates.html", context, status)


@router.get("/health/certificates")
def certificate_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("certificates.verify")],
    poe_id: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    """Verify a certificate: paste the QR text, upload a photo, or use the camera."""
    return _certificate_page(request, session, principal, {"poe_id": poe_id})


@router.post("/health/certificates")
async def verify_certificate(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("certificates.verify")],
    poe_id: Annotated[str, Form(max_length=40)] = "",
    qr_text: Annotated[str, Form(max_length=8000)] = "",
    photo: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Read the QR code (text or photo), verify it, and show every step."""
    values = {"poe_id": poe_id, "qr_text": qr_text}
    try:
        text = qr_text.strip() or await _photo_text(photo)
        poe = geo_service.require_poe_in_scope(
            session, _uuid(poe_id), principal, "certificates.verify"
        )
        verification = certificates.verify_qr(
            session=session, qr_text=text, destination=poe.country_iso3
        )
        check = certificates.record_check(
            session=session,
            verification=verification,
            actor=principal,
            poe_id=poe.id,
            destination=poe.country_iso3,
            source="text" if qr_text.strip() else "photo",
        )
    except PassageError as error:
        session.rollback()
        return _certificate_page(
            request, session, principal, values, None, field_errors(error), error.status
        )
    values["qr_text"] = text
    return _certificate_page(request, session, principal, values, check)


async def _photo_text(photo: UploadFile | None) -> str:
    if photo is None or not photo.filename:
        raise Invalid("paste the QR text, or choose a photo of the QR code", field="qr_text")
    content = await read_upload(photo, max_megabytes=15)
    try:
        return await run_in_threadpool(read_qr_image, content)
    except QRUnreadable as error:
        raise Invalid(str(error), field="photo") from None


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Invalid("choose your point of entry", field="poe_id") from None
