"""A large crossings import as a background job (`passage.background`), run by a thread of the
server as the user who uploaded it (their scope applies to every row)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.background import service as background
from passage.background.models import BackgroundJob
from passage.db import commit_batch
from passage.geo import service
from passage.kit.i18n import N_

KIND = "poes"
PERMISSION = "poe.manage"


def submit(*, session: Session, text: str, file_name: str, actor: Principal) -> BackgroundJob:
    """Queue the import of a crossings CSV as a job of the actor."""
    return background.submit(
        session=session,
        kind=KIND,
        title=file_name,
        permission=PERMISSION,
        content=text.encode("utf-8"),
        actor=actor,
    )


def run(
    session: Session, work: background.Work, actor: Principal, progress: background.Progress
) -> dict[str, Any]:
    """Run a queued crossings import (the same import as a small upload), each batch
    committed; the progress advances a batch at a time."""
    report = service.import_poes_csv(
        session=session,
        text=work.content.decode("utf-8"),
        source=work.title,
        actor=actor,
        checkpoint=lambda: commit_batch(session),
        progress=progress,
    )
    return report.stored()


def install() -> None:
    """Register the crossings import as a kind of background job (and the scope pickers)."""
    background.register(KIND, run, ("/poes/import", N_("Import crossings")))
