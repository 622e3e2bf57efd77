"""Field nodes: tombstones of deleted travelling records; alert lists shared per post.

Revision ID: field_tombstones
Revises: imports_background_jobs
Create Date: 2026-12-07 19:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import passage.kit.models

revision = "field_tombstones"
down_revision = "imports_background_jobs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "field_tombstones",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("table_name", sa.String(length=60), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("deleted_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_field_tombstones")),
        sa.UniqueConstraint(
            "table_name", "record_id", name=op.f("uq_field_tombstones_table_name_record_id")
        ),
    )
    op.create_index(
        "ix_field_tombstones_deleted", "field_tombstones", ["deleted_at", "id"], unique=False
    )
    with op.batch_alter_table("alert_lists") as batch:
        batch.add_column(
            sa.Column(
                "shared_poe_ids",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("alert_lists") as batch:
        batch.drop_column("shared_poe_ids")
    op.drop_index("ix_field_tombstones_deleted", table_name="field_tombstones")
    op.drop_table("field_tombstones")
