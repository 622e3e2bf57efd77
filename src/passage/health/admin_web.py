"""Administrator pages of port health, without personal data: disease criteria (each save is a
new revision), DCC trust lists and value sets, and e-mail settings with the delivery outbox."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.errors import PassageError
from passage.health import certificates, criteria, mail_admin, notifications, repository
from passage.health.admin_api import value_set_reads
from passage.health.admin_schemas import CriteriaInput, MailSettingsInput
from passage.health.forms import criteria_payload, field_errors, form_values
from passage.health.screening_engine import CLASSIFICATIONS, SYMPTOMS
from passage.health.web import page
from passage.kit.uploads import read_upload
from passage.web.render import redirect

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


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
    history = repository.criteria_revisions(session, code) if code else []
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
    values = form_values(await request.form())
    try:
        data = CriteriaInput.model_validate(criteria_payload(values))
        row = criteria.save_revision(session=session, data=data, actor=principal)
    except (ValidationError, PassageError) as error:
        session.rollback()
        status = error.status if isinstance(error, PassageError) else 422
        shown = _redisplay_values(values)
        return _criteria_form(request, session, shown, field_errors(error), status)
    return redirect(f"/admin/health/criteria/{row.disease_code}?saved={row.revision}")


def _redisplay_values(values: dict[str, Any]) -> dict[str, Any]:
    shown = dict(values)
    for name in ("exposure_is_link", "evidence_clears", "is_active"):
        shown[name] = values.get(name) == "yes"
    shown["affected_countries"] = values.get("affected_countries", "").split()
    return shown


# ---------------------------------------------------------------- trust lists and value sets


def _certificates_page(
    request: Request,
    session: Session,
    report: Any = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    lists = repository.trust_lists(session)
    context = {
        "lists": [(trust, certificates.signers_view(session, trust)) for trust in lists],
        "value_sets": value_set_reads(session),
        "report": report,
        "errors": errors or {},
    }
    return page(request, "health/admin/certificates.html", context, status)


@router.get("/admin/health/certificates")
def certificates_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
) -> Response:
    """Trust lists of signer certificates and the value sets in force."""
    return _certificates_page(request, session)


@router.post("/admin/health/trust-lists")
async def import_trust_list(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
    file: Annotated[UploadFile, File()],
    name: Annotated[str, Form(max_length=120)] = "",
) -> Response:
    """Import (or rotate) a trust list from a file of signer certificates."""
    try:
        content = await read_upload(file, max_megabytes=50)
        report = certificates.import_trust_list(
            session=session, name=name, data=content, actor=principal
        )
    except PassageError as error:
        session.rollback()
        return _certificates_page(request, session, None, field_errors(error), error.status)
    return _certificates_page(request, session, report)


@router.post("/admin/health/value-sets")
async def import_value_sets(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
    file: Annotated[UploadFile, File()],
) -> Response:
    """Import official value-set JSON."""
    try:
        content = await read_upload(file, max_megabytes=20)
        certificates.import_value_sets(session=session, data=content, actor=principal)
    except PassageError as error:
        session.rollback()
        errors = {"value_sets": error.message}
        return _certificates_page(request, session, None, errors, error.status)
    return redirect("/admin/health/certificates#value-sets")


# ---------------------------------------------------------------- e-mail


def _mail_page(
    request: Request,
    session: Session,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    current = mail_admin.settings_read(session)
    context = {
        "settings": current,
        "values": values or current.model_dump(),
        "errors": errors or {},
        "counts": repository.outbox_counts(session),
        "recent": repository.recent_outbox(session, limit=20),
    }
    return page(request, "health/admin/mail.html", context, status)


@router.get("/admin/health/mail")
def mail_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
) -> Response:
    """SMTP settings and the delivery of notification e-mails."""
    return _mail_page(request, session)


@router.post("/admin/health/mail")
async def save_mail(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
) -> Response:
    """Save the SMTP settings."""
    values = form_values(await request.form())
    payload = {
        "version": values.get("version") or None,
        "enabled": values.get("enabled") == "yes",
        "host": values.get("host", ""),
        "port": values.get("port") or 587,
        "security": values.get("security") or "starttls",
        "username": values.get("username") or None,
        "sender": values.get("sender", ""),
    }
    try:
        data = MailSettingsInput.model_validate(payload)
        mail_admin.save(session=session, data=data, actor=principal)
    except (ValidationError, PassageError) as error:
        session.rollback()
        status = error.status if isinstance(error, PassageError) else 422
        return _mail_page(request, session, payload, field_errors(error), status)
    return redirect("/admin/health/mail?saved=1")


@router.post("/admin/health/outbox/retry")
def retry_outbox(
    session: SessionDep, principal: Annotated[Principal, Require("health.admin")]
) -> Response:
    """Give failed messages another round of attempts."""
    notifications.retry_failed(session)
    return redirect("/admin/health/mail")
