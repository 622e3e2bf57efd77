"""Every query of the field domain."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, tuple_
from sqlalchemy.orm import Session

from passage.audit.models import AuditEntry
from passage.auth.models import User
from passage.field.models import (
    AppliedChange,
    EnrolmentToken,
    FieldConflict,
    FieldNode,
    KeyWrap,
    NodeAuditEntry,
    NodeState,
    OutboxChange,
    Tombstone,
)
from passage.kit.models import Base
from passage.kit.travel import DownKind, Site

# ------------------------------------------------------------------ central


def token_by_hash(session: Session, token_hash: str) -> EnrolmentToken | None:
    """The enrolment token with this hash (locked while it is used)."""
    statement = select(EnrolmentToken).where(EnrolmentToken.token_hash == token_hash)
    return session.scalars(statement.with_for_update()).first()


def node_by_kid(session: Session, kid: str) -> FieldNode | None:
    """The node whose key has this id."""
    return session.scalars(select(FieldNode).where(FieldNode.kid == kid)).first()


def get_node(session: Session, node_id: uuid.UUID, *, lock: bool = False) -> FieldNode | None:
    """A node by id (locked for the batch that updates it, when asked)."""
    statement = select(FieldNode).where(FieldNode.id == node_id)
    return session.scalars(statement.with_for_update() if lock else statement).first()


def list_nodes(session: Session) -> Sequence[FieldNode]:
    """Every enrolled node, newest first."""
    return session.scalars(select(FieldNode).order_by(FieldNode.enrolled_at.desc())).all()


def open_conflict_counts(session: Session) -> dict[uuid.UUID, int]:
    """Open conflicts per node."""
    statement = (
        select(FieldConflict.node_id, func.count())
        .where(FieldConflict.status == "open")
        .group_by(FieldConflict.node_id)
    )
    return {node_id: count for node_id, count in session.execute(statement)}


def applied_ids(session: Session, change_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these changes were already applied (or refused) here."""
    ids = list(change_ids)
    if not ids:
        return set()
    statement = select(AppliedChange.change_id).where(AppliedChange.change_id.in_(ids))
    return set(session.scalars(statement))


def conflicts(session: Session, *, status: str | None, limit: int = 200) -> Sequence[FieldConflict]:
    """Conflicts, oldest first (all of them, or those in one status)."""
    statement = select(FieldConflict).order_by(FieldConflict.created_at, FieldConflict.id)
    if status:
        statement = statement.where(FieldConflict.status == status)
    return session.scalars(statement.limit(limit)).all()


def get_conflict(session: Session, conflict_id: uuid.UUID) -> FieldConflict | None:
    """One conflict."""
    return session.get(FieldConflict, conflict_id)


def open_conflict_fields(session: Session, table: str, record_id: str) -> set[str]:
    """Fields of a record that wait for a person's choice."""
    statement = select(FieldConflict.field_name).where(
        FieldConflict.table_name == table,
        FieldConflict.record_id == record_id,
        FieldConflict.status == "open",
    )
    return set(session.scalars(statement))


def node_audit_hashes(session: Session, node_id: uuid.UUID) -> Sequence[NodeAuditEntry]:
    """A node's audit entries as received, in seq order."""
    statement = select(NodeAuditEntry).where(NodeAuditEntry.node_id == node_id)
    return session.scalars(statement.order_by(NodeAuditEntry.seq)).all()


def down_rows(
    session: Session,
    kind: DownKind,
    site: Site,
    cursor: list[Any] | None,
    *,
    before: datetime,
    limit: int,
) -> Sequence[Base]:
    """Rows of a kind changed after the cursor (updated_at, id) and settled before `before`."""
    model: Any = kind.model
    statement = select(model).where(model.updated_at < before)
    if kind.site_filter is not None:
        statement = kind.site_filter(statement, site)
    if kind.first_filter is not None and not cursor:
        statement = kind.first_filter(statement, site)
    if kind.keep is not None and not cursor:  # a first refresh gets only what it may keep
        statement = kind.keep(statement, site)
    if cursor:
        after = (datetime.fromisoformat(cursor[0]), uuid.UUID(cursor[1]))
        statement = statement.where(tuple_(model.updated_at, model.id) > after)
    statement = statement.order_by(model.updated_at, model.id).limit(limit)
    return session.scalars(statement).all()


# ------------------------------------------------------------------ node


def node_state(session: Session) -> NodeState | None:
    """This deployment's field node state, when it is enrolled."""
    return session.scalars(select(NodeState).limit(1)).first()


def outbox_after(session: Session, seq: int, limit: int) -> Sequence[OutboxChange]:
    """Changes made here after `seq`, in order."""
    statement = select(OutboxChange).where(OutboxChange.seq > seq).order_by(OutboxChange.seq)
    return session.scalars(statement.limit(limit)).all()


def outbox_count_after(session: Session, seq: int) -> int:
    """How many changes wait after `seq`."""
    statement = select(func.count()).select_from(OutboxChange).where(OutboxChange.seq > seq)
    return session.scalar(statement) or 0


def waiting_fields(session: Session, table: str, seq: int) -> dict[str, set[str]]:
    """record id -> fields changed here and not yet acknowledged, for one table."""
    statement = select(OutboxChange.record_id, OutboxChange.fields).where(
        OutboxChange.table_name == table, OutboxChange.seq > seq
    )
    waiting: dict[str, set[str]] = {}
    for record_id, fields in session.execute(statement):
        waiting.setdefault(record_id, set()).update(fields)
    return waiting


