"""officer work: decision history and document checks of crossings; follow-up day and
danger-sign escalation of port-health cases

Revision ID: 0020
Revises: 0013
Create Date: 2026-12-07 12:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import passage.kit.models

revision = "0020"
down_revision = "0013"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "crossing_decisions",
        sa.Column("crossing_id", sa.Uuid(), nullable=False),
        sa.Column("decision", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["crossing_id"],
            ["crossings.id"],
            name=op.f("fk_crossing_decisions_crossing_id_crossings"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_crossing_decisions_decided_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crossing_decisions")),
    )
    with op.batch_alter_table("crossing_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_crossing_decisions_crossing_id"), ["crossing_id"], unique=False
        )
    # Decisions recorded before this migration become the first entry of their history.
    op.execute(
        "INSERT INTO crossing_decisions "
        "(id, crossing_id, decision, reason, decided_at, decided_by, created_at, updated_at, "
        "version) SELECT id, id, decision, decision_reason, decided_at, decided_by, decided_at, "
        "decided_at, 1 FROM crossings WHERE decided_at IS NOT NULL"
    )
    with op.batch_alter_table("crossings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("document_checks", JSON, nullable=False, server_default=sa.text("'[]'"))
        )
    with op.batch_alter_table("crossings", schema=None) as batch_op:
        batch_op.alter_column("document_checks", server_default=None)
    with op.batch_alter_table("case_follow_ups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("observed_on", sa.Date(), nullable=True))
    with op.batch_alter_table("port_health_cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("escalated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("escalation", JSON, nullable=False, server_default=sa.text("'[]'"))
        )
    with op.batch_alter_table("port_health_cases", schema=None) as batch_op:
        batch_op.alter_column("escalation", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("port_health_cases", schema=None) as batch_op:
        batch_op.drop_column("escalation")
        batch_op.drop_column("escalated_at")
    with op.batch_alter_table("case_follow_ups", schema=None) as batch_op:
        batch_op.drop_column("observed_on")
    with op.batch_alter_table("crossings", schema=None) as batch_op:
        batch_op.drop_column("document_checks")
    with op.batch_alter_table("crossing_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crossing_decisions_crossing_id"))
    op.drop_table("crossing_decisions")
