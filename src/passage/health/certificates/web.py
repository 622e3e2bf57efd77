"""The certificate check page of port-health officers: paste the QR text, upload a photo (read
on the server, so it works without JavaScript), or use the camera; every step is shown."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.errors import Invalid, PassageError
from passage.health import access
from passage.health.certificates import service
from passage.health.certificates.models import CertificateCheck
from passage.health.certificates.qr import QRUnreadable, read_qr_image
from passage.health.pages import page
from passage.kit.uploads import read_upload
from passage.web import forms

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def _certificate_page(
    request: Request,
    session: Session,
    principal: Principal,
    values: dict[str, Any],
    result: CertificateCheck | None = None,
    rejected: forms.Rejected | None = None,
) -> Response:
    context = {
        "values": values,
        "result": result,
        "errors": rejected.errors if rejected else {},
        "poes": access.operable_poes(session, principal),
    }
    status = rejected.status if rejected else 200
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
        check = service.verify_and_record(
            session=session,
            qr_text=text,
            actor=principal,
            source="text" if qr_text.strip() else "photo",
            poe_id=_uuid(poe_id),
        )
    except PassageError as error:
        rejected = forms.reject(session, error)
        return _certificate_page(request, session, principal, values, rejected=rejected)
    values["qr_text"] = text
    return _certificate_page(request, session, principal, values, check)


async def _photo_text(photo: UploadFile | None) -> str:
    if photo is None or not photo.filename:
        raise Invalid("paste the QR text, or choose a photo of the QR code", field="qr_text")
    content = await read_upload(photo, max_megabytes=15)
    try:
        return await run_in_threadpool(read_qr_image, content)
    except QRUnreadable as error:
        raise error.as_invalid("photo") from None


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Invalid("choose your point of entry", field="poe_id") from None
