"""feedback photos: photos sent with feedback, stripped of metadata and sealed

Revision ID: 0027
Revises: 0028
Create Date: 2026-12-07 16:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback_photos",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("sealed_content", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["feedback_items.id"],
            name=op.f("fk_feedback_photos_item_id_feedback_items"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_photos")),
    )
    with op.batch_alter_table("feedback_photos", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_photos_item_id"), ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("feedback_photos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_photos_item_id"))
    op.drop_table("feedback_photos")
