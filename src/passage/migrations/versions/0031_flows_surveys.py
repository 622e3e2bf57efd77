"""flows surveys: survey forms (XLSForm) and the interviews imported from Kobo/ODK exports

Revision ID: flows_surveys_0001
Revises: flows_series_0001
Create Date: 2026-12-07 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import passage.kit.models

revision = "flows_surveys_0001"
down_revision = "flows_series_0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _record() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "flow_surveys",
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("definition", JSON, nullable=False),
        sa.Column("uploaded_by", sa.Uuid(), nullable=True),
        *_record(),
        sa.ForeignKeyConstraint(
            ["uploaded_by"], ["users.id"], name=op.f("fk_flow_surveys_uploaded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flow_surveys")),
        sa.UniqueConstraint("code", name=op.f("uq_flow_surveys_code")),
    )
    op.create_table(
        "flow_interviews",
        sa.Column("survey_id", sa.Uuid(), nullable=False),
        sa.Column("point_id", sa.Uuid(), nullable=False),
        sa.Column("submission", sa.String(length=100), nullable=False),
        sa.Column("interviewed_on", sa.Date(), nullable=False),
        sa.Column("answers", JSON, nullable=False),
        sa.Column("imported_by", sa.Uuid(), nullable=True),
        *_record(),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["flow_surveys.id"],
            name=op.f("fk_flow_interviews_survey_id_flow_surveys"),
        ),
        sa.ForeignKeyConstraint(
            ["point_id"], ["flow_points.id"], name=op.f("fk_flow_interviews_point_id_flow_points")
        ),
        sa.ForeignKeyConstraint(
            ["imported_by"], ["users.id"], name=op.f("fk_flow_interviews_imported_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flow_interviews")),
        sa.UniqueConstraint("survey_id", "submission", name="uq_flow_interviews_submission"),
    )
    with op.batch_alter_table("flow_interviews") as batch:
        batch.create_index(batch.f("ix_flow_interviews_survey_id"), ["survey_id"], unique=False)
        batch.create_index(batch.f("ix_flow_interviews_point_id"), ["point_id"], unique=False)
        batch.create_index(
            batch.f("ix_flow_interviews_interviewed_on"), ["interviewed_on"], unique=False
        )


def downgrade() -> None:
    op.drop_table("flow_interviews")
    op.drop_table("flow_surveys")
