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
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from passage.config import get_settings
from passage.field import repository
from passage.field.models import FieldNode, NodeState
from passage.kit import travel
from passage.kit.clock import utcnow

RESOLUTIONS = "field_resolutions"
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
        cursor = cursors.get(kind.name)
        rows = repository.down_rows(session, kind, site_of(node), cursor, before=before, limit=room)
        if rows:
            last: Any = rows[-1]
            cursor = [travel.encode(last.updated_at), str(last.id)]
        complete = len(rows) < room
        kinds[kind.name] = {
            "rows": [travel.row_values(row) for row in rows],
            "cursor": cursor,
            "as_of": travel.encode(before) if complete else None,
        }
        room -= len(rows)
        if room <= 0:
            break
    resolved = _resolutions(session, node, cursors.get(RESOLUTIONS))
    return {"node_id": str(node.id), "kinds": kinds, "made_at": travel.encode(now), **resolved}


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
    return names <= set(kinds) and all(item.get("as_of") for item in kinds.values())


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
            written += _upsert(session, state, kinds[name], item.get("rows") or [])
            cursors[name] = item.get("cursor")
            if item.get("as_of"):
                as_of[name] = item["as_of"]
        written += _apply_resolutions(session, page.get("resolutions") or [])
        cursors[RESOLUTIONS] = page.get("resolutions_cursor")
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
    for values in rows:
        decoded = travel.decode_values(model, values)
        record = repository.get_record(session, model, decoded["id"])
        if record is None and kind.natural_key:
            natural = {key: decoded[key] for key in kind.natural_key}
            record = repository.get_by_natural_key(session, model, natural)
        if record is None:
            repository.add(session, model(**decoded))
            continue
        kept = waiting.get(values["id"], set()) | travel.LOCAL_COLUMNS
        for key, value in decoded.items():
            if key not in kept:
                setattr(record, key, value)
    session.flush()
    return len(rows)


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
