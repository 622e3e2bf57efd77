"""restriction tracker

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 10:54:13.117934
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import passage.kit.models

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "country_editorial_settings",
        sa.Column("country_iso3", sa.String(length=3), nullable=False),
        sa.Column("review_required", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_iso3"],
            ["countries.iso3"],
            name=op.f("fk_country_editorial_settings_country_iso3_countries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_country_editorial_settings")),
        sa.UniqueConstraint(
            "country_iso3", name=op.f("uq_country_editorial_settings_country_iso3")
        ),
    )
    op.create_table(
        "measures",
        sa.Column("country_iso3", sa.String(length=3), nullable=False),
        sa.Column("external_ref", sa.String(length=200), nullable=True),
        sa.Column("current_version_no", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_iso3"], ["countries.iso3"], name=op.f("fk_measures_country_iso3_countries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measures")),
        sa.UniqueConstraint("external_ref", name=op.f("uq_measures_external_ref")),
    )
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_measures_country_iso3"), ["country_iso3"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_measures_status"), ["status"], unique=False)

    op.create_table(
        "discrepancy_reports",
        sa.Column("measure_id", sa.Uuid(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("source_url", sa.String(length=500), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("resolved_by", sa.Uuid(), nullable=True),
        sa.Column("resolution_note", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["measures.id"], name=op.f("fk_discrepancy_reports_measure_id_measures")
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by"], ["users.id"], name=op.f("fk_discrepancy_reports_resolved_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_discrepancy_reports")),
    )
    with op.batch_alter_table("discrepancy_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_discrepancy_reports_measure_id"), ["measure_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_discrepancy_reports_status"), ["status"], unique=False)

    op.create_table(
        "measure_comments",
        sa.Column("measure_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_measure_comments_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["measures.id"], name=op.f("fk_measure_comments_measure_id_measures")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_comments")),
    )
    with op.batch_alter_table("measure_comments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_measure_comments_measure_id"), ["measure_id"], unique=False
        )

    op.create_table(
        "measure_versions",
        sa.Column("measure_id", sa.Uuid(), nullable=False),
        sa.Column("version_no", sa.Integer(), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("superseded_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=True),
        sa.Column("change_note", sa.String(length=500), nullable=True),
        sa.Column("country_iso3", sa.String(length=3), nullable=False),
        sa.Column("measure_class", sa.String(length=30), nullable=False),
        sa.Column("measure_type", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("explicit_level", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column(
            "nationalities",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "origins",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "transits",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "residence",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("poe_scope", sa.String(length=10), nullable=False),
        sa.Column(
            "poe_codes",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "exemptions",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("quarantine_days", sa.Integer(), nullable=True),
        sa.Column("announced_on", sa.Date(), nullable=True),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_until", sa.Date(), nullable=True),
        sa.Column(
            "sources",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("last_verified_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["measures.id"], name=op.f("fk_measure_versions_measure_id_measures")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measure_versions")),
        sa.UniqueConstraint(
            "measure_id", "version_no", name=op.f("uq_measure_versions_measure_id_version_no")
        ),
    )
    with op.batch_alter_table("measure_versions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_measure_versions_current",
            ["country_iso3", "is_current", "effective_from"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_measure_versions_measure_id"), ["measure_id"], unique=False
        )
        batch_op.create_index(
            "ix_measure_versions_recorded", ["country_iso3", "recorded_at"], unique=False
        )

    op.create_table(
        "poe_statuses",
        sa.Column("poe_id", sa.Uuid(), nullable=False),
        sa.Column("country_iso3", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column(
            "who_may_cross",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "health_measures",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("last_verified_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["poe_id"], ["points_of_entry.id"], name=op.f("fk_poe_statuses_poe_id_points_of_entry")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_poe_statuses")),
    )
    with op.batch_alter_table("poe_statuses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_poe_statuses_country_iso3"), ["country_iso3"], unique=False
        )
        batch_op.create_index(
            "ix_poe_statuses_poe_effective", ["poe_id", "effective_from"], unique=False
        )

    op.create_table(
        "measure_targets",
        sa.Column("version_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("country_iso3", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["measure_versions.id"],
            name=op.f("fk_measure_targets_version_id_measure_versions"),
        ),
        sa.PrimaryKeyConstraint(
            "version_id", "kind", "country_iso3", name=op.f("pk_measure_targets")
        ),
    )
    with op.batch_alter_table("measure_targets", schema=None) as batch_op:
        batch_op.create_index("ix_measure_targets_lookup", ["kind", "country_iso3"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("measure_targets", schema=None) as batch_op:
        batch_op.drop_index("ix_measure_targets_lookup")

    op.drop_table("measure_targets")
    with op.batch_alter_table("poe_statuses", schema=None) as batch_op:
        batch_op.drop_index("ix_poe_statuses_poe_effective")
        batch_op.drop_index(batch_op.f("ix_poe_statuses_country_iso3"))

    op.drop_table("poe_statuses")
    with op.batch_alter_table("measure_versions", schema=None) as batch_op:
        batch_op.drop_index("ix_measure_versions_recorded")
        batch_op.drop_index(batch_op.f("ix_measure_versions_measure_id"))
        batch_op.drop_index("ix_measure_versions_current")

    op.drop_table("measure_versions")
    with op.batch_alter_table("measure_comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measure_comments_measure_id"))

    op.drop_table("measure_comments")
    with op.batch_alter_table("discrepancy_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_discrepancy_reports_status"))
        batch_op.drop_index(batch_op.f("ix_discrepancy_reports_measure_id"))

    op.drop_table("discrepancy_reports")
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measures_status"))
        batch_op.drop_index(batch_op.f("ix_measures_country_iso3"))

    op.drop_table("measures")
    op.drop_table("country_editorial_settings")
