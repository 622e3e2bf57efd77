"""The table of background jobs: work a user started (a large import) that runs in a thread of
`passage serve` or `passage jobs run`, with its progress and, when done, its report."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.models import Base, RecordMixin


class BackgroundJob(RecordMixin, Base):
    """One job: its kind (which domain runs it), status (queued, running, done, failed), rows
    done of the total, the uploaded file until it has run, and the report (counts and every
    rejected row with line and reason) or the error. `permission` is checked again when it
    runs; `heartbeat_at` is refreshed while it runs, so a job left by a stopped server is
    marked failed instead of staying "running"."""

    __tablename__ = "background_jobs"

    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    title: Mapped[str] = mapped_column(String(300))
    permission: Mapped[str] = mapped_column(String(60))
    options: Mapped[dict[str, Any]] = mapped_column(default=dict)
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    size_bytes: Mapped[int] = mapped_column(default=0)
    rows_done: Mapped[int] = mapped_column(default=0)
    rows_total: Mapped[int | None]
    report: Mapped[dict[str, Any] | None]
    error: Mapped[str | None] = mapped_column(String(500))
    started_by: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
