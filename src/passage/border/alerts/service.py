"""Alert lists: creation, CSV import (idempotent by list and reference) and listing."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.border.alerts import repository
from passage.border.alerts.cache import mark_changed
from passage.border.alerts.importer import FileError, ParsedRow, parse_rows
from passage.border.alerts.models import AlertList, AlertPerson, LostDocument
from passage.border.alerts.schemas import AlertListCreate, AlertListRead
from passage.errors import Conflict, Invalid, NotFound
from passage.kit import audit
from passage.kit.clock import today
from passage.kit.imports import Checkpoint, ImportReport, Progress, write_in_batches

MODELS: dict[str, type[AlertPerson] | type[LostDocument]] = {
    "person": AlertPerson,
    "document": LostDocument,
}


@dataclass
class ListImport:
    """The outcome of one import into one list."""

    alert_list: AlertList
    report: ImportReport
    list_created: bool = False


def create_list(
    *, session: Session, data: AlertListCreate, actor: Principal | None = None
) -> AlertList:
    """Create an alert list; names are unique (the actor is in the audit context)."""
    if repository.get_list_by_name(session, data.name):
        raise Conflict(
            "an alert list named '%(name)s' already exists",
            params={"name": data.name},
            field="name",
        )
    alert_list = AlertList(**data.model_dump())
    session.add(alert_list)
    session.flush()
    mark_changed(session)
    audit.record(
        session,
        action="create",
        object_type="alert_list",
        object_id=alert_list.id,
        details={"kind": alert_list.kind},
    )
    return alert_list


def share_list(
    *,
    session: Session,
    list_id: uuid.UUID,
    poe_ids: list[uuid.UUID] | None,
    actor: Principal | None = None,
) -> AlertList:
    """Set the points of entry whose field nodes receive a list (None: every post). Its
    entries are marked changed, so that each node gets them, or removes them, at its next
    sync."""
    alert_list = get_list(session=session, list_id=list_id)
    alert_list.shared_poe_ids = None if poe_ids is None else sorted({str(i) for i in poe_ids})
    repository.touch_entries(session, alert_list)
    session.flush()
    mark_changed(session)
    audit.record(
        session,
        action="alert_list.shared",
        object_type="alert_list",
        object_id=alert_list.id,
        details={"poe_ids": alert_list.shared_poe_ids},
    )
    return alert_list


def get_list(*, session: Session, list_id: uuid.UUID) -> AlertList:
    """One alert list, or NotFound."""
    alert_list = repository.get_list(session, list_id)
    if alert_list is None:
        raise NotFound("no such alert list", field="list_id")
    return alert_list


def list_lists(*, session: Session) -> list[AlertListRead]:
    """Every list with its entry counts (total and valid today)."""
    counts = repository.entry_counts(session, today())
    return [
        AlertListRead.model_validate(alert_list).model_copy(
            update=dict(
                zip(("entries", "valid_entries"), counts.get(alert_list.id, (0, 0)), strict=True)
            )
        )
        for alert_list in repository.list_lists(session)
    ]


def import_csv(
    *,
    session: Session,
    alert_list: AlertList,
    content: bytes,
    actor: Principal | None = None,
    checkpoint: Checkpoint | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import a CSV into a list: new refs are created, changed rows updated, rejected rows
    reported with line and reason. Raises Invalid when the file cannot be read at all.

    The whole file is parsed and validated first; with `checkpoint` (the caller's commit) it
    is then written in batches, each its own transaction (`kit.imports.write_in_batches`), so
    that on SQLite the write lock is held one batch at a time; a failure keeps the batches
    written before (importing the same file again completes it)."""
    if checkpoint:
        checkpoint()  # the request's (or job's) reads end: no lock held during the parse
    report = ImportReport()
    try:
        rows = parse_rows(content, alert_list.kind, report)
    except FileError as error:
        raise Invalid(str(error), field="file") from None
    if progress is not None:
        progress.total = len(rows) + len(report.rejected)
        progress.add(len(report.rejected))
    existing = _existing(session, alert_list)
    if checkpoint:
        checkpoint()  # the reads' transaction ends: unchanged rows are counted without a lock
    write_in_batches(
        rows,
        lambda batch: _apply(session, alert_list, batch, existing, report),
        checkpoint=checkpoint,
        progress=progress,
    )
    mark_changed(session)
    audit.record(
        session,
        action="import",
        object_type="alert_list",
        object_id=alert_list.id,
        details={key: value for key, value in report.to_dict().items() if key != "rejected"}
        | {"rejected": len(report.rejected)},
    )
    return report


def _existing(session: Session, alert_list: AlertList) -> dict[str, Any]:
    """The list's entries by reference."""
    if MODELS[alert_list.kind] is AlertPerson:
        return repository.persons_by_ref(session, alert_list.id)
    return repository.documents_by_ref(session, alert_list.id)


def _apply(
    session: Session,
    alert_list: AlertList,
    rows: Sequence[ParsedRow],
    existing: dict[str, Any],
    report: ImportReport,
) -> int:
    """Create or update each valid row (keyed by list and ref); returns the rows written."""
    model = MODELS[alert_list.kind]
    written = 0
    for row in rows:
        record = existing.get(row.ref)
        if record is None:
            session.add(model(list_id=alert_list.id, external_ref=row.ref, **row.values))
            report.created += 1
        elif record.removed_at is None and all(
            getattr(record, name) == value for name, value in row.values.items()
        ):
            report.unchanged += 1
            continue
        else:  # changed, or removed and listed again by the authority's file
            for name, value in row.values.items():
                setattr(record, name, value)
            record.removed_at = None
            report.updated += 1
        written += 1
    if written:
        session.flush()
        mark_changed(session)  # the batch's commit makes screening look again
    return written


def import_into_named_list(
    *,
    session: Session,
    name: str,
    kind: str,
    content: bytes,
    checkpoint: Checkpoint | None = None,
) -> ListImport:
    """Import into the list with this name, creating it when missing (the CLI's way); with
    `checkpoint`, written in batches as `import_csv` does."""
    alert_list = repository.get_list_by_name(session, name)
    created = alert_list is None
    if alert_list is None:
        data = AlertListCreate.model_validate({"name": name, "kind": kind})
        alert_list = create_list(session=session, data=data)
    elif alert_list.kind != kind:
        raise Invalid(
            "the list '%(name)s' holds %(kind)s entries, not %(wanted)s",
            params={"name": name, "kind": alert_list.kind, "wanted": kind},
            field="kind",
        )
    if created and checkpoint is not None:
        checkpoint = _skipping_first(checkpoint)  # an unreadable file creates no list
    report = import_csv(
        session=session, alert_list=alert_list, content=content, checkpoint=checkpoint
    )
    return ListImport(alert_list, report, created)


def _skipping_first(checkpoint: Checkpoint) -> Checkpoint:
    """The checkpoint, except its first call (the one before the parse)."""
    calls = 0

    def later() -> None:
        nonlocal calls
        calls += 1
        if calls > 1:
            checkpoint()

    return later
