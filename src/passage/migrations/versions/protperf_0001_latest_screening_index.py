"""an index of screenings by model, case and time: re-scoring finds each case's newest
screening with a model by walking it, a batch of cases at a time

Revision ID: protperf_0001
Revises: 0029_audit
Create Date: 2026-12-07 20:00:00
"""

from __future__ import annotations

from alembic import op

revision = "protperf_0001"
down_revision = "0029_audit"
branch_labels = None
depends_on = None

INDEX = "ix_protection_screenings_latest"


def upgrade() -> None:
    """Each case's newest screening with a model, in case order, straight from the index."""
    with op.batch_alter_table("protection_screenings", schema=None) as batch_op:
        batch_op.create_index(INDEX, ["model_code", "case_id", "created_at", "id"], unique=False)


def downgrade() -> None:
    """Drop the index."""
    with op.batch_alter_table("protection_screenings", schema=None) as batch_op:
        batch_op.drop_index(INDEX)
