"""Applying a node's change at the central, field by field, and the review of conflicts.

Each change names, per field, the value the node started from and the value it wrote. A field
whose central value is still the node's starting value takes the node's value; a field already
holding the node's value is left alone; a field someone changed here meanwhile (and a field
waiting in an open conflict) goes to the review queue, never silently won by either side.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from passage.errors import Invalid, NotFound
from passage.field import repository
from passage.field.models import AppliedChange, FieldConflict, FieldNode
from passage.kit import audit, travel
from passage.kit.clock import utcnow
from passage.kit.models import Base
from passage.kit.repository import check_version


class Gone(KeyError):
    """A change of a record deleted here: a deletion is never undone."""


APPLIED = "applied"
CONFLICT = "conflict"
REJECTED = "rejected"


def apply_batch(session: Session, node: FieldNode, changes: list[dict[str, Any]]) -> list[str]:
    """Apply a batch of changes (in seq order) in one savepoint; when one of them is refused,
    apply them again one by one, each in its own savepoint, so only that one is refused."""
    try:
        with session.begin_nested():
            travel.applying(session)
            outcomes = _apply_all(session, node, changes)
            session.flush()
    except (IntegrityError, StatementError, ValueError, TypeError, KeyError):
        return [apply_change(session, node, change) for change in changes]
    finally:
        travel.applying(session, False)
    repository.insert_rows(
        session,
        AppliedChange,
        [
            _applied_row(node, change, outcome)
            for change, outcome in zip(changes, outcomes, strict=True)
        ],
    )
    return outcomes


def _apply_all(session: Session, node: FieldNode, changes: list[dict[str, Any]]) -> list[str]:
    """Apply a batch: new records are inserted many at a time, table by table (parents first),
    the other changes one by one after the inserts before them."""
    present, gone = _present(session, changes)
    pending: dict[str, list[dict[str, Any]]] = {}
    outcomes = []
    for change in changes:
        record_id = change["record_id"]
        if change["operation"] == "insert" and record_id not in present | gone:
            model = _model(change)
            values = {key: pair[1] for key, pair in change["fields"].items()}
            pending.setdefault(model.__tablename__, []).append(travel.decode_values(model, values))
            present.add(record_id)
            outcomes.append(APPLIED)
            continue
        _insert_pending(session, pending)
        outcomes.append(_apply(session, node, change, present, gone))
    _insert_pending(session, pending)
    return outcomes


def _insert_pending(session: Session, pending: dict[str, list[dict[str, Any]]]) -> None:
    """Insert the staged new records, parents' tables first, in as few statements as may be."""
    if not pending:
        return
    session.flush()  # the changes applied before these come first
    models = travel.up_models()
    for table in Base.metadata.sorted_tables:
        rows = pending.pop(table.name, None)
        if rows:
            repository.insert_rows(session, models[table.name], rows)


def _model(change: dict[str, Any]) -> type[Base]:
    model = travel.up_models().get(change["table"])
    if model is None:
        raise ValueError("a table that does not travel")
    return model


def _applied_row(node: FieldNode, change: dict[str, Any], outcome: str) -> dict[str, Any]:
    return {
        "change_id": uuid.UUID(change["change_id"]),
        "node_id": node.id,
        "seq": int(change["seq"]),
        "table_name": str(change.get("table", ""))[:60],
        "record_id": str(change.get("record_id", ""))[:64],
        "outcome": outcome,
        "detail": None,
        "applied_at": utcnow(),
    }


def _present(session: Session, changes: list[dict[str, Any]]) -> tuple[set[str], set[str]]:
    """Ids of the records these changes touch that this central holds, and of those it
    deleted."""
    by_table: dict[str, set[str]] = {}
    for change in changes:
        by_table.setdefault(change["table"], set()).add(change["record_id"])
    models = travel.up_models()
    present: set[str] = set()
    gone: set[str] = set()
    for table, ids in by_table.items():
        if table in models:
            held = repository.existing_ids(session, models[table], ids)
            present |= held
            gone |= repository.tombstoned(session, table, ids - held)
    return present, gone


def _applied(
    node: FieldNode, change: dict[str, Any], outcome: str, detail: str | None
) -> AppliedChange:
    return AppliedChange(
        change_id=uuid.UUID(change["change_id"]),
        node_id=node.id,
        seq=int(change["seq"]),
        table_name=str(change.get("table", ""))[:60],
        record_id=str(change.get("record_id", ""))[:64],
        outcome=outcome,
        detail=detail,
    )


