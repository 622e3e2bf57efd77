"""Reference data down to a node, incrementally by cursor: the central serves what changed
after each of the node's cursors (kinds registered in `kit.travel`, filtered per site, plus the
conflicts of that node resolved here), signed with its key; the node applies it without
capturing it as its own changes and keeps, per kind, the moment its copy is complete as of.

A cursor is the (updated_at, id) of the last row sent. Rows changed in the last
`field_down_settle_seconds` wait for the next refresh, so that a transaction still open when a
page is served cannot commit a row behind the cursor.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from passage.auth.models import User
from passage.config import get_settings
from passage.field import repository
from passage.field.models import FieldNode, NodeState
from passage.kit import pending, travel
from passage.kit.clock import utcnow
from passage.kit.models import Base

RESOLUTIONS = "field_resolutions"
TOMBSTONES = "field_tombstones"
USERS = "users"
STUB_PASSWORD = "!"  # no password hash matches it: a stub account never signs in
PAGE_ROWS = 2000


def site_of(node: FieldNode | NodeState) -> travel.Site:
    """The site a node works at."""
    return travel.Site(node.poe_id, node.office, node.organisation)


def serve(
    session: Session, node: FieldNode, cursors: dict[str, Any], page_rows: int = PAGE_ROWS
) -> dict[str, Any]:
    """The next page of reference data for a node, from its cursors."""
    now = utcnow()
    before = now - timedelta(seconds=get_settings().field_down_settle_seconds)
    room, kinds = page_rows, {}
    for kind in travel.down_kinds():
        kinds[kind.name], used = _serve_kind(
            session, node, kind, cursors.get(kind.name), before, room
        )
        room -= used
        if room <= 0:
            break
    resolved = _resolutions(session, node, cursors.get(RESOLUTIONS))
    deleted = _tombstones(session, cursors.get(TOMBSTONES), before, max(room, 0))
    return {
        "node_id": str(node.id),
        "kinds": kinds,
        "made_at": travel.encode(now),
        **resolved,
        **deleted,
    }


def _tombstones(session: Session, cursor: Any, before: Any, room: int) -> dict[str, Any]:
    """Records deleted here after the cursor: the node deletes them too (never reviving them)."""
    rows = repository.tombstones_after(session, cursor, before=before, limit=room) if room else []
    last = rows[-1] if rows else None
    return {
        "deleted": [{"table": row.table_name, "record_id": row.record_id} for row in rows],
        "deleted_cursor": [travel.encode(last.deleted_at), str(last.id)] if last else cursor,
        "deleted_complete": len(rows) < room,
    }


def _serve_kind(
    session: Session, node: FieldNode, kind: travel.DownKind, cursor: Any, before: Any, room: int
) -> tuple[dict[str, Any], int]:
    """A kind's rows changed after its cursor (those the site may no longer hold as ids that
    leave), and how many rows it took of the page."""
    site = site_of(node)
    rows: Sequence[Any] = repository.down_rows(
        session, kind, site, cursor, before=before, limit=room
    )
    if rows:
        cursor = [travel.encode(rows[-1].updated_at), str(rows[-1].id)]
    kept = repository.kept_ids(session, kind, site, [row.id for row in rows])
    sent = [row for row in rows if str(row.id) in kept]
    item = {
        "rows": [travel.row_values(row) for row in sent],
        "left": [str(row.id) for row in rows if str(row.id) not in kept],
        "cursor": cursor,
        "as_of": travel.encode(before) if len(rows) < room else None,
        **_companions(session, kind, sent),
    }
    return item, len(rows)


def _companions(session: Session, kind: travel.DownKind, rows: Sequence[Base]) -> dict[str, Any]:
    """What comes down with a kind's rows: the records they refer to (parents first), the
    accounts they name (as name-only stubs, when the node holds no such account) and their
    child rows."""
    if not rows:
        return {}
    parents = _parents(session, rows) if kind.with_parents else []
    named = {
        value
        for record in [*(record for _table, record in parents), *rows]
        for value in _user_ids(record)
    }
    users = [
        {"id": str(user.id), "full_name": user.full_name}
        for user in repository.users_by_id(session, named)
    ]
    ids = [getattr(row, "id") for row in rows]  # noqa: B009
    children = {
        model.__tablename__: {
            "rows": [
                travel.row_values(child)
                for child in repository.children_of(session, model, column, ids)
            ]
        }
        for model, column in kind.children
    }
    return {
        "users": users,
        "parents": [{"table": table, "values": travel.row_values(r)} for table, r in parents],
        "children": children,
    }


def _foreign_keys(record: Base) -> list[tuple[str, Any]]:
    """(referred table, value) of each foreign key the record fills."""
    found: list[tuple[str, Any]] = []
    for column in record.__table__.columns:
        value = getattr(record, column.key, None)
        if value is not None:
            found.extend((key.column.table.name, value) for key in column.foreign_keys)
    return found


def _user_ids(record: Base) -> list[Any]:
    return [value for table, value in _foreign_keys(record) if table == USERS]


def _parents(session: Session, rows: Sequence[Base]) -> list[tuple[str, Base]]:
    """The travelling records these rows refer to, recursively, each before what refers to
    it; the rows themselves are left out."""
    models = travel.up_models()
    seen = {(row.__tablename__, str(getattr(row, "id"))) for row in rows}  # noqa: B009
    found: list[tuple[str, Base]] = []

    def visit(record: Base) -> None:
        for table, value in _foreign_keys(record):
            if table not in models or (table, str(value)) in seen:
                continue
            seen.add((table, str(value)))
            parent = repository.get_record(session, models[table], value)
            if parent is not None:
                visit(parent)
                found.append((table, parent))

    for row in rows:
        visit(row)
    return found


def _resolutions(session: Session, node: FieldNode, cursor: Any) -> dict[str, Any]:
    """Conflicts of this node resolved here after the cursor: the value chosen per field."""
    rows = repository.resolved_after(session, node.id, cursor)
    items = [
        {
            "table": row.table_name,
            "record_id": row.record_id,
            "field": row.field_name,
            "value": row.central_value.get("chosen"),
        }
        for row in rows
    ]
    last = rows[-1] if rows else None
    next_cursor = [travel.encode(last.resolved_at), str(last.id)] if last else cursor
    return {"resolutions": items, "resolutions_cursor": next_cursor}


def complete(page: dict[str, Any]) -> bool:
    """Whether a page left nothing behind (every kind complete)."""
    kinds = page.get("kinds") or {}
    names = {kind.name for kind in travel.down_kinds()}
    every_kind = names <= set(kinds) and all(item.get("as_of") for item in kinds.values())
    return every_kind and page.get("deleted_complete", True) is not False


def apply(session: Session, state: NodeState, page: dict[str, Any]) -> int:
    """Apply a page of reference data at the node; the number of rows written."""
    travel.applying(session)
    try:
        written = 0
        kinds = {kind.name: kind for kind in travel.down_kinds()}
        cursors, as_of = dict(state.down_cursors), dict(state.as_of)
        for name, item in (page.get("kinds") or {}).items():
            if name not in kinds:
                continue
            _stub_users(session, item.get("users") or [])
            written += _upsert_parents(session, state, item.get("parents") or [])
            written += _upsert(session, state, kinds[name], item.get("rows") or [])
            written += _leave(session, kinds[name], item.get("left") or [])
            written += _replace_children(
                session, kinds[name], item.get("rows") or [], item.get("children")
            )
            cursors[name] = item.get("cursor")
            if item.get("as_of"):
                as_of[name] = item["as_of"]
        written += _apply_resolutions(session, page.get("resolutions") or [])
        cursors[RESOLUTIONS] = page.get("resolutions_cursor")
        written += _apply_deletions(session, page.get("deleted") or [])
        if "deleted_cursor" in page:
            cursors[TOMBSTONES] = page["deleted_cursor"]
        state.down_cursors, state.as_of = cursors, as_of
        session.flush()
    finally:
        travel.applying(session, False)
    return written


def _upsert(
    session: Session, state: NodeState, kind: travel.DownKind, rows: list[dict[str, Any]]
) -> int:
    """Insert or update rows by id (or natural key); fields edited here and not yet
    acknowledged are kept."""
    model: Any = kind.model
    waiting = repository.waiting_fields(session, model.__tablename__, state.acked_seq)
    gone = repository.tombstoned(session, model.__tablename__, (v["id"] for v in rows))
    for values in rows:
        if values["id"] in gone:  # deleted here: never revived
            continue
        _upsert_row(session, model, values, waiting.get(values["id"], set()), kind.natural_key)
    session.flush()
    return len(rows)


def _leave(session: Session, kind: travel.DownKind, ids: list[str]) -> int:
    """Rows the site may no longer hold: wiped (kept as rows for what refers to them)."""
    if kind.on_leave is None:
        return 0
    id_column = travel.columns_of(kind.model)["id"]
    for value in ids:
        record = repository.get_record(session, kind.model, travel.decode(id_column, value))
        if record is not None:
            kind.on_leave(record)
    session.flush()
    return len(ids)


def _upsert_row(
    session: Session,
    model: Any,
    values: dict[str, Any],
    kept: set[str],
    natural_key: tuple[str, ...] = (),
) -> None:
    decoded = travel.decode_values(model, values)
    record = repository.get_record(session, model, decoded["id"])
    if record is None and natural_key:
        natural = {key: decoded[key] for key in natural_key}
        record = repository.get_by_natural_key(session, model, natural)
    if record is None:
        repository.add(session, model(**decoded))
        return
    for key, value in decoded.items():
        if key not in kept | travel.LOCAL_COLUMNS:
            setattr(record, key, value)


def _upsert_parents(session: Session, state: NodeState, parents: list[dict[str, Any]]) -> int:
    """The records the rows refer to, parents first (fields edited here and waiting kept)."""
    models = travel.up_models()
    waiting: dict[str, dict[str, set[str]]] = {}
    for item in parents:
        table = item["table"]
        if table not in models:
            continue
        if table not in waiting:
            waiting[table] = repository.waiting_fields(session, table, state.acked_seq)
        values = item["values"]
        if repository.tombstoned(session, table, [values["id"]]):
            continue
        _upsert_row(session, models[table], values, waiting[table].get(values["id"], set()))
        session.flush()  # a child's foreign key must find this row
    return len(parents)


def _stub_users(session: Session, users: list[dict[str, Any]]) -> None:
    """An account named by a record that came down but not held here (a colleague at the
    central): a name-only stub that never signs in; the real account replaces it if it is
    ever granted a role at this site."""
    wanted = {uuid.UUID(user["id"]): user for user in users}
    held = {user.id for user in repository.users_by_id(session, wanted)}
    for user_id, user in wanted.items():
        if user_id not in held:
            repository.add(
                session,
                User(
                    id=user_id,
                    email=f"{user_id}@central.invalid",
                    full_name=str(user.get("full_name") or "")[:200],
                    password_hash=STUB_PASSWORD,
                    is_active=False,
                ),
            )
    session.flush()


def _replace_children(
    session: Session, kind: travel.DownKind, rows: list[dict[str, Any]], sent: Any
) -> int:
    """Replace the child rows (a measure version's targets) of the rows that came down."""
    if not kind.children or not isinstance(sent, dict):
        return 0
    id_column = travel.columns_of(kind.model)["id"]
    parent_ids = [travel.decode(id_column, row["id"]) for row in rows]
    written = 0
    for model, column in kind.children:
        item = sent.get(model.__tablename__) or {}
        repository.delete_children(session, model, column, parent_ids)
        for values in item.get("rows") or []:
            repository.add(session, model(**travel.decode_values(model, values)))
            written += 1
    session.flush()
    return written


def _apply_resolutions(session: Session, items: list[dict[str, Any]]) -> int:
    """Set the values chosen at the central for this node's conflicts."""
    models = travel.up_models()
    for item in items:
        model = models.get(item["table"])
        if model is None:
            continue
        record = repository.get_record(session, model, uuid.UUID(item["record_id"]))
        column = travel.columns_of(model).get(item["field"])
        if record is not None and column is not None:
            setattr(record, item["field"], travel.decode(column, item["value"]))
    return len(items)


def _apply_deletions(session: Session, items: list[dict[str, Any]]) -> int:
    """Delete here the records deleted at the central (children before parents); each leaves a
    tombstone, so no later page revives it."""
    models = travel.travelling_models()
    order = {table.name: at for at, table in enumerate(Base.metadata.sorted_tables)}
    wanted = [item for item in items if item.get("table") in models]
    wanted.sort(key=lambda item: -order.get(item["table"], 0))
    for item in wanted:
        model = models[item["table"]]
        record = repository.get_record(
            session, model, travel.decode_values(model, {"id": item["record_id"]})["id"]
        )
        if record is not None:
            repository.delete_record(session, record)
        else:
            pending.queue(session, travel.TOMBSTONES_KEY, (item["table"], item["record_id"]))
    session.flush()
    return len(wanted)
