"""Field nodes: the data key wrapped per officer; the blind name index of travellers.

Revision ID: field_at_rest_0001
Revises: flows_surveys_0001
Create Date: 2026-12-07 22:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import passage.kit.models

revision = "field_at_rest_0001"
down_revision = "flows_surveys_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "field_key_wraps",
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("salt", sa.String(length=64), nullable=False),
        sa.Column("wrapped", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_field_key_wraps_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_field_key_wraps")),
        sa.UniqueConstraint("user_id", name=op.f("uq_field_key_wraps_user_id")),
    )
    with op.batch_alter_table("travellers") as batch:
        batch.add_column(sa.Column("name_index", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("travellers") as batch:
        batch.drop_column("name_index")
    op.drop_table("field_key_wraps")
