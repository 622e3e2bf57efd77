"""JSON routes of port health: screenings, certificate verification, cases, travellers of
interest. Health roles only, within their scope; every read of a record is audited."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, UploadFile
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.errors import Invalid
from passage.geo import service as geo_service
from passage.health import cases, certificates, interest, repository, screening
from passage.health.models import HealthScreening
from passage.health.qr import QRUnreadable, read_qr_image
from passage.health.schemas import (
    CaseClosure,
    CaseConfirmation,
    CaseDetail,
    CaseOpen,
    CasePage,
    CaseRead,
    CaseReferral,
    CertificateCheckRead,
    CertificateVerify,
    FollowUpRead,
    FollowUpRecord,
    InterestPage,
    ScreeningCreate,
    ScreeningPage,
    ScreeningRead,
)
from passage.kit.uploads import read_upload

router = APIRouter(prefix="/api/v1/health", tags=["port health"])
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=100_000)]


def screening_read(session: Session, item: HealthScreening) -> ScreeningRead:
    """A screening with the id of its case, if any."""
    case = repository.case_of_screening(session, item.id)
    return ScreeningRead.model_validate(item).model_copy(update={"case_id": case and case.id})


@router.post("/screenings", status_code=201)
def create_screening(
    data: ScreeningCreate,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.screen")],
) -> ScreeningRead:
    """Screen a traveller per the SOP; the answer carries the classification and why."""
    item = screening.screen(session=session, data=data, actor=principal)
    return screening_read(session, item)


@router.get("/screenings")
def list_screenings(
    session: SessionDep,
    principal: Annotated[Principal, Require("health.read")],
    poe: uuid.UUID | None = None,
    classification: Annotated[str | None, Query(max_length=30)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> ScreeningPage:
    """Screenings in your scope, newest first."""
    items, total = screening.search_screenings(
        session=session,
        actor=principal,
        poe_id=poe,
        classification=classification,
        limit=limit,
        offset=offset,
    )
    return ScreeningPage(total=total, items=[screening_read(session, i) for i in items])


@router.get("/screenings/{screening_id}")
def read_screening(
    screening_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.read")],
) -> ScreeningRead:
    """One screening (an audited read)."""
    item = screening.get_screening(session=session, screening_id=screening_id, actor=principal)
    return screening_read(session, item)


@router.get("/crossings/{crossing_id}/prefill")
def prefill(
    crossing_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.screen")],
) -> dict[str, Any]:
    """Screening form values from a crossing registered at a POE in your scope."""
    return screening.prefill_from_crossing(
        session=session, crossing_id=crossing_id, actor=principal
    )


# ---------------------------------------------------------------- certificates


def _verify(
    session: Session, principal: Principal, data: CertificateVerify, source: str
) -> CertificateCheckRead:
    destination = data.destination
    if data.poe_id is not None:
        poe = geo_service.require_poe_in_scope(
            session, data.poe_id, principal, "certificates.verify"
        )
        destination = destination or poe.country_iso3
    verification = certificates.verify_qr(
        session=session, qr_text=data.qr_text, destination=destination, at=data.at
    )
    check = certificates.record_check(
        session=session,
        verification=verification,
        actor=principal,
        poe_id=data.poe_id,
        destination=destination,
        source=source,
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
    check = certificates.get_check(session=session, check_id=check_id, actor=principal)
    return CertificateCheckRead.model_validate(check)


# ---------------------------------------------------------------- cases


@router.post("/cases", status_code=201)
def open_case(
    data: CaseOpen,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.cases")],
) -> CaseRead:
    """Open a case from a screening that needs action."""
    case = cases.open_case_for(session=session, screening_id=data.screening_id, actor=principal)
    return CaseRead.model_validate(case)


@router.get("/cases")
def list_cases(
    session: SessionDep,
    principal: Annotated[Principal, Require("health.read")],
    status: Annotated[str | None, Query(max_length=20)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> CasePage:
    """Cases in your scope, newest first."""
    rows, total = cases.search_cases(
        session=session, actor=principal, status=status, limit=limit, offset=offset
    )
    return CasePage(total=total, items=[CaseRead.model_validate(case) for case, _ in rows])


def case_detail(session: Session, case_id: uuid.UUID, principal: Principal) -> CaseDetail:
    """A case with its screening and schedule."""
    case, item, tasks = cases.get_case(session=session, case_id=case_id, actor=principal)
    return CaseDetail(
        **CaseRead.model_validate(case).model_dump(),
        screening=screening_read(session, item),
        follow_ups=[FollowUpRead.model_validate(task) for task in tasks],
    )


@router.get("/cases/{case_id}")
def read_case(
    case_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.read")],
) -> CaseDetail:
    """One case with its screening and follow-up schedule (an audited read)."""
    return case_detail(session, case_id, principal)


@router.post("/cases/{case_id}/follow-ups/{task_id}")
def record_follow_up(
    case_id: uuid.UUID,
    task_id: uuid.UUID,
    data: FollowUpRecord,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.cases")],
) -> FollowUpRead:
    """Record the outcome of one follow-up (409 on a stale version)."""
    task = cases.record_follow_up(
        session=session, case_id=case_id, task_id=task_id, data=data, actor=principal
    )
    return FollowUpRead.model_validate(task)


@router.post("/cases/{case_id}/referral")
def refer_case(
    case_id: uuid.UUID,
    data: CaseReferral,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.cases")],
) -> CaseRead:
    """Refer the traveller to a health facility."""
    return CaseRead.model_validate(
        cases.refer(session=session, case_id=case_id, data=data, actor=principal)
    )


@router.post("/cases/{case_id}/confirmation")
def confirm_case(
    case_id: uuid.UUID,
    data: CaseConfirmation,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.cases")],
) -> CaseRead:
    """Convert to a confirmed case."""
    return CaseRead.model_validate(
        cases.confirm(session=session, case_id=case_id, data=data, actor=principal)
    )


@router.post("/cases/{case_id}/closure")
def close_case(
    case_id: uuid.UUID,
    data: CaseClosure,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.cases")],
) -> CaseRead:
    """Close a case."""
    return CaseRead.model_validate(
        cases.close(session=session, case_id=case_id, data=data, actor=principal)
    )


# ---------------------------------------------------------------- travellers of interest


@router.get("/interest")
def list_interest(
    session: SessionDep,
    principal: Annotated[Principal, Require("health.read")],
    status: Annotated[str, Query(max_length=10)] = "active",
    disease: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Offset = 0,
) -> InterestPage:
    """Travellers with a condition of interest in your scope (kept apart from alert lists)."""
    items, total = interest.list_interest(
        session=session,
        actor=principal,
        status=status,
        disease=disease,
        limit=limit,
        offset=offset,
    )
    return InterestPage(total=total, items=items)
