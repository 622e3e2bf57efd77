"""A large measure import as a background job (`passage.background`): the upload is parsed,
validated and written in batches by a thread of the server, as the user who uploaded it."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.background import service as background
from passage.background.models import BackgroundJob
from passage.db import commit_batch
from passage.kit.i18n import N_
from passage.restrictions.imports import pipeline

KIND = "measures"
PERMISSION = "measures.import"


def submit(
    *,
    session: Session,
    content: bytes,
    file_name: str,
    format: str,
    actor: Principal,
    effective_from: date | None = None,
) -> BackgroundJob:
    """Queue the import of an upload as a job of the actor."""
    options = {
        "format": format,
        "effective_from": effective_from.isoformat() if effective_from else None,
    }
    return background.submit(
        session=session,
        kind=KIND,
        title=file_name,
        permission=PERMISSION,
        content=content,
        actor=actor,
        options=options,
    )


def run(
    session: Session, work: background.Work, actor: Principal, progress: background.Progress
) -> dict[str, Any]:
    """Run a queued import: the same pipeline as a small upload, each batch committed."""
    effective_from = work.options.get("effective_from")
    report = pipeline.import_upload(
        session=session,
        content=work.content,
        file_name=work.title,
        format=str(work.options.get("format", "passage")),
        actor=actor,
        effective_from=date.fromisoformat(effective_from) if effective_from else None,
        checkpoint=lambda: commit_batch(session),
        progress=progress,
    )
    return report.to_dict()


def install() -> None:
    """Register the measure import as a kind of background job."""
    background.register(KIND, run, ("/restrictions/import", N_("Import measures")))
