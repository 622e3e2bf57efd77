"""JSON routes of the DCC trust (administrators): trust lists and value sets. The paths stay
under /api/v1/health, where port health published them first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.dcc import service
from passage.dcc.schemas import TrustImportReport, TrustListRead, ValueSetRead
from passage.kit.uploads import read_upload

router = APIRouter(prefix="/api/v1", tags=["port health administration"])


@router.get("/health/trust-lists")
def list_trust_lists(
    session: SessionDep, principal: Annotated[Principal, Require("health.admin")]
) -> list[TrustListRead]:
    """Trust lists with their current revision."""
    return [
        TrustListRead.model_validate(trust) for trust in service.list_trust_lists(session=session)
    ]


@router.post("/health/trust-lists", status_code=201)
async def import_trust_list(
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
    file: Annotated[UploadFile, File()],
    name: Annotated[str, Form(max_length=120)],
    description: Annotated[str | None, Form(max_length=300)] = None,
) -> TrustImportReport:
    """Import signer certificates (PEM, DER, or JSON [{country, rawData}]) as the list's next
    revision; verification switches to it at the next request, without a restart."""
    content = await read_upload(file, max_megabytes=50)
    done = service.import_trust_list(
        session=session, name=name, data=content, actor=principal, description=description
    )
    return TrustImportReport(
        trust_list=TrustListRead.model_validate(done.trust_list),
        imported=done.imported,
        rejected=done.rejected,
    )


@router.get("/health/value-sets")
def list_value_sets(
    session: SessionDep, principal: Annotated[Principal, Require("health.admin")]
) -> list[ValueSetRead]:
    """The value sets in force: countries (built in) and the imported ones."""
    return service.value_set_reads(session=session)


@router.post("/health/value-sets", status_code=201)
async def import_value_sets(
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
    file: Annotated[UploadFile, File()],
) -> list[ValueSetRead]:
    """Import official EU DCC value-set JSON (one document or a list of them)."""
    content = await read_upload(file, max_megabytes=20)
    service.import_value_sets(session=session, data=content, actor=principal)
    return service.value_set_reads(session=session)
