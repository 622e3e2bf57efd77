"""Alert lists: creation, CSV import (idempotent by list and reference) and listing."""

from __future__ import annotations

import uuid
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
from passage.kit.imports import ImportReport

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
    *, session: Session, alert_list: AlertList, content: bytes, actor: Principal | None = None
) -> ImportReport:
    """Import a CSV into a list: new refs are created, changed rows updated, rejected rows
    reported with line and reason. Raises Invalid when the file cannot be read at all."""
    report = ImportReport()
    try:
        rows = parse_rows(content, alert_list.kind, report)
    except FileError as error:
        raise Invalid(str(error), field="file") from None
    _apply(session, alert_list, rows, report)
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


def _apply(
    session: Session, alert_list: AlertList, rows: list[ParsedRow], report: ImportReport
) -> None:
    """Create or update each valid row (keyed by list and ref)."""
    model = MODELS[alert_list.kind]
    existing: dict[str, Any] = (
        repository.persons_by_ref(session, alert_list.id)
        if model is AlertPerson
        else repository.documents_by_ref(session, alert_list.id)
    )
    for row in rows:
        record = existing.get(row.ref)
        if record is None:
            session.add(model(list_id=alert_list.id, external_ref=row.ref, **row.values))
            report.created += 1
        elif record.removed_at is None and all(
            getattr(record, name) == value for name, value in row.values.items()
        ):
            report.unchanged += 1
        else:  # changed, or removed and listed again by the authority's file
            for name, value in row.values.items():
                setattr(record, name, value)
            record.removed_at = None
            report.updated += 1
    session.flush()


def import_into_named_list(*, session: Session, name: str, kind: str, content: bytes) -> ListImport:
    """Import into the list with this name, creating it when missing (the CLI's way)."""
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
    report = import_csv(session=session, alert_list=alert_list, content=content)
    return ListImport(alert_list, report, created)
