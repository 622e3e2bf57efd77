"""alert lists: an entry removed by an administrator is kept (hits refer to it) but marked

Revision ID: 0025
Revises: 0021
Create Date: 2026-12-07 16:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import passage.kit.models

revision = "0025"
down_revision = "0021"
branch_labels = None
depends_on = None

TABLES = ("alert_persons", "lost_documents")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(
                    "removed_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True
                )
            )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("removed_at")