def apply_change(session: Session, node: FieldNode, change: dict[str, Any]) -> str:
    """Apply one change once (in a savepoint: a refused change leaves nothing but its
    outcome); the outcome is kept under its change id."""
    outcome, detail = REJECTED, None
    try:
        with session.begin_nested():
            travel.applying(session)
            outcome = _apply(session, node, change, None, None)
            session.flush()
    except (IntegrityError, StatementError, ValueError, TypeError, KeyError) as error:
        outcome, detail = REJECTED, _reason(error)
    finally:
        travel.applying(session, False)
    repository.add(session, _applied(node, change, outcome, detail))
    return outcome


def _reason(error: Exception) -> str:
    """Why a change was refused, naming no values (they may be personal data)."""
    if isinstance(error, Gone):
        return "the record was deleted here"
    if isinstance(error, IntegrityError):
        return "refused by a constraint here (a duplicate, or a record it refers to is missing)"
    return f"not applicable: {type(error).__name__}"


def _apply(
    session: Session,
    node: FieldNode,
    change: dict[str, Any],
    present: set[str] | None,
    gone: set[str] | None,
) -> str:
    """Apply one change; `present` and `gone` (when known) name the records held here already
    and those deleted here."""
    model = _model(change)
    known = present is None or change["record_id"] in present
    record_id = uuid.UUID(change["record_id"])
    record = repository.get_record(session, model, record_id) if known else None
    fields: dict[str, list[Any]] = change["fields"]
    if change["operation"] == "delete":
        if record is not None:
            repository.delete_record(session, record)
            if present is not None:
                present.discard(change["record_id"])
        return APPLIED
    if record is None:
        if _deleted(session, change, gone):
            raise Gone("the record was deleted here")
        if change["operation"] != "insert":
            raise KeyError("a change of a record this central does not hold")
        values = travel.decode_values(model, {key: pair[1] for key, pair in fields.items()})
        repository.add(session, model(**values))
        if present is not None:
            present.add(change["record_id"])
        return APPLIED
    return _merge(session, node, change, record, fields)


def _deleted(session: Session, change: dict[str, Any], gone: set[str] | None) -> bool:
    """Whether the record of a change was deleted here."""
    if gone is not None:
        return change["record_id"] in gone
    return bool(repository.tombstoned(session, change["table"], [change["record_id"]]))


def _merge(
    session: Session, node: FieldNode, change: dict[str, Any], record: Base, fields: dict[str, Any]
) -> str:
    """Take each field edited only at the node; queue the others for review."""
    columns = travel.columns_of(type(record))
    held = repository.open_conflict_fields(session, record.__tablename__, change["record_id"])
    outcome = APPLIED
    for name, (before, after) in fields.items():
        if name not in columns or name in travel.LOCAL_COLUMNS:
            continue
        current = travel.encode(getattr(record, name))
        if current == after:
            continue
        if current == before and name not in held:
            setattr(record, name, travel.decode(columns[name], after))
            continue
        outcome = CONFLICT
        repository.add(
            session,
            FieldConflict(
                node_id=node.id,
                change_id=uuid.UUID(change["change_id"]),
                table_name=record.__tablename__,
                record_id=change["record_id"],
                field_name=name,
                base_value={"value": before},
                node_value={"value": after},
                central_value={"value": current},
            ),
        )
    return outcome


def resolve(
    *,
    session: Session,
    conflict_id: uuid.UUID,
    choice: str,
    version: int,
    actor_id: uuid.UUID | None,
) -> FieldConflict:
    """Settle a conflict by choosing the node's value or the central's (audited)."""
    conflict = repository.get_conflict(session, conflict_id)
    if conflict is None:
        raise NotFound("no such conflict")
    check_version(conflict, version)
    if conflict.status != "open":
        raise Invalid("this conflict is already resolved", field="choice")
    if choice not in ("node", "central"):
        raise Invalid("choose the node's value or the central's", field="choice")
    model = travel.up_models()[conflict.table_name]
    columns = travel.columns_of(model)
    record = repository.get_record(session, model, uuid.UUID(conflict.record_id))
    if record is None:
        raise NotFound("the record of this conflict is gone")
    chosen = (
        conflict.node_value
        if choice == "node"
        else {"value": travel.encode(getattr(record, conflict.field_name))}
    )
    setattr(
        record, conflict.field_name, travel.decode(columns[conflict.field_name], chosen["value"])
    )
    conflict.status, conflict.chosen = "resolved", choice
    conflict.central_value = conflict.central_value | {"chosen": chosen["value"]}
    conflict.resolved_by, conflict.resolved_at = actor_id, utcnow()
    session.flush()
    audit.record(
        session,
        action="field.conflict_resolved",
        object_type=conflict.table_name,
        object_id=conflict.record_id,
        details={"field": conflict.field_name, "chosen": choice, "node_id": str(conflict.node_id)},
    )
    return conflict
