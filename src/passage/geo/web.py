"""HTML pages of the reference data: countries, points of entry and the crossings import."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import Response

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.background.service import is_large
from passage.db import SessionDep, commit_batch
from passage.geo import jobs, service
from passage.geo.models import PoeKind
from passage.kit.uploads import read_text_upload
from passage.web.render import redirect, render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
PAGE_SIZE = 50


@router.get("/countries")
def countries_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("reference.read")],
) -> Response:
    """Every country and territory with its UN M49 region."""
    countries = service.list_countries(session=session)
    return render(request, "geo/countries.html", {"countries": countries})


@router.get("/poes")
def poes_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("reference.read")],
    country: str = "",
    kind: str = "",
    q: Annotated[str, Query(max_length=100)] = "",
    page: Annotated[int, Query(ge=1, le=20_000)] = 1,
) -> Response:
    """Search points of entry; HTMX swaps only the results table."""
    poes, total = service.search_poes(
        session=session,
        country=country or None,
        kind=kind or None,
        text=q or None,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    context = {
        "poes": poes,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "country": country,
        "kind": kind,
        "q": q,
        "kinds": list(PoeKind),
        "countries": service.list_countries(session=session),
    }
    return render(request, "geo/poes.html", context, partial="geo/_poe_results.html")


@router.get("/poes/import")
def poes_import_page(
    request: Request, principal: Annotated[Principal, Require("poe.manage")]
) -> Response:
    """The crossings import form, with the expected columns."""
    context = {"columns": service.POE_COLUMNS, "kinds": PoeKind}
    return render(request, "geo/poe_import.html", context)


@router.post("/poes/import")
async def poes_import(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("poe.manage")],
    file: Annotated[UploadFile, File()],
) -> Response:
    """Import crossings and show what was created, updated and rejected (with lines); a large
    file runs as a background job, whose page shows its progress and then the report."""
    text = await read_text_upload(file)
    if is_large(text.encode("utf-8")):
        job = jobs.submit(
            session=session, text=text, file_name=file.filename or "upload", actor=principal
        )
        return redirect(f"/jobs/{job.id}")
    report = service.import_poes_csv(
        session=session,
        text=text,
        source=file.filename or "upload",
        actor=principal,
        checkpoint=lambda: commit_batch(session),
    )
    return render(
        request,
        "geo/poe_import.html",
        {"columns": service.POE_COLUMNS, "kinds": PoeKind, "report": report},
    )


@router.get("/poes/{poe_id}")
def poe_page(
    poe_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("reference.read")],
) -> Response:
    """One point of entry."""
    poe = service.get_poe(session=session, poe_id=poe_id)
    context = {
        "poe": poe,
        "country": service.find_country(session=session, iso3=poe.country_iso3),
        "scope": service.poe_target(poe),
    }
    return render(request, "geo/poe.html", context)
