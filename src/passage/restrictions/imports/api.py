"""JSON routes of the measure import and the downloadable templates."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from passage.access import Principal
from passage.auth.deps import Require
from passage.background.schemas import ACCEPTED_DOC, accepted
from passage.background.service import is_large
from passage.db import SessionDep, commit_batch
from passage.kit.uploads import read_upload
from passage.restrictions.imports import jobs, pipeline, template
from passage.web.downloads import file_response

router = APIRouter(prefix="/api/v1/restrictions", tags=["restrictions import"])

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.post("/import", response_model=dict[str, Any], responses=ACCEPTED_DOC)
async def import_measures(
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.import")],
    file: Annotated[UploadFile, File()],
    format: Annotated[Literal["oxcgrt", "passage", "visa"], Query()] = "passage",
    effective_from: Annotated[date | None, Query()] = None,
    background: Annotated[bool, Query()] = False,
) -> Any:
    """Import measures (OxCGRT v1 CSV, the Passage template, or visa requirements by passport
    and destination: `effective_from` is the day they hold from); lists each rejected row.

    A file over 1 MB (or any file with `background=true`) is imported as a background job:
    the answer is 202 with the job, to follow at its `url` until it is done (its report then
    has the same shape as the 200 answer) or failed (an unreadable file fails the job)."""
    content = await read_upload(file, max_megabytes=200)  # the whole OxCGRT v1 file fits
    file_name = file.filename or "upload"
    if background or is_large(content):
        job = jobs.submit(
            session=session,
            content=content,
            file_name=file_name,
            format=format,
            actor=principal,
            effective_from=effective_from,
        )
        return accepted(job)
    report = await run_in_threadpool(
        pipeline.import_upload,
        session=session,
        content=content,
        file_name=file_name,
        format=format,
        actor=principal,
        effective_from=effective_from,
        checkpoint=lambda: commit_batch(session),
    )
    return report.to_dict()


def _download(content: str | bytes, media_type: str, name: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(content, media_type=media_type, headers=headers)


@router.get(
    "/template.csv",
    response_class=Response,
    responses=file_response("text/csv", "The template as CSV"),
)
def template_csv(principal: Annotated[Principal, Require("measures.read")]) -> Response:
    """The import template as CSV (header and one example row)."""
    return _download(template.template_csv(), "text/csv; charset=utf-8", "passage-measures.csv")


@router.get(
    "/template.xlsx",
    response_class=Response,
    responses=file_response(XLSX_TYPE, "The template as an XLSX workbook"),
)
def template_xlsx(principal: Annotated[Principal, Require("measures.read")]) -> Response:
    """The import template as an XLSX workbook."""
    return _download(template.template_xlsx(), XLSX_TYPE, "passage-measures.xlsx")


@router.get(
    "/template.hxl.csv",
    response_class=Response,
    responses=file_response("text/csv", "The template as HXL-tagged CSV"),
)
def template_hxl_csv(principal: Annotated[Principal, Require("measures.read")]) -> Response:
    """The import template as HXL-tagged CSV (header, hashtag row, one example row)."""
    return _download(
        template.template_hxl_csv(), "text/csv; charset=utf-8", "passage-measures.hxl.csv"
    )
