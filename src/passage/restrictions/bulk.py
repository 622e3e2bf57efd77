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
from sqlalchemy import TextClause, bindparam, text
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


_AS_IS = frozenset({str, int, float, bool, type(None)})


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
    """Insert rows (dicts with the same keys) with already-converted values; empties `rows`."""
    if rows:
        names = list(rows[0])
        insert_tuples(session, model.__tablename__, names, [tuple(row.values()) for row in rows])
    rows.clear()


def index_targets(session: Session, versions: list[dict[str, Any]]) -> None:
    """Write the target-index rows of versions just inserted, from their stored lists, in the
    database (json_each / jsonb_array_elements_text): millions of (version, kind, code) rows
    never pass through Python one by one."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    ids = [version["id"].hex if sqlite else version["id"] for version in versions]
    for kind, field in TARGET_FIELDS.items():
        chosen = [i for i, version in zip(ids, versions, strict=True) if version[field]]
        for start in range(0, len(chosen), 500):
            chunk = chosen[start : start + 500]
            session.execute(_INDEX_SQL[sqlite][field], {"kind": kind, "ids": chunk})


def _index_statement(field: str, sqlite: bool) -> TextClause:
    if sqlite:
        source, where = f"json_each(v.{field}) AS j", "v.id IN :ids"
    else:
        source, where = f"jsonb_array_elements_text(v.{field}) AS j(value)", "v.id = ANY(:ids)"
    statement = text(
        "INSERT INTO measure_targets (version_id, kind, country_iso3) "
        f"SELECT v.id, :kind, j.value FROM measure_versions AS v, {source} WHERE {where}"
    )
    return statement.bindparams(bindparam("ids", expanding=True)) if sqlite else statement


_INDEX_SQL = {
    sqlite: {field: _index_statement(field, sqlite) for field in TARGET_FIELDS.values()}
    for sqlite in (True, False)
}


def insert_tuples(
    session: Session,
    table_name: str,
    names: list[str],
    rows: list[tuple[Any, ...]],
    *,
    converted: bool = False,
) -> None:
    """Insert rows given as tuples in the order of `names`, at the driver: one executemany per
    batch on SQLite, COPY on PostgreSQL (millions of target rows: no per-value processing by
    SQLAlchemy, which cost more than the database's own work)."""
    if not rows:
        return
    connection = session.connection()
    quote = connection.dialect.identifier_preparer.quote
    columns = ", ".join(quote(name) for name in names)
    if connection.dialect.name == "sqlite":
        cache: dict[Any, Any] = {}
        sql = f"INSERT INTO {quote(table_name)} ({columns}) VALUES ({', '.join('?' * len(names))})"
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            if not converted:  # most values (text, numbers, NULL) pass as they are
                batch = [
                    tuple(
                        [
                            value if type(value) in _AS_IS else _sqlite_value(value, cache)
                            for value in row
                        ]
                    )
                    for row in batch
                ]
            connection.exec_driver_sql(sql, batch)
        return
    driver = connection.connection.driver_connection
    assert driver is not None
    sql = f"COPY {quote(table_name)} ({columns}) FROM STDIN"
    with driver.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([_postgres_value(value, {}) for value in row])
