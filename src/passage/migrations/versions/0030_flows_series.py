"""Flows: detectors per series (a point's total, a nationality, a corridor): the settings of
sub-series, and alerts named by their series.

Revision ID: flows_series_0001
Revises: field_tombstones
Create Date: 2026-12-07 22:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import passage.kit.models

revision = "flows_series_0001"
down_revision = "field_tombstones"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "flow_series",
        sa.Column("point_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=250), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column(
            "detector",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["point_id"], ["flow_points.id"], name=op.f("fk_flow_series_point_id_flow_points")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flow_series")),
        sa.UniqueConstraint("point_id", "key", name="uq_flow_series_point_key"),
    )
    with op.batch_alter_table("flow_series", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_flow_series_point_id"), ["point_id"], unique=False)
    with op.batch_alter_table("flow_alerts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("series", sa.String(length=250), nullable=False, server_default="")
        )
        batch_op.drop_constraint("uq_flow_alerts_signal", type_="unique")
        batch_op.create_unique_constraint(
            "uq_flow_alerts_signal",
            ["point_id", "series", "granularity", "period_start", "direction"],
        )


def downgrade() -> None:
    # the alerts of sub-series have no place in the old key
    op.execute(sa.text("DELETE FROM flow_alerts WHERE series <> ''"))
    with op.batch_alter_table("flow_alerts", schema=None) as batch_op:
        batch_op.drop_constraint("uq_flow_alerts_signal", type_="unique")
        batch_op.create_unique_constraint(
            "uq_flow_alerts_signal", ["point_id", "granularity", "period_start", "direction"]
        )
        batch_op.drop_column("series")
    with op.batch_alter_table("flow_series", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_flow_series_point_id"))
    op.drop_table("flow_series")
