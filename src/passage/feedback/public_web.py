"""The public feedback pages: the form (which keeps working offline as an installed web app,
see static/js/feedback.js), following feedback by its tracking code, the service worker and
the web app manifest. No account; phone-width; the one stylesheet inlined."""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from passage.access import Principal
from passage.auth.deps import Open, Require, verify_csrf
from passage.db import SessionDep
from passage.feedback import photos, service
from passage.feedback.api import source_of
from passage.feedback.schemas import FeedbackSubmit
from passage.feedback.vocabulary import CATEGORIES, LANGUAGES, category_label
from passage.kit.i18n import current_language
from passage.kit.i18n import gettext_ as _
from passage.kit.photos import MAX_BYTES
from passage.protection import pages
from passage.web import forms

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
STATIC = Path(__file__).resolve().parents[1] / "static" / "js"
FIELDS = ("contact", "place", "country_iso3", "interpreter_language", "website")


def _form(request: Request, values: dict[str, Any], errors: dict[str, str], status: int = 200):
    context = {
        "values": values,
        "errors": errors,
        "categories": pages.options(CATEGORIES, category_label),
        "languages_spoken": list(LANGUAGES.items()),
    }
    return pages.page(request, "feedback/submit.html", context, status)


@router.get("/feedback")
def form_page(request: Request, principal: Annotated[Principal, Require("public")]) -> Response:
    """Tell us: a question, a request, a complaint or thanks (anonymous by default)."""
    return _form(request, {"language": current_language()}, {})


@router.post("/feedback", max_body_size=photos.FORM_BODY_BYTES)
async def submit(
    request: Request, session: SessionDep, principal: Annotated[Principal, Require("public")]
) -> Response:
    """The form sent without the script (the script sends through the API and its queue)."""
    form = await request.form()
    values = forms.form_values(form)
    photo_files = await _photo_files(form.getlist("photos"))
    payload = pages.blank_none(values, FIELDS) | {
        "client_id": values.get("client_id") or f"form-{_random_id()}",
        "category": values.get("category", ""),
        "message": values.get("message", ""),
        "language": values.get("language") or current_language(),
        "consent_to_refer": values.get("consent_to_refer") == "yes",
    }
    outcome = pages.submit(
        session,
        lambda: service.submit(
            session=session,
            data=FeedbackSubmit.model_validate(payload),
            source=source_of(request),
            photo_files=photo_files,
        ),
    )
    if isinstance(outcome, forms.Rejected):
        return _form(request, values, outcome.errors, outcome.status)
    return pages.page(request, "feedback/sent.html", {"receipt": outcome})


async def _photo_files(parts: list[Any]) -> list[bytes]:
    """The chosen photos' bytes (each read up to one byte past the limit, which refuses it)."""
    chosen = [part for part in parts if isinstance(part, UploadFile) and part.filename]
    return [await part.read(MAX_BYTES + 1) for part in chosen[: photos.MAX_PHOTOS + 1]]


def _random_id() -> str:
    return secrets.token_hex(12)


@router.get("/feedback/follow")
def follow_page(request: Request, principal: Annotated[Principal, Require("public")]) -> Response:
    """Follow feedback with its tracking code."""
    return pages.page(request, "feedback/follow.html", {"values": {}, "errors": {}})


@router.post("/feedback/follow")
async def follow(
    request: Request, session: SessionDep, principal: Annotated[Principal, Require("public")]
) -> Response:
    """The status and the answer of feedback, by its tracking code."""
    values = forms.form_values(await request.form())
    code = str(values.get("code", ""))
    outcome = pages.submit(
        session,
        lambda: service.status_by_code(session=session, code=code, source=source_of(request)),
    )
    if isinstance(outcome, forms.Rejected):
        failed = {"values": values, "errors": outcome.errors}
        return pages.page(request, "feedback/follow.html", failed, outcome.status)
    found: dict[str, Any] = {"values": {"code": code}, "errors": {}, "found": outcome}
    return pages.page(request, "feedback/follow.html", found)


@router.get("/feedback/sw.js")
def service_worker(principal: Annotated[Principal, Open()]) -> Response:
    """The service worker, served under /feedback so that it controls the feedback pages."""
    return Response(
        (STATIC / "feedback-sw.js").read_text(encoding="utf-8"),
        media_type="text/javascript",
        # the script sits in /feedback/ and controls /feedback itself too
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/feedback"},
    )


@router.get("/feedback/manifest.webmanifest")
def manifest(principal: Annotated[Principal, Open()]) -> Response:
    """The web app manifest: the feedback page installs on a phone's home screen."""
    body = {
        "name": _("Passage feedback"),
        "short_name": _("Feedback"),
        "start_url": "/feedback",
        "scope": "/feedback",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b4f8a",
        "icons": [],
    }
    return Response(json.dumps(body), media_type="application/manifest+json")
