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

from sqlalchemy import Select, TypeDecorator, event, inspect
from sqlalchemy.orm import Session, UOWTransaction

from passage.kit import pending
from passage.kit.clock import as_utc
from passage.kit.models import Base

CHANGES_KEY = "travel_changes"
APPLYING_KEY = "travel_applying"
# Bookkeeping columns each side keeps for itself: never sent as edits, never compared.
LOCAL_COLUMNS = frozenset({"version", "updated_at"})


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


@dataclass(frozen=True)
class Change:
    """One captured change of a travelling record: field -> [value before, value after]."""

    table: str
    record_id: str
    operation: str  # "insert" | "update"
    fields: dict[str, list[Any]] = field(default_factory=dict)
    base_version: int = 0


_up: dict[str, type[Base]] = {}
_down: dict[str, DownKind] = {}


def register_up(*models: type[Base]) -> None:
    """Records of these tables made or changed at a site travel up to the central (parents
    first: a child's foreign key must find its parent applied)."""
    for model in models:
        _up[model.__tablename__] = model


def register_down(kind: DownKind) -> None:
    """Rows of this table (filtered per site) are sent down to the nodes, by `kind.name`."""
    _down[kind.name] = kind


def up_models() -> dict[str, type[Base]]:
    """The tables that travel up, by table name, in registration order."""
    return dict(_up)


def down_kinds() -> list[DownKind]:
    """The reference data sent down, in registration order."""
    return list(_down.values())


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
    values = row_values(record)
    return Change(
        record.__tablename__,
        values["id"],
        "insert",
        {key: [None, value] for key, value in values.items() if key not in LOCAL_COLUMNS},
    )


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
    """After each flush, queue the changes of travelling records (not while applying)."""
    if not _up or session.info.get(APPLYING_KEY):
        return
    for record in session.new:
        if type(record).__tablename__ in _up and isinstance(record, Base):
            pending.queue(session, CHANGES_KEY, _inserted(record))
    for record in session.dirty:
        if isinstance(record, Base) and type(record).__tablename__ in _up:
            change = _updated(record)
            if change is not None:
                pending.queue(session, CHANGES_KEY, change)


event.listen(Session, "after_flush", _capture)


def _drop(session: Session) -> None:
    """Until a field node's outbox writes them, captured changes are dropped at commit."""
    pending.take(session, CHANGES_KEY)


pending.register_writer(CHANGES_KEY, _drop, rank=30)
