"""Every query of background jobs. Progress and status change by plain UPDATEs guarded by the
status they expect, so the runner, its heartbeat and another process's sweep never conflict."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, Table, select, update
from sqlalchemy.orm import Session

from passage.background.models import BackgroundJob
from passage.kit.clock import utcnow

TABLE: Table = BackgroundJob.__table__  # type: ignore[assignment]


def get(session: Session, job_id: uuid.UUID) -> BackgroundJob | None:
    """One job, or None."""
    return session.get(BackgroundJob, job_id)


def content_of(session: Session, job_id: uuid.UUID) -> bytes | None:
    """The uploaded file a job works on (None once it has run)."""
    return session.scalar(select(BackgroundJob.content).where(BackgroundJob.id == job_id))


def recent(session: Session, user_id: uuid.UUID | None, limit: int = 50) -> Sequence[BackgroundJob]:
    """The latest jobs, newest first: one user's, or everyone's (user_id None)."""
    statement = select(BackgroundJob).order_by(BackgroundJob.created_at.desc()).limit(limit)
    if user_id is not None:
        statement = statement.where(BackgroundJob.started_by == user_id)
    return session.scalars(statement).all()


def _change(session: Session, job_id: uuid.UUID, expected: str | None, **values: Any) -> bool:
    statement = update(TABLE).where(TABLE.c.id == job_id)
    if expected is not None:
        statement = statement.where(TABLE.c.status == expected)
    values |= {"updated_at": utcnow(), "version": TABLE.c.version + 1}
    result = session.execute(statement.values(**values))
    assert isinstance(result, CursorResult)
    return result.rowcount == 1


def claim_next(session: Session) -> uuid.UUID | None:
    """Move the oldest queued job to running and return its id (None when none is queued or
    another process took it first; PostgreSQL skips rows another claim has locked)."""
    statement = (
        select(BackgroundJob.id)
        .where(BackgroundJob.status == "queued")
        .order_by(BackgroundJob.created_at)
        .limit(1)
    )
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    job_id = session.scalar(statement)
    if job_id is None:
        return None
    now = utcnow()
    claimed = _change(session, job_id, "queued", status="running", started_at=now, heartbeat_at=now)
    return job_id if claimed else None


def beat(session: Session, job_id: uuid.UUID, done: int, total: int | None) -> bool:
    """Record a running job's progress and that it is alive; False when it no longer runs."""
    return _change(
        session, job_id, "running", rows_done=done, rows_total=total, heartbeat_at=utcnow()
    )


def finish(
    session: Session,
    job_id: uuid.UUID,
    *,
    status: str,
    done: int,
    total: int | None,
    report: dict[str, Any] | None = None,
    error: str | None = None,
) -> bool:
    """End a running job as done or failed; the uploaded file is dropped."""
    return _change(
        session,
        job_id,
        "running",
        status=status,
        rows_done=done,
        rows_total=total,
        report=report,
        error=error,
        content=None,
        finished_at=utcnow(),
    )


def fail_silent(session: Session, before: datetime, error: str) -> int:
    """Mark failed every running job whose heartbeat stopped before `before` (its server
    stopped); how many."""
    statement = (
        update(TABLE)
        .where(TABLE.c.status == "running", TABLE.c.heartbeat_at < before)
        .values(
            status="failed",
            error=error,
            content=None,
            finished_at=utcnow(),
            updated_at=utcnow(),
            version=TABLE.c.version + 1,
        )
    )
    result = session.execute(statement)
    assert isinstance(result, CursorResult)
    return result.rowcount
