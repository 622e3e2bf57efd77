"""linkage: runs over the registry, candidate pairs for review, reversible merges, clusters

Revision ID: 0019
Revises: 0013
Create Date: 2026-12-07 13:09:08.826805
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import passage.kit.models

revision = "0019"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "linkage_runs",
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("threshold", sa.Double(), nullable=False),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("candidates", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Double(), nullable=False),
        sa.Column(
            "model",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("started_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["started_by"], ["users.id"], name=op.f("fk_linkage_runs_started_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_linkage_runs")),
    )
    with op.batch_alter_table("linkage_runs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_linkage_runs_organisation"), ["organisation"], unique=False
        )

    op.create_table(
        "linkage_candidates",
        sa.Column("run_id", sa.Uuid(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("person_l_id", sa.Uuid(), nullable=False),
        sa.Column("person_r_id", sa.Uuid(), nullable=False),
        sa.Column("match_probability", sa.Double(), nullable=False),
        sa.Column(
            "explanation",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("decided_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_linkage_candidates_decided_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["person_l_id"],
            ["protection_persons.id"],
            name=op.f("fk_linkage_candidates_person_l_id_protection_persons"),
        ),
        sa.ForeignKeyConstraint(
            ["person_r_id"],
            ["protection_persons.id"],
            name=op.f("fk_linkage_candidates_person_r_id_protection_persons"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["linkage_runs.id"], name=op.f("fk_linkage_candidates_run_id_linkage_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_linkage_candidates")),
        sa.UniqueConstraint(
            "person_l_id", "person_r_id", name=op.f("uq_linkage_candidates_person_l_id_person_r_id")
        ),
    )
    with op.batch_alter_table("linkage_candidates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_linkage_candidates_organisation"), ["organisation"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_linkage_candidates_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_linkage_candidates_status"), ["status"], unique=False)

    op.create_table(
        "linkage_memberships",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("cluster_id", sa.String(length=36), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["protection_persons.id"],
            name=op.f("fk_linkage_memberships_person_id_protection_persons"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["linkage_runs.id"], name=op.f("fk_linkage_memberships_run_id_linkage_runs")
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_linkage_memberships")),
    )
    with op.batch_alter_table("linkage_memberships", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_linkage_memberships_cluster_id"), ["cluster_id"], unique=False
        )

    op.create_table(
        "linkage_merges",
        sa.Column("candidate_id", sa.Uuid(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("kept_id", sa.Uuid(), nullable=False),
        sa.Column("merged_id", sa.Uuid(), nullable=False),
        sa.Column("merged_by", sa.Uuid(), nullable=True),
        sa.Column("undone_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("undone_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["linkage_candidates.id"],
            name=op.f("fk_linkage_merges_candidate_id_linkage_candidates"),
        ),
        sa.ForeignKeyConstraint(
            ["kept_id"],
            ["protection_persons.id"],
            name=op.f("fk_linkage_merges_kept_id_protection_persons"),
        ),
        sa.ForeignKeyConstraint(
            ["merged_by"], ["users.id"], name=op.f("fk_linkage_merges_merged_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["merged_id"],
            ["protection_persons.id"],
            name=op.f("fk_linkage_merges_merged_id_protection_persons"),
        ),
        sa.ForeignKeyConstraint(
            ["undone_by"], ["users.id"], name=op.f("fk_linkage_merges_undone_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_linkage_merges")),
    )
    with op.batch_alter_table("linkage_merges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_linkage_merges_kept_id"), ["kept_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_linkage_merges_merged_id"), ["merged_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_linkage_merges_organisation"), ["organisation"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("linkage_merges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_linkage_merges_organisation"))
        batch_op.drop_index(batch_op.f("ix_linkage_merges_merged_id"))
        batch_op.drop_index(batch_op.f("ix_linkage_merges_kept_id"))

    op.drop_table("linkage_merges")
    with op.batch_alter_table("linkage_memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_linkage_memberships_cluster_id"))

    op.drop_table("linkage_memberships")
    with op.batch_alter_table("linkage_candidates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_linkage_candidates_status"))
        batch_op.drop_index(batch_op.f("ix_linkage_candidates_run_id"))
        batch_op.drop_index(batch_op.f("ix_linkage_candidates_organisation"))

    op.drop_table("linkage_candidates")
    with op.batch_alter_table("linkage_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_linkage_runs_organisation"))

    op.drop_table("linkage_runs")
