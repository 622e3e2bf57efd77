"""JSON routes of the reference data: countries and points of entry."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, UploadFile
from pydantic import BaseModel

from passage.access import Principal
from passage.auth.deps import Require
from passage.background.schemas import ACCEPTED_DOC, accepted
from passage.background.service import is_large
from passage.db import SessionDep, commit_batch
from passage.geo import jobs, service
from passage.geo.models import PoeKind
from passage.geo.schemas import CountryRead, PoeCreate, PoeRead, PoeUpdate
from passage.kit.uploads import read_text_upload

router = APIRouter(prefix="/api/v1", tags=["reference data"])


class PoePage(BaseModel):
    """A page of points of entry."""

    total: int
    items: list[PoeRead]


@router.get("/countries", response_model=list[CountryRead])
def list_countries(
    session: SessionDep,
    principal: Annotated[Principal, Require("reference.read")],
    region: Annotated[int | None, Query(ge=0, le=999, description="UN M49 region code.")] = None,
) -> list[CountryRead]:
    """Countries and territories, optionally within one UN M49 region."""
    countries = service.list_countries(session=session, region_code=region)
    return [CountryRead.model_validate(c) for c in countries]


@router.get("/countries/{iso3}", response_model=CountryRead)
def read_country(
    iso3: str, session: SessionDep, principal: Annotated[Principal, Require("reference.read")]
) -> CountryRead:
    """One country by ISO 3166-1 alpha-3."""
    return CountryRead.model_validate(service.get_country(session=session, iso3=iso3))


@router.get("/poes", response_model=PoePage)
def list_poes(
    session: SessionDep,
    principal: Annotated[Principal, Require("reference.read")],
    country: Annotated[str | None, Query(min_length=3, max_length=3)] = None,
    kind: PoeKind | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> PoePage:
    """Points of entry filtered by country, kind and text."""
    items, total = service.search_poes(
        session=session,
        country=country,
        kind=kind.value if kind else None,
        text=q,
        limit=limit,
        offset=offset,
    )
    return PoePage(total=total, items=[PoeRead.model_validate(p) for p in items])


@router.get("/poes/{poe_id}", response_model=PoeRead)
def read_poe(
    poe_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("reference.read")],
) -> PoeRead:
    """One point of entry."""
    return PoeRead.model_validate(service.get_poe(session=session, poe_id=poe_id))


@router.post("/poes", response_model=PoeRead, status_code=201)
def create_poe(
    data: PoeCreate, session: SessionDep, principal: Annotated[Principal, Require("poe.manage")]
) -> PoeRead:
    """Add a point of entry."""
    return PoeRead.model_validate(service.create_poe(session=session, data=data, actor=principal))


@router.patch("/poes/{poe_id}", response_model=PoeRead)
def update_poe(
    poe_id: uuid.UUID,
    data: PoeUpdate,
    session: SessionDep,
    principal: Annotated[Principal, Require("poe.manage")],
) -> PoeRead:
    """Change a point of entry; a stale `version` is refused with 409."""
    return PoeRead.model_validate(
        service.update_poe(session=session, poe_id=poe_id, data=data, actor=principal)
    )


@router.post("/poes/import", response_model=dict[str, Any], responses=ACCEPTED_DOC)
async def import_poes(
    session: SessionDep,
    principal: Annotated[Principal, Require("poe.manage")],
    file: Annotated[UploadFile, File()],
    background: Annotated[bool, Query()] = False,
) -> Any:
    """Import crossings from CSV; the answer lists each rejected row with its line and reason.

    A file over 1 MB (or any file with `background=true`) is imported as a background job:
    202 with the job, to follow at its `url` until it is done (with this report) or failed."""
    text = await read_text_upload(file)
    file_name = file.filename or "upload"
    if background or is_large(text.encode("utf-8")):
        return accepted(
            jobs.submit(session=session, text=text, file_name=file_name, actor=principal)
        )
    return service.import_poes_csv(
        session=session,
        text=text,
        source=file.filename or "upload",
        actor=principal,
        checkpoint=lambda: commit_batch(session),
    ).to_dict()
