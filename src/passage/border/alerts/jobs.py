"""A large alert-list import as a background job (`passage.background`): the CSV is imported
into its list by a thread of the server, as the user who uploaded it."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.background import service as background
from passage.background.models import BackgroundJob
from passage.border.alerts import service
from passage.border.alerts.models import AlertList
from passage.db import commit_batch
from passage.kit.i18n import N_

KIND = "alert_list"
PERMISSION = "alerts.manage"


def submit(
    *, session: Session, alert_list: AlertList, content: bytes, file_name: str, actor: Principal
) -> BackgroundJob:
    """Queue the import of a CSV into a list as a job of the actor."""
    return background.submit(
        session=session,
        kind=KIND,
        title=file_name,
        permission=PERMISSION,
        content=content,
        actor=actor,
        options={"list_id": str(alert_list.id)},
    )


def run(
    session: Session, work: background.Work, actor: Principal, progress: background.Progress
) -> dict[str, Any]:
    """Run a queued import into its list (the same import as a small upload), each batch
    committed; the progress advances a batch at a time."""
    alert_list = service.get_list(session=session, list_id=uuid.UUID(work.options["list_id"]))
    report = service.import_csv(
        session=session,
        alert_list=alert_list,
        content=work.content,
        actor=actor,
        checkpoint=lambda: commit_batch(session),
        progress=progress,
    )
    return report.to_dict()


def install() -> None:
    """Register the alert-list import as a kind of background job."""
    background.register(KIND, run, ("/alert-lists", N_("Alert lists")))
