"""JSON routes of background jobs: follow a job started by an import."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter

from passage.access import Principal
from passage.auth.deps import Require
from passage.background import service
from passage.background.schemas import JobRead
from passage.db import SessionDep

router = APIRouter(prefix="/api/v1", tags=["background jobs"])


@router.get("/jobs")
def list_jobs(
    session: SessionDep, principal: Annotated[Principal, Require("jobs.read")]
) -> list[JobRead]:
    """Your latest 50 jobs, newest first, without their reports (an administrator: everyone's)."""
    jobs = service.recent_jobs(session=session, principal=principal)
    return [JobRead.of(job, with_report=False) for job in jobs]


@router.get("/jobs/{job_id}")
def get_job(
    session: SessionDep,
    principal: Annotated[Principal, Require("jobs.read")],
    job_id: uuid.UUID,
) -> JobRead:
    """A job you started: status, rows done of the total, and when done its report (404 for
    another user's job)."""
    return JobRead.of(service.get_job(session=session, job_id=job_id, principal=principal))
