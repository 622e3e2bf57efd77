"""queues seen: when a user last opened a list of new referrals (the header's notice)

Revision ID: 0029_errors
Revises: 0026
Create Date: 2026-12-07 19:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import passage.kit.models

revision = "0029_errors"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "protection_queues_seen",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("queue", sa.String(length=20), nullable=False),
        sa.Column("seen_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_protection_queues_seen_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", "queue", name=op.f("pk_protection_queues_seen")),
    )


def downgrade() -> None:
    op.drop_table("protection_queues_seen")
