"""The entries of an alert list: listed, viewed, edited and removed by an administrator, and
exported as CSV or XLSX in the import's columns. Listed persons are personal data: every read,
change and export is audited (with counts and field names, never a value)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from sqlalchemy.orm import Session

from passage.border.alerts import repository
from passage.border.alerts.cache import mark_changed
from passage.border.alerts.importer import COLUMNS, ROW_READERS, RowInvalid
from passage.border.alerts.models import AlertList, AlertPerson, LostDocument
from passage.border.alerts.service import MODELS, get_list
from passage.errors import Invalid, NotFound
from passage.kit import audit
from passage.kit.clock import utcnow
from passage.kit.repository import check_version
from passage.kit.tables import table_file

Entry = AlertPerson | LostDocument
ExportFormat = Literal["csv", "xlsx"]
PAGE_SIZE = 50


def _object_type(alert_list: AlertList) -> str:
    return "alert_person" if alert_list.kind == "person" else "lost_document"


def list_entries(
    *, session: Session, list_id: uuid.UUID, ref: str | None = None, page: int = 1
) -> tuple[AlertList, Sequence[Entry], int]:
    """A page of a list's entries by reference (prefix filter), with the total; audited."""
    alert_list = get_list(session=session, list_id=list_id)
    found, total = repository.entries(
        session,
        MODELS[alert_list.kind],
        list_id,
        ref=ref,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    audit.record(
        session,
        action="list",
        object_type=_object_type(alert_list),
        details={"list_id": str(list_id), "count": len(found)},
    )
    return alert_list, found, total


def _entry(session: Session, list_id: uuid.UUID, entry_id: uuid.UUID) -> tuple[AlertList, Entry]:
    alert_list = get_list(session=session, list_id=list_id)
    entry = repository.get_entry(session, MODELS[alert_list.kind], entry_id)
    if entry is None or entry.list_id != list_id or entry.removed_at is not None:
        raise NotFound("no such entry on this list", field="entry_id")
    return alert_list, entry


def get_entry(
    *, session: Session, list_id: uuid.UUID, entry_id: uuid.UUID
) -> tuple[AlertList, Entry]:
    """One entry of a list (a removed one is not found); the read is audited."""
    alert_list, entry = _entry(session, list_id, entry_id)
    audit.record(session, action="read", object_type=_object_type(alert_list), object_id=entry.id)
    return alert_list, entry


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(str(part) for part in value)
    return str(value)


def columns_of(entry: Entry) -> dict[str, str]:
    """An entry in the import's columns (a list as `a|b`), for the edit form and exports."""
    if isinstance(entry, AlertPerson):
        values: Mapping[str, object] = {
            "ref": entry.external_ref,
            "names": entry.names,
            "birth_date": entry.birth_date_text,
            "nationality": entry.nationality,
            "gender": entry.gender,
            "document_numbers": entry.document_numbers,
            "reason": entry.reason,
            "issuing_authority": entry.issuing_authority,
            "valid_from": entry.valid_from,
            "valid_until": entry.valid_until,
        }
    else:
        values = {
            "ref": entry.external_ref,
            "document_number": entry.document_number,
            "issuing_state": entry.issuing_state,
            "document_code": entry.document_code,
            "reason": entry.reason,
            "reported_on": entry.reported_on,
            "valid_until": entry.valid_until,
        }
    return {name: _cell(value) for name, value in values.items()}


def edit_entry(
    *,
    session: Session,
    list_id: uuid.UUID,
    entry_id: uuid.UUID,
    version: int,
    values: Mapping[str, str],
) -> Entry:
    """Change an entry from the version the editor read (409 when stale), each value checked
    as the import checks it; the audit entry names the fields changed."""
    alert_list, entry = _entry(session, list_id, entry_id)
    check_version(entry, version)
    unknown = sorted(set(values) - set(COLUMNS[alert_list.kind]) | {"ref"} & set(values))
    if unknown:
        raise Invalid(
            "%(field)s cannot be changed on this list",
            params={"field": unknown[0]},
            field=unknown[0],
        )
    try:
        checked = ROW_READERS[alert_list.kind]({**columns_of(entry), **values})
    except RowInvalid as error:
        raise Invalid(error.reason, field=error.field) from None
    changed = sorted(name for name, value in checked.items() if getattr(entry, name) != value)
    for name in changed:
        setattr(entry, name, checked[name])
    session.flush()
    mark_changed(session)
    audit.record(
        session,
        action="update",
        object_type=_object_type(alert_list),
        object_id=entry.id,
        details={"fields": changed},
    )
    return entry


def remove_entry(
    *, session: Session, list_id: uuid.UUID, entry_id: uuid.UUID, version: int
) -> Entry:
    """Remove an entry from the version the editor read: never screened again, kept for the
    hits that refer to it (re-importing its reference lists it again); audited."""
    alert_list, entry = _entry(session, list_id, entry_id)
    check_version(entry, version)
    entry.removed_at = utcnow()
    session.flush()
    mark_changed(session)
    audit.record(session, action="remove", object_type=_object_type(alert_list), object_id=entry.id)
    return entry


def export(
    *, session: Session, list_id: uuid.UUID, file_format: ExportFormat
) -> tuple[bytes, str, str]:
    """A list's entries (not removed) as CSV or XLSX in the import's columns, so the file can
    be imported again: (content, media type, file name). Audited with the count only."""
    alert_list = get_list(session=session, list_id=list_id)
    columns = COLUMNS[alert_list.kind]
    count = 0

    def rows() -> Iterable[list[str]]:
        nonlocal count
        for entry in repository.every_entry(session, MODELS[alert_list.kind], list_id):
            count += 1
            cells = columns_of(entry)
            yield [cells[name] for name in columns]

    content, media_type = table_file(columns, rows(), file_format, "entries")
    audit.record(
        session,
        action="export",
        object_type=_object_type(alert_list),
        details={"list_id": str(list_id), "count": count, "format": file_format},
    )
    return content, media_type, f"alert-list-{alert_list.id}.{file_format}"
