"""Pages of the ways in for case workers: the intake form, the registrations to verify,
anonymous questions to answer and border referrals to take up (the public pages are in
`public_web`)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.border.referrals.schemas import flag_label
from passage.db import SessionDep
from passage.protection import pages, places
from passage.protection.cases import service as cases
from passage.protection.cases.schemas import IntakeCreate
from passage.protection.intake import border
from passage.protection.intake import service as intake
from passage.protection.intake.schemas import (
    Answer,
    Refusal,
    Verification,
)
from passage.protection.referrals import service as referrals
from passage.protection.registry import service as registry
from passage.protection.vocabulary import (
    CASE_TYPES,
    MIGRATION_STATUSES,
    SERVICE_TYPES,
    SITUATIONS,
    case_type_label,
    migration_status_label,
    service_type_label,
    situation_label,
)
from passage.web import forms
from passage.web.render import redirect

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
# ---------------------------------------------------------------- case workers

INTAKE_TEXT = (
    "given_names",
    "surname",
    "birth_date",
    "nationality",
    "phone",
    "email",
    "country_iso3",
    "admin1",
    "location",
    "notes",
)


def _intake_page(
    request: Request,
    session: Any,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    context = {
        "values": values,
        "errors": errors,
        "countries": places.countries(session),
        "situations": pages.options(SITUATIONS, situation_label),
        "needs": pages.options(SERVICE_TYPES, service_type_label),
        "case_types": pages.options(CASE_TYPES, case_type_label),
        "statuses": pages.options(MIGRATION_STATUSES, migration_status_label),
    }
    return pages.page(request, "protection/intake.html", context, status)


@router.get("/protection/intake")
def intake_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> Response:
    """The intake form: a person and their first case."""
    return _intake_page(request, session, {"case_type": "general_protection"}, {})


def intake_payload(values: dict[str, Any]) -> dict[str, Any]:
    """An IntakeCreate-shaped dict from the intake form."""
    person = pages.blank_none(values, INTAKE_TEXT) | {
        "given_names": values.get("given_names", ""),
        "surname": values.get("surname", ""),
        "sex": values.get("sex") or "U",
        "migration_status": values.get("migration_status") or "unknown",
        "situations": values.get("situations", []),
        "needs": values.get("needs", []),
        "languages": pages.words(values.get("languages")),
        "organisation": values.get("organisation") or None,
    }
    return {
        "person": person,
        "case_type": values.get("case_type", ""),
        "risk_level": values.get("risk_level") or "medium",
        "note": values.get("note") or None,
    }


@router.post("/protection/intake")
async def intake_form(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> Response:
    """Register the person and open the case."""
    values = forms.form_values(await request.form(), lists=("situations", "needs"))
    outcome = pages.submit(
        session,
        lambda: cases.intake(
            session=session,
            data=IntakeCreate.model_validate(intake_payload(values)),
            actor=principal,
        ),
    )
    if isinstance(outcome, forms.Rejected):
        return _intake_page(request, session, values, outcome.errors, outcome.status)
    return redirect(f"/protection/cases/{outcome[1].id}")


@router.get("/protection/registrations")
def registrations_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
    status: Annotated[str, Query(max_length=20)] = "submitted",
) -> Response:
    """Registrations waiting for verification (and those handled)."""
    items, total = intake.list_registrations(
        session=session, actor=principal, status=status or None
    )
    return pages.page(
        request, "protection/registrations.html", {"items": items, "total": total, "status": status}
    )


def _registration_page(
    request: Request,
    session: Any,
    principal: Principal,
    registration_id: uuid.UUID,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    registration = intake.get_registration(
        session=session, registration_id=registration_id, actor=principal
    )
    details = registration.details
    matches = []
    if registration.status == "submitted" and details.get("given_names"):
        name = f"{details.get('given_names', '')} {details.get('surname', '')}".strip()
        matches = registry.search_names(
            session=session,
            actor=principal,
            name=name,
            nationality=details.get("nationality"),
            limit=5,
        )
    context = {
        "registration": registration,
        "matches": matches,
        "errors": errors or {},
        "case_types": pages.options(CASE_TYPES, case_type_label),
    }
    return pages.page(request, "protection/registration.html", context, status)


@router.get("/protection/registrations/{registration_id}")
def registration_page(
    registration_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
) -> Response:
    """A registration, possible matches in the registry, and the verification form."""
    return _registration_page(request, session, principal, registration_id)


@router.post("/protection/registrations/{registration_id}")
async def decide_registration(
    registration_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> Response:
    """Verify a registration (it becomes a person and a case) or refuse it with a reason."""
    values = forms.form_values(await request.form())
    if values.get("decision") == "refuse":
        outcome: Any = pages.submit(
            session,
            lambda: intake.refuse(
                session=session,
                registration_id=registration_id,
                data=Refusal(
                    version=int(values.get("version") or 0), reason=values.get("reason", "")
                ),
                actor=principal,
            ),
        )
        target = "/protection/registrations"
    else:
        payload = {
            "version": values.get("version") or 0,
            "existing_person_id": values.get("existing_person_id") or None,
            "case_type": values.get("case_type") or "general_protection",
            "risk_level": values.get("risk_level") or "medium",
            "note": values.get("note") or None,
        }
        outcome = pages.submit(
            session,
            lambda: intake.verify(
                session=session,
                registration_id=registration_id,
                data=Verification.model_validate(payload),
                actor=principal,
            ),
        )
        target = ""
    if isinstance(outcome, forms.Rejected):
        return _registration_page(
            request, session, principal, registration_id, outcome.errors, outcome.status
        )
    return redirect(target or f"/protection/cases/{outcome[1].id}")


@router.get("/protection/questions")
def questions_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
    status: Annotated[str, Query(max_length=20)] = "open",
) -> Response:
    """Anonymous questions to answer."""
    items, total = intake.list_questions(session=session, status=status or None)
    return pages.page(
        request,
        "protection/questions.html",
        {"items": items, "total": total, "status": status, "errors": {}},
    )


@router.post("/protection/questions/{request_id}")
async def answer_question(
    request_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> Response:
    """Answer an anonymous question."""
    values = forms.form_values(await request.form())
    outcome = pages.submit(
        session,
        lambda: intake.answer_question(
            session=session,
            request_id=request_id,
            data=Answer(version=int(values.get("version") or 0), answer=values.get("answer", "")),
            actor=principal,
        ),
    )
    if isinstance(outcome, forms.Rejected):
        items, total = intake.list_questions(session=session, status="open")
        context = {
            "items": items,
            "total": total,
            "status": "open",
            "errors": outcome.errors,
            "failed": request_id,
        }
        return pages.page(request, "protection/questions.html", context, outcome.status)
    return redirect("/protection/questions")


@router.get("/protection/border-referrals")
def border_referrals_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> Response:
    """Referrals made at points of entry to your organisation, to take up as cases."""
    rows = border.waiting(session=session, actor=principal)
    referrals.mark_queue_seen(session=session, actor=principal, queue=referrals.BORDER_QUEUE)
    return pages.page(
        request,
        "protection/border_referrals.html",
        {"rows": rows, "errors": {}, "border_flag_label": flag_label},
    )


@router.post("/protection/border-referrals/{referral_id}")
async def take_up(
    referral_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> Response:
    """Open the case of a border referral, keeping its consent and flags."""
    values = forms.form_values(await request.form())
    outcome = pages.submit(
        session,
        lambda: border.take_up(
            session=session,
            referral_id=referral_id,
            data=border.TakeUp(risk_level=values.get("risk_level") or "high"),
            actor=principal,
        ),
    )
    if isinstance(outcome, forms.Rejected):
        rows = border.waiting(session=session, actor=principal)
        return pages.page(
            request,
            "protection/border_referrals.html",
            {"rows": rows, "errors": outcome.errors, "border_flag_label": flag_label},
            outcome.status,
        )
    return redirect(f"/protection/cases/{outcome.id}")
