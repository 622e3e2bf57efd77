"""audit entries are written sealed and chained by the head's holder, possibly later

Revision ID: 0029_audit
Revises: 0029_errors
Create Date: 2026-12-07 19:30:00

A writer that finds the chain head locked stores its entries unchained (no seq, prev_hash, hash
nor MAC) with a seal (a MAC of the content); the head's next holder chains them. The append-only
triggers still refuse every DELETE and every UPDATE but that one: from unchained to chained,
the content and the seal unchanged.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0029_audit"
down_revision = "0029_errors"
branch_labels = None
depends_on = None

TABLE = "audit_entries"
CHAIN = ("seq", "prev_hash", "hash", "mac")
CONTENT = (
    "id",
    "occurred_at",
    "actor_type",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "purpose",
    "request_id",
    "details",
    "seal",
)
MESSAGE = f"'{TABLE} is append-only'"


def _chaining(null_safe_equal: str) -> str:
    """The condition of the one allowed update (unchained -> chained, content unchanged)."""
    was_unchained = " AND ".join(f"OLD.{column} IS NULL" for column in CHAIN)
    is_chained = " AND ".join(f"NEW.{column} IS NOT NULL" for column in CHAIN)
    if null_safe_equal == "row":
        new = ", ".join(f"NEW.{column}" for column in CONTENT)
        old = ", ".join(f"OLD.{column}" for column in CONTENT)
        unchanged = f"({new}) IS NOT DISTINCT FROM ({old})"
    else:
        unchanged = " AND ".join(f"NEW.{column} IS OLD.{column}" for column in CONTENT)
    return f"{was_unchained} AND {is_chained} AND {unchanged}"


def upgrade() -> None:
    """Chain columns may wait empty; a seal column; triggers that allow only the chaining."""
    if op.get_bind().dialect.name == "postgresql":
        nullable = ", ".join(f"ALTER COLUMN {column} DROP NOT NULL" for column in CHAIN[:3])
        op.execute(f"ALTER TABLE {TABLE} {nullable}, ADD COLUMN seal VARCHAR(64)")
        op.execute(
            f"CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP = 'UPDATE' AND {_chaining('row')} THEN RETURN NEW; END IF; "
            f"RAISE EXCEPTION {MESSAGE}; END $$"
        )
        return
    # SQLite changes a column's NOT NULL by copying the table, which drops its triggers.
    _drop_sqlite_triggers()
    with op.batch_alter_table(TABLE, recreate="always") as batch_op:
        for column in CHAIN[:3]:
            batch_op.alter_column(column, existing_type=_type(column), nullable=True)
        batch_op.add_column(sa.Column("seal", sa.String(length=64), nullable=True))
    op.execute(
        f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
        f"WHEN NOT ({_chaining('is')}) BEGIN SELECT RAISE(ABORT, {MESSAGE}); END"
    )
    op.execute(
        f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, {MESSAGE}); END"
    )


def _type(column: str) -> sa.types.TypeEngine[Any]:
    return sa.Integer() if column == "seq" else sa.String(length=64)


def _drop_sqlite_triggers() -> None:
    for event in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_{event}")


def downgrade() -> None:
    """Back to strictly immutable entries: every entry must be chained first (`passage audit
    verify` chains those waiting)."""
    waiting = op.get_bind().execute(sa.text(f"SELECT COUNT(*) FROM {TABLE} WHERE seq IS NULL"))
    if waiting.scalar():
        raise RuntimeError("entries wait to be chained: run `passage audit verify` first")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION {MESSAGE}; END $$"
        )
        not_null = ", ".join(f"ALTER COLUMN {column} SET NOT NULL" for column in CHAIN[:3])
        op.execute(f"ALTER TABLE {TABLE} {not_null}, DROP COLUMN seal")
        return
    _drop_sqlite_triggers()
    with op.batch_alter_table(TABLE, recreate="always") as batch_op:
        batch_op.drop_column("seal")
        for column in CHAIN[:3]:
            batch_op.alter_column(column, existing_type=_type(column), nullable=False)
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {TABLE}_no_{event.lower()} BEFORE {event} ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, {MESSAGE}); END"
        )
