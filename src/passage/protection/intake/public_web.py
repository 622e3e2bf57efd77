"""The public pages of the ways in: self-registration, following it with the receipt code,
anonymous questions and their answers. No account, phone-width, light: no script, the one
stylesheet inlined (`web.inline`), every string in the reader's language."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.kit.i18n import current_language
from passage.protection import pages, places
from passage.protection.intake import service as intake
from passage.protection.intake.schemas import Addition, QuestionCreate, SelfRegistration
from passage.protection.vocabulary import (
    REQUEST_TOPICS,
    SERVICE_TYPES,
    request_topic_label,
    service_type_label,
)
from passage.web import forms

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)

REGISTER_FIELDS = (
    "nationality_text",
    "given_names",
    "surname",
    "birth_date",
    "nationality",
    "phone",
    "country_iso3",
    "location",
    "household_size",
    "message",
)


def _register_page(
    request: Request,
    session: Any,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    context = {
        "values": values,
        "errors": errors,
        "needs": pages.options(SERVICE_TYPES, service_type_label),
    }
    return pages.page(request, "protection/register.html", context, status)


@router.get("/protection/register")
def register_page(
    request: Request, session: SessionDep, principal: Annotated[Principal, Require("public")]
) -> Response:
    """Register yourself for protection and assistance (no account needed)."""
    return _register_page(request, session, {}, {})


@router.post("/protection/register")
async def register(
    request: Request, session: SessionDep, principal: Annotated[Principal, Require("public")]
) -> Response:
    """Send a self-registration; the receipt code is shown once."""
    values = forms.form_values(await request.form(), lists=("situations", "needs"))
    payload = pages.blank_none(values, REGISTER_FIELDS) | {
        "given_names": values.get("given_names", ""),
        "surname": values.get("surname", ""),
        "sex": values.get("sex") or "U",
        "situations": values.get("situations", []),
        "needs": values.get("needs", []),
        "consent": values.get("consent") == "yes",
        "language": current_language(),
    }
    outcome = pages.submit(
        session,
        lambda: intake.self_register(
            session=session, data=SelfRegistration.model_validate(payload)
        ),
    )
    if isinstance(outcome, forms.Rejected):
        return _register_page(request, session, values, outcome.errors, outcome.status)
    return pages.page(request, "protection/registered.html", {"code": outcome[1]})


@router.get("/protection/follow")
def follow_page(request: Request, principal: Annotated[Principal, Require("public")]) -> Response:
    """Follow a registration with its receipt code."""
    return pages.page(request, "protection/follow.html", {"values": {}, "errors": {}})


@router.post("/protection/follow")
async def follow(
    request: Request, session: SessionDep, principal: Annotated[Principal, Require("public")]
) -> Response:
    """The status of a registration (never its data); more information can be added."""
    values = forms.form_values(await request.form())
    code = values.get("code", "")
    if values.get("text"):
        outcome: Any = pages.submit(
            session,
            lambda: intake.add_information(
                session=session, data=Addition(code=code, text=values["text"])
            ),
        )
    else:
        outcome = pages.submit(session, lambda: intake.receipt(session=session, code=code))
    if isinstance(outcome, forms.Rejected):
        return pages.page(
            request,
            "protection/follow.html",
            {"values": values, "errors": outcome.errors},
            outcome.status,
        )
    context = {
        "values": {"code": code},
        "errors": {},
        "receipt": outcome,
        "added": bool(values.get("text")),
    }
    return pages.page(request, "protection/follow.html", context)


def _ask_page(
    request: Request,
    session: Any,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    context = {
        "values": values,
        "errors": errors,
        "topics": pages.options(REQUEST_TOPICS, request_topic_label),
        "countries": places.countries(session),
    }
    return pages.page(request, "protection/ask.html", context, status)


@router.get("/protection/ask")
def ask_page(
    request: Request, session: SessionDep, principal: Annotated[Principal, Require("public")]
) -> Response:
    """Ask a question anonymously (e.g. about returning to a country)."""
    return _ask_page(request, session, {}, {})


@router.post("/protection/ask")
async def ask(
    request: Request, session: SessionDep, principal: Annotated[Principal, Require("public")]
) -> Response:
    """Send an anonymous question; its receipt code finds the answer."""
    values = forms.form_values(await request.form())
    payload = pages.blank_none(values, ("country_iso3", "contact")) | {
        "topic": values.get("topic", ""),
        "question": values.get("question", ""),
        "language": current_language(),
    }
    outcome = pages.submit(
        session, lambda: intake.ask(session=session, data=QuestionCreate.model_validate(payload))
    )
    if isinstance(outcome, forms.Rejected):
        return _ask_page(request, session, values, outcome.errors, outcome.status)
    return pages.page(request, "protection/asked.html", {"code": outcome[1]})


@router.post("/protection/answer")
async def answer_by_code(
    request: Request, session: SessionDep, principal: Annotated[Principal, Require("public")]
) -> Response:
    """The answer to an anonymous question, by its receipt code."""
    values = forms.form_values(await request.form())
    outcome = pages.submit(
        session, lambda: intake.question_by_code(session=session, code=values.get("code", ""))
    )
    if isinstance(outcome, forms.Rejected):
        return _ask_page(
            request, session, {"code": values.get("code", "")}, outcome.errors, outcome.status
        )
    return pages.page(request, "protection/asked.html", {"question": outcome})
