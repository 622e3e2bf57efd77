"""Restrictions rows in bulk: rows in the shape the restrictions service writes (measures,
versions with their class, level and bitemporal columns, target-index rows), inserted in batches.

Rows are plain dicts inserted with `session.execute(insert(table), rows)` and values already
converted for the database, so 150,000 measures load in seconds on SQLite. The demo loader and
the synthetic generators (`passage.synthetic.measures`) build their rows with these helpers.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import column, insert, table
from sqlalchemy.orm import Session

from passage.kit.ids import uuid7
from passage.restrictions.taxonomy import class_of, measure_level

BATCH = 5_000
TARGET_FIELDS = {
    "nationality": "nationalities",
    "origin": "origins",
    "transit": "transits",
    "residence": "residence",
}
EMPTY_JSON: dict[type, str] = {list: "[]", dict: "{}"}


def record_fields(now: datetime) -> dict[str, Any]:
    """The RecordMixin columns of a new row."""
    return {"id": uuid7(), "created_at": now, "updated_at": now, "version": 1}


def version_row(
    measure_id: uuid.UUID,
    version_no: int,
    content: dict[str, Any],
    *,
    status: str,
    recorded_at: datetime,
    superseded_at: datetime | None,
    recorded_by: str | None = None,
    change_note: str | None = None,
) -> dict[str, Any]:
    """A measure_versions row: content plus class, level and bitemporal columns."""
    targeted = any(content.get(field) for field in TARGET_FIELDS.values())
    row = {
        "nationalities": [],
        "origins": [],
        "transits": [],
        "residence": [],
        "poe_scope": "all",
        "poe_codes": [],
        "exemptions": [],
        "details": None,
        "quarantine_days": None,
        "announced_on": None,
        "effective_until": None,
        "sources": [],
        "last_verified_on": None,
        "explicit_level": None,
        **content,
    }
    return (
        row
        | record_fields(recorded_at)
        | {
            "measure_id": measure_id,
            "version_no": version_no,
            "is_current": superseded_at is None,
            "recorded_at": recorded_at,
            "superseded_at": superseded_at,
            "recorded_by": recorded_by,
            "change_note": change_note,
            "status": status,
            "measure_class": class_of(content["measure_type"]).value,
            "level": measure_level(
                content["measure_type"], targeted, content.get("explicit_level")
            ),
        }
    )


def target_rows(version: dict[str, Any]) -> list[dict[str, Any]]:
    """The target-index rows of a version row, kept separate by kind."""
    return [
        {"version_id": version["id"], "kind": kind, "country_iso3": code}
        for kind, field in TARGET_FIELDS.items()
        for code in version[field]
    ]


def _sqlite_value(value: Any, cache: dict[Any, Any]) -> Any:
    """A value as SQLAlchemy would store it on SQLite (hex UUIDs, naive UTC text, JSON text)."""
    kind = type(value)
    if kind is uuid.UUID:
        return value.hex
    if kind is list or kind is dict:
        return json.dumps(value) if value else EMPTY_JSON[kind]
    if kind is datetime or kind is date:
        text = cache.get(value)
        if text is None:
            naive = value.astimezone(UTC).replace(tzinfo=None) if kind is datetime else value
            text = cache[value] = (
                naive.isoformat(sep=" ", timespec="microseconds")
                if kind is datetime
                else value.isoformat()
            )
        return text
    return value


def _postgres_value(value: Any, cache: dict[Any, Any]) -> Any:
    """A value for psycopg (JSON wrapped as jsonb; the rest adapts natively)."""
    if type(value) is list or type(value) is dict:
        return Jsonb(value)
    return value


def insert_rows(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert rows with already-converted values: untyped columns skip per-value processing."""
    columns = model.__table__.columns
    plain = table(model.__tablename__, *(column(c.name) for c in columns))
    convert = _sqlite_value if session.get_bind().dialect.name == "sqlite" else _postgres_value
    cache: dict[Any, Any] = {}
    for start in range(0, len(rows), BATCH):
        batch = [
            {name: convert(value, cache) for name, value in row.items()}
            for row in rows[start : start + BATCH]
        ]
        session.execute(insert(plain), batch)
    rows.clear()
