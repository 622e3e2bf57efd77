"""background: jobs a user starts (large imports), their progress and report

Revision ID: imports_background_jobs
Revises: protperf_0001
Create Date: 2026-12-07 19:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import passage.kit.models

revision = "imports_background_jobs"
down_revision = "protperf_0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
MOMENT = passage.kit.models.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "background_jobs",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("permission", sa.String(length=60), nullable=False),
        sa.Column("options", JSON, nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=True),
        sa.Column("report", JSON, nullable=True),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("started_by", sa.Uuid(), nullable=False),
        sa.Column("started_at", MOMENT, nullable=True),
        sa.Column("heartbeat_at", MOMENT, nullable=True),
        sa.Column("finished_at", MOMENT, nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["started_by"], ["users.id"], name=op.f("fk_background_jobs_started_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_background_jobs")),
    )
    op.create_index(op.f("ix_background_jobs_status"), "background_jobs", ["status"], unique=False)
    op.create_index(
        op.f("ix_background_jobs_started_by"), "background_jobs", ["started_by"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_background_jobs_started_by"), table_name="background_jobs")
    op.drop_index(op.f("ix_background_jobs_status"), table_name="background_jobs")
    op.drop_table("background_jobs")
