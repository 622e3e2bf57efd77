"""HTML page of the measure import: upload form, summary, rejected rows, template downloads."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.background.service import is_large
from passage.db import SessionDep, commit_batch
from passage.errors import Invalid
from passage.kit.readable import explain
from passage.kit.uploads import read_upload
from passage.restrictions.imports import jobs, pipeline, template
from passage.web.render import redirect, render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
PAGE = "restrictions/import.html"


def _context(**extra: object) -> dict[str, object]:
    return {"columns": template.COLUMNS, "format": "passage", **extra}


@router.get("/restrictions/import")
def import_page(
    request: Request, principal: Annotated[Principal, Require("measures.import")]
) -> Response:
    """The import form, the template columns and the template downloads."""
    return render(request, PAGE, _context())


@router.post("/restrictions/import")
async def import_upload(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("measures.import")],
    file: Annotated[UploadFile, File()],
    format: Annotated[Literal["oxcgrt", "passage", "visa"], Form()] = "passage",
) -> Response:
    """Import an upload and show the counts and every rejected row (line, field, reason)."""
    file_name = file.filename or "upload"
    try:
        content = await read_upload(file, max_megabytes=200)
        if is_large(content):  # runs on the server; its page shows progress, then the report
            job = jobs.submit(
                session=session,
                content=content,
                file_name=file_name,
                format=format,
                actor=principal,
            )
            return redirect(f"/jobs/{job.id}")
        report = await run_in_threadpool(
            pipeline.import_upload,
            session=session,
            content=content,
            file_name=file_name,
            format=format,
            actor=principal,
            checkpoint=lambda: commit_batch(session),
        )
    except Invalid as error:
        context = _context(format=format, file_error=explain(error), file_name=file_name)
        return render(request, PAGE, context, status_code=422)
    return render(request, PAGE, _context(format=format, report=report, file_name=file_name))
