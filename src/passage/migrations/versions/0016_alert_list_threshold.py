"""alert lists: each list may set its own screening threshold (a probability)

Revision ID: 0016
Revises: 0013
Create Date: 2026-12-07 13:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alert_lists", schema=None) as batch_op:
        batch_op.add_column(sa.Column("threshold", sa.Double(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("alert_lists", schema=None) as batch_op:
        batch_op.drop_column("threshold")
