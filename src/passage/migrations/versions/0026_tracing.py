"""linkage: family tracing requests and their matches

Revision ID: 0026
Revises: 0022
Create Date: 2026-12-07 16:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import passage.kit.models

revision = "0026"
down_revision = "0022"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "linkage_tracing_requests",
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("given_names", sa.String(length=200), nullable=False),
        sa.Column("surname", sa.String(length=200), nullable=False),
        sa.Column("name_variants", JSON, nullable=False),
        sa.Column("birth_date", sa.String(length=10), nullable=True),
        sa.Column("approximate_age", sa.Integer(), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("nationality", sa.String(length=3), nullable=True),
        sa.Column("separation_place", sa.String(length=300), nullable=True),
        sa.Column("separation_date", sa.Date(), nullable=True),
        sa.Column("relationship", sa.String(length=20), nullable=False),
        sa.Column("requester_name", sa.String(length=200), nullable=False),
        sa.Column("requester_contact", sa.String(length=200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("filed_by", sa.Uuid(), nullable=True),
        sa.Column("found_person_id", sa.Uuid(), nullable=True),
        sa.Column("follow_up_due", sa.Date(), nullable=True),
        sa.Column("matched_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        *_record_columns(),
        sa.ForeignKeyConstraint(
            ["filed_by"], ["users.id"], name=op.f("fk_linkage_tracing_requests_filed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["found_person_id"],
            ["protection_persons.id"],
            name=op.f("fk_linkage_tracing_requests_found_person_id_protection_persons"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_linkage_tracing_requests")),
        sa.UniqueConstraint("reference", name=op.f("uq_linkage_tracing_requests_reference")),
    )
    with op.batch_alter_table("linkage_tracing_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_linkage_tracing_requests_organisation"), ["organisation"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_linkage_tracing_requests_status"), ["status"], unique=False
        )

    op.create_table(
        "linkage_tracing_matches",
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("match_probability", sa.Double(), nullable=False),
        sa.Column("explanation", JSON, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("decided_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        *_record_columns(),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_linkage_tracing_matches_decided_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["protection_persons.id"],
            name=op.f("fk_linkage_tracing_matches_person_id_protection_persons"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["linkage_tracing_requests.id"],
            name=op.f("fk_linkage_tracing_matches_request_id_linkage_tracing_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_linkage_tracing_matches")),
        sa.UniqueConstraint(
            "request_id", "person_id", name=op.f("uq_linkage_tracing_matches_request_id_person_id")
        ),
    )
    with op.batch_alter_table("linkage_tracing_matches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_linkage_tracing_matches_request_id"), ["request_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("linkage_tracing_matches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_linkage_tracing_matches_request_id"))
    op.drop_table("linkage_tracing_matches")
    with op.batch_alter_table("linkage_tracing_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_linkage_tracing_requests_status"))
        batch_op.drop_index(batch_op.f("ix_linkage_tracing_requests_organisation"))
    op.drop_table("linkage_tracing_requests")
