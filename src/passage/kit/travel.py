"""Records that travel between a field node and its central deployment: the extension point
through which each domain declares which of its tables go up (made at a site, sent to the
central) and which come down (reference data a site needs offline), and the capture of the
changes made to travelling records in a session.

A domain registers its tables from its `on_install` (`register_up`, `register_down`); the field
domain (`passage.field`) reads these registries and writes the captured changes to its outbox
(`pending` key `CHANGES_KEY`). Lower domains never import the field domain.

Values travel as JSON: UUIDs, dates and datetimes as ISO 8601 text; JSON columns as they are.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Delete, Select, TypeDecorator, event, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from passage.kit import pending
from passage.kit.clock import as_utc
from passage.kit.models import Base

CHANGES_KEY = "travel_changes"
# (table, record id) of travelling records deleted in the session: a field deployment keeps a
# tombstone of each, sent on so the other side deletes the record too and never revives it.
TOMBSTONES_KEY = "travel_tombstones"
APPLYING_KEY = "travel_applying"
# Bookkeeping columns each side keeps for itself: never sent as edits, never compared.
# each side's bookkeeping, never travelling (name_index: a node's blind name index, kit.atrest)
LOCAL_COLUMNS = frozenset({"version", "updated_at", "name_index"})


@dataclass(frozen=True)
class Site:
    """Where a field node works: a point of entry or an office, for an organisation."""

    poe_id: uuid.UUID | None
    office: str | None
    organisation: str | None


# A filter of the rows a site receives: (statement, site) -> statement.
SiteFilter = Callable[[Select[Any], Site], Select[Any]]


@dataclass(frozen=True)
class DownKind:
    """Reference data sent down to nodes, in the order registered (parents first)."""

    name: str
    model: type[Base]
    site_filter: SiteFilter | None = None
    # Columns naming a row apart from its id, for rows a node may hold already under another
    # id (countries are seeded by a migration): such a row takes the central's id.
    natural_key: tuple[str, ...] = ()
    # Applied on a node's first refresh only (it has no cursor yet): a new node gets the open
    # cases, while a case closed after that still comes down, closed.
    first_filter: SiteFilter | None = None
    # Rows of tables without ids or times of their own that come down with each row and
    # replace the node's: (model, the column naming the row), e.g. a measure version's targets.
    children: tuple[tuple[type[Base], str], ...] = ()
    # Whether the travelling records a row refers to come down with it, whatever their own
    # time (a case's screening, crossing and traveller), so the node's foreign keys hold.
    with_parents: bool = False
    # Rows a site may hold only while they pass this filter (an alert-list entry while its list
    # is shared with the site's post and the entry is not removed): a row changed so that it
    # no longer passes comes down as leaving, and `on_leave` wipes it at the node (kept as a
    # row, without its content, for the records that refer to it).
    keep: SiteFilter | None = None
    on_leave: Callable[[Any], None] | None = None


@dataclass(frozen=True)
class Change:
    """One captured change of a travelling record: field -> [value before, value after]."""

    table: str
    record_id: str
    operation: str  # "insert" | "update" | "delete"
    fields: dict[str, list[Any]] = field(default_factory=dict)
    base_version: int = 0


_up: dict[str, type[Base]] = {}
_down: dict[str, DownKind] = {}
_travelling: dict[str, type[Base]] = {}  # computed once the registries are read


def register_up(*models: type[Base]) -> None:
    """Records of these tables made or changed at a site travel up to the central (parents
    first: a child's foreign key must find its parent applied)."""
    for model in models:
        _up[model.__tablename__] = model
    _travelling.clear()


def register_down(kind: DownKind) -> None:
    """Rows of this table (filtered per site) are sent down to the nodes, by `kind.name`."""
    _down[kind.name] = kind
    _travelling.clear()


def up_models() -> dict[str, type[Base]]:
    """The tables that travel up, by table name, in registration order."""
    return dict(_up)


def down_kinds() -> list[DownKind]:
    """The reference data sent down, in registration order."""
    return list(_down.values())


def travelling_models() -> dict[str, type[Base]]:
    """Every table that travels up or down (with an id of its own), by table name."""
    if not _travelling:
        models = {kind.model.__tablename__: kind.model for kind in _down.values()} | _up
        _travelling.update(
            {name: model for name, model in models.items() if "id" in columns_of(model)}
        )
    return _travelling


def columns_of(model: type[Base]) -> dict[str, Any]:
    """Attribute name -> column of a travelling table."""
    return {attr.key: attr.columns[0] for attr in inspect(model).column_attrs}


def encode(value: Any) -> Any:
    """A column value as JSON."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def decode(column: Any, value: Any) -> Any:
    """A JSON value back as the column's Python type."""
    if value is None:
        return None
    column_type = column.type
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    try:
        kind = column_type.python_type
    except NotImplementedError:
        return value
    if kind is uuid.UUID:
        return uuid.UUID(value)
    if kind is datetime:
        return as_utc(datetime.fromisoformat(value))
    if kind is date:
        return date.fromisoformat(value)
    return value


def row_values(record: Base) -> dict[str, Any]:
    """Every column of a record as JSON (what a node or the central holds of it)."""
    return {key: encode(getattr(record, key)) for key in columns_of(type(record))}


def decode_values(model: type[Base], values: dict[str, Any]) -> dict[str, Any]:
    """JSON values of known columns back as Python values (unknown names are ignored)."""
    columns = columns_of(model)
    return {key: decode(columns[key], value) for key, value in values.items() if key in columns}


def applying(session: Session, on: bool = True) -> None:
    """Mark the session as applying records that came from elsewhere: nothing is captured."""
    session.info[APPLYING_KEY] = on


def _inserted(record: Base) -> Change:
    return _insert_change(record.__tablename__, row_values(record))


def _insert_change(table: str, values: dict[str, Any]) -> Change:
    return Change(
        table,
        values["id"],
        "insert",
        {key: [None, value] for key, value in values.items() if key not in LOCAL_COLUMNS},
    )


def capture_insert(session: Session, model: type[Base], values: dict[str, Any]) -> None:
    """Queue the insert of a record written without the unit of work (a plain INSERT of
    `values`, columns left out being NULL), as a flush would have captured it."""
    if model.__tablename__ not in _up or session.info.get(APPLYING_KEY):
        return
    row = {key: encode(values.get(key)) for key in columns_of(model)}
    pending.queue(session, CHANGES_KEY, _insert_change(model.__tablename__, row))


def _updated(record: Base) -> Change | None:
    state = inspect(record)
    fields: dict[str, list[Any]] = {}
    for key in columns_of(type(record)):
        if key in LOCAL_COLUMNS:
            continue
        history = state.attrs[key].history
        if history.added and history.deleted and history.added[0] != history.deleted[0]:
            fields[key] = [encode(history.deleted[0]), encode(history.added[0])]
    if not fields:
        return None
    version = state.attrs["version"].history
    base = version.deleted[0] if version.deleted else getattr(record, "version", 0)
    record_id = str(cast(Any, record).id)
    return Change(record.__tablename__, record_id, "update", fields, base)


def _capture(session: Session, _context: UOWTransaction) -> None:
    """After each flush, queue the changes of travelling records (not while applying) and the
    deletions of any (applied ones too: a deletion is passed on and never undone)."""
    if not _up and not _down:
        return
    applying_now = session.info.get(APPLYING_KEY)
    travelling = travelling_models()
    for record in session.deleted:
        table = getattr(record, "__tablename__", None)
        if table in travelling:
            record_id = str(cast(Any, record).id)
            pending.queue(session, TOMBSTONES_KEY, (table, record_id))
            if table in _up and not applying_now:
                pending.queue(session, CHANGES_KEY, Change(table, record_id, "delete"))
    if applying_now:
        return
    for record in session.new:
        if type(record).__tablename__ in _up and isinstance(record, Base):
            pending.queue(session, CHANGES_KEY, _inserted(record))
    for record in session.dirty:
        if isinstance(record, Base) and type(record).__tablename__ in _up:
            change = _updated(record)
            if change is not None:
                pending.queue(session, CHANGES_KEY, change)


def _capture_bulk_delete(state: ORMExecuteState) -> None:
    """A DELETE statement on a travelling table: queue its rows as deleted, as a flush would."""
    if not state.is_delete or not isinstance(state.statement, Delete):
        return
    statement = state.statement
    model = travelling_models().get(getattr(statement.table, "name", ""))
    if model is None:
        return
    model_any: Any = model
    ids = select(model_any.id)
    if statement.whereclause is not None:
        ids = ids.where(statement.whereclause)
    session = state.session
    for record_id in session.execute(ids).scalars():
        pending.queue(session, TOMBSTONES_KEY, (model.__tablename__, str(record_id)))
        if model.__tablename__ in _up and not session.info.get(APPLYING_KEY):
            pending.queue(
                session, CHANGES_KEY, Change(model.__tablename__, str(record_id), "delete")
            )


event.listen(Session, "after_flush", _capture)
event.listen(Session, "do_orm_execute", _capture_bulk_delete)


def _drop(session: Session) -> None:
    """Until a field node's outbox writes them, captured changes are dropped at commit."""
    pending.take(session, CHANGES_KEY)


def _drop_tombstones(session: Session) -> None:
    """Until the field domain writes them, captured deletions are dropped at commit."""
    pending.take(session, TOMBSTONES_KEY)


pending.register_writer(CHANGES_KEY, _drop, rank=30)
pending.register_writer(TOMBSTONES_KEY, _drop_tombstones, rank=31)
