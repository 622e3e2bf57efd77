"""point of entry operations

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 11:20:29.324317
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import passage.kit.models

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_lists",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("issuing_authority", sa.String(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_lists")),
        sa.UniqueConstraint("name", name=op.f("uq_alert_lists_name")),
    )
    op.create_table(
        "travellers",
        sa.Column("surname", sa.String(length=120), nullable=False),
        sa.Column("given_names", sa.String(length=200), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("birth_date_text", sa.String(length=10), nullable=True),
        sa.Column("nationality", sa.String(length=3), nullable=True),
        sa.Column("residence_iso3", sa.String(length=3), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("emergency_contact", sa.String(length=300), nullable=True),
        sa.Column("name_key", sa.String(length=300), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_travellers")),
    )
    with op.batch_alter_table("travellers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_travellers_name_key"), ["name_key"], unique=False)

    op.create_table(
        "alert_persons",
        sa.Column("list_id", sa.Uuid(), nullable=False),
        sa.Column("external_ref", sa.String(length=100), nullable=False),
        sa.Column(
            "names",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("birth_date_text", sa.String(length=10), nullable=True),
        sa.Column("nationality", sa.String(length=3), nullable=True),
        sa.Column("gender", sa.String(length=1), nullable=True),
        sa.Column(
            "document_numbers",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("issuing_authority", sa.String(length=200), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"], ["alert_lists.id"], name=op.f("fk_alert_persons_list_id_alert_lists")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_persons")),
        sa.UniqueConstraint(
            "list_id", "external_ref", name=op.f("uq_alert_persons_list_id_external_ref")
        ),
    )
    with op.batch_alter_table("alert_persons", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_persons_list_id"), ["list_id"], unique=False)

    op.create_table(
        "lost_documents",
        sa.Column("list_id", sa.Uuid(), nullable=False),
        sa.Column("external_ref", sa.String(length=100), nullable=False),
        sa.Column("document_number", sa.String(length=30), nullable=False),
        sa.Column("issuing_state", sa.String(length=3), nullable=False),
        sa.Column("document_code", sa.String(length=2), nullable=True),
        sa.Column("reason", sa.String(length=100), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"], ["alert_lists.id"], name=op.f("fk_lost_documents_list_id_alert_lists")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lost_documents")),
        sa.UniqueConstraint(
            "list_id", "external_ref", name=op.f("uq_lost_documents_list_id_external_ref")
        ),
    )
    with op.batch_alter_table("lost_documents", schema=None) as batch_op:
        batch_op.create_index(
            "ix_lost_documents_number", ["document_number", "issuing_state"], unique=False
        )

    op.create_table(
        "travel_documents",
        sa.Column("traveller_id", sa.Uuid(), nullable=False),
        sa.Column("document_code", sa.String(length=2), nullable=False),
        sa.Column("document_number", sa.String(length=30), nullable=False),
        sa.Column("issuing_state", sa.String(length=3), nullable=False),
        sa.Column("expiry_date", sa.Date(), nullable=True),
        sa.Column("mrz_format", sa.String(length=6), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["traveller_id"],
            ["travellers.id"],
            name=op.f("fk_travel_documents_traveller_id_travellers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_travel_documents")),
        sa.UniqueConstraint(
            "issuing_state",
            "document_code",
            "document_number",
            name=op.f("uq_travel_documents_issuing_state_document_code_document_number"),
        ),
    )
    with op.batch_alter_table("travel_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_travel_documents_traveller_id"), ["traveller_id"], unique=False
        )

    op.create_table(
        "crossings",
        sa.Column("poe_id", sa.Uuid(), nullable=False),
        sa.Column("direction", sa.String(length=5), nullable=False),
        sa.Column("occurred_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("traveller_id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=True),
        sa.Column("officer_id", sa.Uuid(), nullable=True),
        sa.Column("carrier", sa.String(length=100), nullable=True),
        sa.Column("transport_number", sa.String(length=40), nullable=True),
        sa.Column("seat", sa.String(length=10), nullable=True),
        sa.Column("origin_iso3", sa.String(length=3), nullable=True),
        sa.Column(
            "transits",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("final_destination_iso3", sa.String(length=3), nullable=True),
        sa.Column("purpose", sa.String(length=40), nullable=True),
        sa.Column("address_during_stay", sa.String(length=300), nullable=True),
        sa.Column("allowed_stay_days", sa.Integer(), nullable=True),
        sa.Column("linked_entry_id", sa.Uuid(), nullable=True),
        sa.Column("decision", sa.String(length=30), nullable=False),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("decided_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column(
            "journey_check",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("screening_status", sa.String(length=20), nullable=False),
        sa.Column("health_clearance", sa.String(length=20), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by"], ["users.id"], name=op.f("fk_crossings_decided_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["travel_documents.id"],
            name=op.f("fk_crossings_document_id_travel_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["linked_entry_id"],
            ["crossings.id"],
            name=op.f("fk_crossings_linked_entry_id_crossings"),
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["users.id"], name=op.f("fk_crossings_officer_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["poe_id"], ["points_of_entry.id"], name=op.f("fk_crossings_poe_id_points_of_entry")
        ),
        sa.ForeignKeyConstraint(
            ["traveller_id"], ["travellers.id"], name=op.f("fk_crossings_traveller_id_travellers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crossings")),
    )
    with op.batch_alter_table("crossings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_crossings_decision"), ["decision"], unique=False)
        batch_op.create_index("ix_crossings_poe_time", ["poe_id", "occurred_at"], unique=False)
        batch_op.create_index(
            "ix_crossings_traveller_time", ["traveller_id", "occurred_at"], unique=False
        )

    op.create_table(
        "referrals",
        sa.Column("traveller_id", sa.Uuid(), nullable=False),
        sa.Column("crossing_id", sa.Uuid(), nullable=True),
        sa.Column("poe_id", sa.Uuid(), nullable=True),
        sa.Column(
            "flags",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "indicators",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("consent_given", sa.Boolean(), nullable=False),
        sa.Column(
            "consent_recorded_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("service_provider", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("referred_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["crossing_id"], ["crossings.id"], name=op.f("fk_referrals_crossing_id_crossings")
        ),
        sa.ForeignKeyConstraint(
            ["poe_id"], ["points_of_entry.id"], name=op.f("fk_referrals_poe_id_points_of_entry")
        ),
        sa.ForeignKeyConstraint(
            ["referred_by"], ["users.id"], name=op.f("fk_referrals_referred_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["traveller_id"], ["travellers.id"], name=op.f("fk_referrals_traveller_id_travellers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
    )
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referrals_organisation"), ["organisation"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_referrals_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_referrals_traveller_id"), ["traveller_id"], unique=False
        )

    op.create_table(
        "screening_hits",
        sa.Column("crossing_id", sa.Uuid(), nullable=False),
        sa.Column("alert_person_id", sa.Uuid(), nullable=True),
        sa.Column("lost_document_id", sa.Uuid(), nullable=True),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column(
            "explanation",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("resolution_reason", sa.Text(), nullable=True),
        sa.Column("resolved_by", sa.Uuid(), nullable=True),
        sa.Column("resolved_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alert_person_id"],
            ["alert_persons.id"],
            name=op.f("fk_screening_hits_alert_person_id_alert_persons"),
        ),
        sa.ForeignKeyConstraint(
            ["crossing_id"], ["crossings.id"], name=op.f("fk_screening_hits_crossing_id_crossings")
        ),
        sa.ForeignKeyConstraint(
            ["lost_document_id"],
            ["lost_documents.id"],
            name=op.f("fk_screening_hits_lost_document_id_lost_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by"], ["users.id"], name=op.f("fk_screening_hits_resolved_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_hits")),
    )
    with op.batch_alter_table("screening_hits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_screening_hits_crossing_id"), ["crossing_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_screening_hits_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("screening_hits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_screening_hits_status"))
        batch_op.drop_index(batch_op.f("ix_screening_hits_crossing_id"))

    op.drop_table("screening_hits")
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referrals_traveller_id"))
        batch_op.drop_index(batch_op.f("ix_referrals_status"))
        batch_op.drop_index(batch_op.f("ix_referrals_organisation"))

    op.drop_table("referrals")
    with op.batch_alter_table("crossings", schema=None) as batch_op:
        batch_op.drop_index("ix_crossings_traveller_time")
        batch_op.drop_index("ix_crossings_poe_time")
        batch_op.drop_index(batch_op.f("ix_crossings_decision"))

    op.drop_table("crossings")
    with op.batch_alter_table("travel_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_travel_documents_traveller_id"))

    op.drop_table("travel_documents")
    with op.batch_alter_table("lost_documents", schema=None) as batch_op:
        batch_op.drop_index("ix_lost_documents_number")

    op.drop_table("lost_documents")
    with op.batch_alter_table("alert_persons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_persons_list_id"))

    op.drop_table("alert_persons")
    with op.batch_alter_table("travellers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_travellers_name_key"))

    op.drop_table("travellers")
    op.drop_table("alert_lists")
