"""covering indexes for the overview and POE status queries

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OVERVIEW_COLUMNS = [
    "is_current", "status", "effective_from", "effective_until", "country_iso3",
    "measure_class", "measure_type", "level", "last_verified_on",
]  # fmt: skip
POE_COLUMNS = ["poe_id", "effective_from", "created_at", "id", "status", "last_verified_on"]


def upgrade() -> None:
    op.create_index("ix_measure_versions_overview", "measure_versions", OVERVIEW_COLUMNS)
    op.create_index("ix_poe_statuses_latest", "poe_statuses", POE_COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_poe_statuses_latest", table_name="poe_statuses")
    op.drop_index("ix_measure_versions_overview", table_name="measure_versions")