def add(session: Session, record: Base) -> None:
    """Stage a new record."""
    session.add(record)


def add_all(session: Session, records: Iterable[Base]) -> None:
    """Stage new records."""
    session.add_all(list(records))


def insert_rows(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """Insert new rows many at a time (rows with the same columns in one statement)."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    for group in groups.values():
        session.execute(insert(model), group)


def get_record(session: Session, model: type[Base], record_id: Any) -> Base | None:
    """A travelling record by id."""
    return session.get(model, record_id)


def rows_of(session: Session, model: type[Base]) -> Sequence[Base]:
    """Every row of a travelling table, by id (for content hashes)."""
    model_any: Any = model
    return session.scalars(select(model).order_by(model_any.id)).all()


def audit_after(session: Session, seq: int, limit: int) -> Sequence[AuditEntry]:
    """This deployment's audit entries after `seq`, in chain order."""
    statement = select(AuditEntry).where(AuditEntry.seq > seq).order_by(AuditEntry.seq)
    return session.scalars(statement.limit(limit)).all()


def resolved_after(
    session: Session, node_id: uuid.UUID, after: list[Any] | None, limit: int = 1000
) -> Sequence[FieldConflict]:
    """A node's conflicts resolved here after the cursor (resolved_at, id), in that order."""
    statement = select(FieldConflict).where(
        FieldConflict.node_id == node_id, FieldConflict.status == "resolved"
    )
    if after:
        moment = (datetime.fromisoformat(after[0]), uuid.UUID(after[1]))
        statement = statement.where(tuple_(FieldConflict.resolved_at, FieldConflict.id) > moment)
    order = (FieldConflict.resolved_at, FieldConflict.id)
    return session.scalars(statement.order_by(*order).limit(limit)).all()


def get_by_natural_key(session: Session, model: type[Base], values: dict[str, Any]) -> Base | None:
    """A row by the columns that name it apart from its id."""
    model_any: Any = model
    statement = select(model).where(*(getattr(model_any, k) == v for k, v in values.items()))
    return session.scalars(statement).first()


def existing_ids(session: Session, model: type[Base], ids: set[str]) -> set[str]:
    """Which of these record ids a travelling table holds."""
    model_any: Any = model
    wanted = [uuid.UUID(value) for value in ids]
    statement = select(model_any.id).where(model_any.id.in_(wanted))
    return {str(value) for value in session.scalars(statement)}


def children_of(session: Session, model: type[Base], column: str, ids: list[Any]) -> Sequence[Base]:
    """Rows of a child table (no id of its own) naming one of these parent ids."""
    if not ids:
        return []
    model_any: Any = model
    return session.scalars(select(model).where(getattr(model_any, column).in_(ids))).all()


def delete_children(session: Session, model: type[Base], column: str, ids: list[Any]) -> None:
    """Remove the rows of a child table naming one of these parent ids (to be replaced)."""
    if ids:
        model_any: Any = model
        session.execute(delete(model).where(getattr(model_any, column).in_(ids)))


def users_by_id(session: Session, ids: Iterable[uuid.UUID]) -> Sequence[User]:
    """Accounts by id."""
    wanted = list(ids)
    if not wanted:
        return []
    return session.scalars(select(User).where(User.id.in_(wanted))).all()


def tombstoned(session: Session, table: str, record_ids: Iterable[str]) -> set[str]:
    """Which of these records of a table were deleted here (or deleted elsewhere and applied)."""
    wanted = list(record_ids)
    if not wanted:
        return set()
    statement = select(Tombstone.record_id).where(
        Tombstone.table_name == table, Tombstone.record_id.in_(wanted)
    )
    return set(session.scalars(statement))


def tombstones_after(
    session: Session, after: list[Any] | None, *, before: datetime, limit: int
) -> Sequence[Tombstone]:
    """Tombstones made after the cursor (deleted_at, id) and settled before `before`."""
    statement = select(Tombstone).where(Tombstone.deleted_at < before)
    if after:
        moment = (datetime.fromisoformat(after[0]), uuid.UUID(after[1]))
        statement = statement.where(tuple_(Tombstone.deleted_at, Tombstone.id) > moment)
    order = (Tombstone.deleted_at, Tombstone.id)
    return session.scalars(statement.order_by(*order).limit(limit)).all()


def delete_record(session: Session, record: Base) -> None:
    """Delete a travelling record (its tombstone is captured by `kit.travel`)."""
    session.delete(record)


def kept_ids(session: Session, kind: DownKind, site: Site, ids: list[Any]) -> set[str]:
    """Which of these rows of a kind the site may keep (all of them when the kind says not)."""
    if kind.keep is None:
        return {str(value) for value in ids}
    if not ids:
        return set()
    model: Any = kind.model
    statement = kind.keep(select(model.id).where(model.id.in_(ids)), site)
    return {str(value) for value in session.scalars(statement)}


def key_wraps(session: Session) -> Sequence[KeyWrap]:
    """Every wrap of this node's data key."""
    return session.scalars(select(KeyWrap)).all()


def key_wrap_of(session: Session, user_id: uuid.UUID | None) -> KeyWrap | None:
    """The data key wrapped for an officer (or, for None, under the enrolment secret)."""
    column = KeyWrap.user_id
    condition = column.is_(None) if user_id is None else column == user_id
    return session.scalars(select(KeyWrap).where(condition).limit(1)).first()


def user_by_email(session: Session, email: str) -> User | None:
    """An active account by e-mail (case as stored)."""
    statement = select(User).where(User.email == email.strip().lower(), User.is_active)
    return session.scalars(statement.limit(1)).first()
