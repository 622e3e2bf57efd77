"""Response shapes of background jobs, and the 202 a route answers when it queued one."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi.responses import JSONResponse
from pydantic import BaseModel

from passage.background.models import BackgroundJob

ACCEPTED_DOC: dict[int | str, dict[str, Any]] = {}


class JobRead(BaseModel):
    """A background job: status (queued, running, done, failed), rows done of the total (the
    total is known once the file is read), and when done the import's report (counts and every
    rejected row with line, field and reason) or, when failed, the reason. `url` is where to
    follow it (GET it until `status` is done or failed)."""

    id: uuid.UUID
    kind: str
    status: str
    title: str
    url: str
    page: str
    rows_done: int
    rows_total: int | None
    report: dict[str, Any] | None
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @classmethod
    def of(cls, job: BackgroundJob, with_report: bool = True) -> JobRead:
        """The job as the API shows it (lists leave the report out)."""
        return cls(
            id=job.id,
            kind=job.kind,
            status=job.status,
            title=job.title,
            url=f"/api/v1/jobs/{job.id}",
            page=f"/jobs/{job.id}",
            rows_done=job.rows_done,
            rows_total=job.rows_total,
            report=job.report if with_report else None,
            error=job.error,
            created_at=job.created_at,
            started_at=job.started_at,
            finished_at=job.finished_at,
        )


ACCEPTED_DOC[202] = {
    "model": JobRead,
    "description": "The file is large: the import runs as a background job. The body is the "
    "job; `Location` (and `url`) is where to follow it until it is done or failed.",
}


def accepted(job: BackgroundJob) -> JSONResponse:
    """202 Accepted with the queued job and its URL in `Location`."""
    body = JobRead.of(job).model_dump(mode="json")
    return JSONResponse(body, status_code=202, headers={"Location": body["url"]})
