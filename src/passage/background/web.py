"""HTML pages of background jobs: the user's jobs, and one job's progress and report (the
page asks for its progress again every few seconds while the job runs; without JavaScript the
"Refresh" link does the same)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.background import service
from passage.db import SessionDep
from passage.web.render import render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


@router.get("/jobs")
def jobs_page(
    request: Request, session: SessionDep, principal: Annotated[Principal, Require("jobs.read")]
) -> Response:
    """Your latest jobs with their status."""
    jobs = service.recent_jobs(session=session, principal=principal)
    return render(request, "background/jobs.html", {"jobs": jobs})


@router.get("/jobs/{job_id}")
def job_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("jobs.read")],
    job_id: uuid.UUID,
) -> Response:
    """One job: progress while it runs, then its report (the partial for HTMX polling)."""
    job = service.get_job(session=session, job_id=job_id, principal=principal)
    context = {"job": job, "back": service.page_of(job.kind)}
    return render(request, "background/job.html", context, partial="background/_job.html")
