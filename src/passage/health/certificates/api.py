"""JSON routes of the certificate check at a point of entry: verify a QR payload (text or
photo) and read a stored check back (health roles in scope; every read is audited)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.errors import Invalid
from passage.health.certificates import service
from passage.health.certificates.qr import QRUnreadable, read_qr_image
from passage.health.certificates.schemas import CertificateCheckRead, CertificateVerify
from passage.kit.uploads import read_upload

router = APIRouter(prefix="/api/v1/health", tags=["port health"])


def _verify(
    session: Session, principal: Principal, data: CertificateVerify, source: str
) -> CertificateCheckRead:
    check = service.verify_and_record(
        session=session,
        qr_text=data.qr_text,
        actor=principal,
        source=source,
        poe_id=data.poe_id,
        destination=data.destination,
        at=data.at,
    )
    return CertificateCheckRead.model_validate(check)


@router.post("/certificates/verify")
def verify_certificate(
    data: CertificateVerify,
    session: SessionDep,
    principal: Annotated[Principal, Require("certificates.verify")],
) -> CertificateCheckRead:
    """Verify a QR payload (HC1:...): VALID, INVALID with the failed step, or UNKNOWN."""
    return _verify(session, principal, data, "text")


@router.post("/certificates/verify-image")
async def verify_certificate_image(
    session: SessionDep,
    principal: Annotated[Principal, Require("certificates.verify")],
    file: Annotated[UploadFile, File()],
    poe_id: Annotated[uuid.UUID | None, Form()] = None,
) -> CertificateCheckRead:
    """Read the QR code in a photo, then verify it."""
    content = await read_upload(file, max_megabytes=15)
    try:
        text = await run_in_threadpool(read_qr_image, content)
    except QRUnreadable as error:
        raise Invalid(str(error), field="file") from None
    data = CertificateVerify(qr_text=text, poe_id=poe_id)
    return await run_in_threadpool(_verify, session, principal, data, "photo")


@router.get("/certificates/{check_id}")
def read_certificate_check(
    check_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.read")],
) -> CertificateCheckRead:
    """A stored verification (an audited read)."""
    check = service.get_check(session=session, check_id=check_id, actor=principal)
    return CertificateCheckRead.model_validate(check)
