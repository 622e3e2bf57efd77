"""protection: registry, registrations and questions, scoring models and screenings, cases
(plans, follow-ups, notes, documents, transfers, reminders), directory, consents, referrals,
stored reports

Revision ID: 0013
Revises: 0010
Create Date: 2026-12-07 05:10:42.792789
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import passage.kit.models

revision = "0013"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "protection_households",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("country_iso3", sa.String(length=3), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_households")),
    )
    with op.batch_alter_table("protection_households", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_households_organisation"), ["organisation"], unique=False
        )

    op.create_table(
        "protection_report_snapshots",
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column(
            "tables",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_report_snapshots")),
        sa.UniqueConstraint(
            "period",
            "starts_on",
            "organisation",
            name=op.f("uq_protection_report_snapshots_period_starts_on_organisation"),
        ),
    )
    op.create_table(
        "protection_information_requests",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("topic", sa.String(length=20), nullable=False),
        sa.Column("country_iso3", sa.String(length=3), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.Uuid(), nullable=True),
        sa.Column("answered_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["answered_by"],
            ["users.id"],
            name=op.f("fk_protection_information_requests_answered_by_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_information_requests")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_protection_information_requests_code_hash")),
    )
    with op.batch_alter_table("protection_information_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_information_requests_status"), ["status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_protection_information_requests_topic"), ["topic"], unique=False
        )

    op.create_table(
        "protection_persons",
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("given_names", sa.String(length=200), nullable=False),
        sa.Column("surname", sa.String(length=200), nullable=False),
        sa.Column(
            "other_names",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("birth_date_estimated", sa.Boolean(), nullable=False),
        sa.Column("nationality", sa.String(length=3), nullable=True),
        sa.Column(
            "other_nationalities",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "languages",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("country_iso3", sa.String(length=3), nullable=True),
        sa.Column("admin1", sa.String(length=100), nullable=True),
        sa.Column("admin2", sa.String(length=100), nullable=True),
        sa.Column("location", sa.String(length=300), nullable=True),
        sa.Column("migration_status", sa.String(length=20), nullable=False),
        sa.Column(
            "situations",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "needs",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "documents",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("household_id", sa.Uuid(), nullable=True),
        sa.Column("relationship", sa.String(length=20), nullable=True),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.Column("traveller_id", sa.Uuid(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("registered_by", sa.Uuid(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["protection_households.id"],
            name=op.f("fk_protection_persons_household_id_protection_households"),
        ),
        sa.ForeignKeyConstraint(
            ["registered_by"], ["users.id"], name=op.f("fk_protection_persons_registered_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["traveller_id"],
            ["travellers.id"],
            name=op.f("fk_protection_persons_traveller_id_travellers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_persons")),
        sa.UniqueConstraint("reference", name=op.f("uq_protection_persons_reference")),
    )
    with op.batch_alter_table("protection_persons", schema=None) as batch_op:
        batch_op.create_index("ix_protection_persons_changed", ["updated_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_protection_persons_country_iso3"), ["country_iso3"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_protection_persons_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_protection_persons_nationality"), ["nationality"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_protection_persons_organisation"), ["organisation"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_protection_persons_traveller_id"), ["traveller_id"], unique=False
        )

    op.create_table(
        "protection_scoring_models",
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("version_no", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column(
            "definition",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_protection_scoring_models_created_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_scoring_models")),
        sa.UniqueConstraint(
            "code", "version_no", name=op.f("uq_protection_scoring_models_code_version_no")
        ),
    )
    with op.batch_alter_table("protection_scoring_models", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_scoring_models_code"), ["code"], unique=False
        )

    op.create_table(
        "protection_service_providers",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column(
            "services",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("country_iso3", sa.String(length=3), nullable=True),
        sa.Column("admin1", sa.String(length=100), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column(
            "languages",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("exchange_partner_id", sa.Uuid(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exchange_partner_id"],
            ["exchange_partners.id"],
            name=op.f("fk_protection_service_providers_exchange_partner_id_exchange_partners"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_service_providers")),
        sa.UniqueConstraint("name", name=op.f("uq_protection_service_providers_name")),
    )
    with op.batch_alter_table("protection_service_providers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_service_providers_organisation"),
            ["organisation"],
            unique=False,
        )

    op.create_table(
        "protection_consents",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column(
            "fields",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.Column("withdrawn_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("withdrawal_reason", sa.String(length=300), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["protection_persons.id"],
            name=op.f("fk_protection_consents_person_id_protection_persons"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_protection_consents_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_consents")),
    )
    with op.batch_alter_table("protection_consents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_consents_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "protection_person_changes",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column(
            "old_value",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "new_value",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("changed_by", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["changed_by"], ["users.id"], name=op.f("fk_protection_person_changes_changed_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["protection_persons.id"],
            name=op.f("fk_protection_person_changes_person_id_protection_persons"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_person_changes")),
    )
    with op.batch_alter_table("protection_person_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_person_changes_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "protection_cases",
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("case_type", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("risk_level", sa.String(length=10), nullable=False),
        sa.Column("priority", sa.String(length=10), nullable=True),
        sa.Column("priority_rank", sa.Integer(), nullable=False),
        sa.Column("score", sa.Double(), nullable=True),
        sa.Column("screening_id", sa.Uuid(), nullable=True),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("assigned_to", sa.Uuid(), nullable=True),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.Column("opened_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("waiting_since", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closure_reason", sa.String(length=30), nullable=True),
        sa.Column("closure_note", sa.Text(), nullable=True),
        sa.Column("border_referral_id", sa.Uuid(), nullable=True),
        sa.Column(
            "border_flags",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("border_consent_given", sa.Boolean(), nullable=True),
        sa.Column(
            "border_consent_recorded_at",
            passage.kit.models.UTCDateTime(timezone=True),
            nullable=True,
        ),
        sa.Column("opened_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assigned_to"], ["users.id"], name=op.f("fk_protection_cases_assigned_to_users")
        ),
        sa.ForeignKeyConstraint(
            ["border_referral_id"],
            ["referrals.id"],
            name=op.f("fk_protection_cases_border_referral_id_referrals"),
        ),
        sa.ForeignKeyConstraint(
            ["opened_by"], ["users.id"], name=op.f("fk_protection_cases_opened_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["protection_persons.id"],
            name=op.f("fk_protection_cases_person_id_protection_persons"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_cases")),
        sa.UniqueConstraint(
            "border_referral_id", name=op.f("uq_protection_cases_border_referral_id")
        ),
        sa.UniqueConstraint("reference", name=op.f("uq_protection_cases_reference")),
    )
    with op.batch_alter_table("protection_cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_protection_cases_caseload", ["assigned_to", "status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_protection_cases_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            "ix_protection_cases_queue",
            ["organisation", "status", "priority_rank", "waiting_since"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_protection_cases_restricted"), ["restricted"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_protection_cases_status"), ["status"], unique=False)

    op.create_table(
        "protection_case_documents",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("sealed_content", sa.Text(), nullable=False),
        sa.Column("uploaded_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["protection_cases.id"],
            name=op.f("fk_protection_case_documents_case_id_protection_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by"],
            ["users.id"],
            name=op.f("fk_protection_case_documents_uploaded_by_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_case_documents")),
    )
    with op.batch_alter_table("protection_case_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_case_documents_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "protection_case_notes",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("author", sa.Uuid(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author"], ["users.id"], name=op.f("fk_protection_case_notes_author_users")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["protection_cases.id"],
            name=op.f("fk_protection_case_notes_case_id_protection_cases"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_case_notes")),
    )
    with op.batch_alter_table("protection_case_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_case_notes_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "protection_case_services",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("service_type", sa.String(length=30), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("provider", sa.String(length=200), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("provided_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["protection_cases.id"],
            name=op.f("fk_protection_case_services_case_id_protection_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["users.id"],
            name=op.f("fk_protection_case_services_recorded_by_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_case_services")),
    )
    with op.batch_alter_table("protection_case_services", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_case_services_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_protection_case_services_provided_on"), ["provided_on"], unique=False
        )

    op.create_table(
        "protection_case_transfers",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("from_organisation", sa.String(length=200), nullable=False),
        sa.Column("to_organisation", sa.String(length=200), nullable=False),
        sa.Column("from_user", sa.Uuid(), nullable=True),
        sa.Column("to_user", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("transferred_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["protection_cases.id"],
            name=op.f("fk_protection_case_transfers_case_id_protection_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["from_user"], ["users.id"], name=op.f("fk_protection_case_transfers_from_user_users")
        ),
        sa.ForeignKeyConstraint(
            ["to_user"], ["users.id"], name=op.f("fk_protection_case_transfers_to_user_users")
        ),
        sa.ForeignKeyConstraint(
            ["transferred_by"],
            ["users.id"],
            name=op.f("fk_protection_case_transfers_transferred_by_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_case_transfers")),
    )
    with op.batch_alter_table("protection_case_transfers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_case_transfers_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "protection_follow_ups",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("purpose", sa.String(length=300), nullable=False),
        sa.Column("assigned_to", sa.Uuid(), nullable=True),
        sa.Column("done_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("reminded_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assigned_to"], ["users.id"], name=op.f("fk_protection_follow_ups_assigned_to_users")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["protection_cases.id"],
            name=op.f("fk_protection_follow_ups_case_id_protection_cases"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_follow_ups")),
    )
    with op.batch_alter_table("protection_follow_ups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_follow_ups_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index("ix_protection_follow_ups_due", ["done_at", "due_on"], unique=False)

    op.create_table(
        "protection_referrals",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("provider_id", sa.Uuid(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("consent_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column(
            "services",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("response_note", sa.Text(), nullable=True),
        sa.Column("referred_by", sa.Uuid(), nullable=True),
        sa.Column("responded_by", sa.Uuid(), nullable=True),
        sa.Column("responded_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("remote", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["protection_cases.id"],
            name=op.f("fk_protection_referrals_case_id_protection_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["consent_id"],
            ["protection_consents.id"],
            name=op.f("fk_protection_referrals_consent_id_protection_consents"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["protection_persons.id"],
            name=op.f("fk_protection_referrals_person_id_protection_persons"),
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["protection_service_providers.id"],
            name=op.f("fk_protection_referrals_provider_id_protection_service_providers"),
        ),
        sa.ForeignKeyConstraint(
            ["referred_by"], ["users.id"], name=op.f("fk_protection_referrals_referred_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["responded_by"], ["users.id"], name=op.f("fk_protection_referrals_responded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_referrals")),
    )
    with op.batch_alter_table("protection_referrals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_referrals_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_protection_referrals_organisation"), ["organisation"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_protection_referrals_status"), ["status"], unique=False
        )

    op.create_table(
        "protection_registrations",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column(
            "details",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "consent_fields",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("consent_purpose", sa.String(length=300), nullable=True),
        sa.Column("consent_expires_on", sa.Date(), nullable=True),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("referred_by_organisation", sa.String(length=200), nullable=True),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.Column(
            "additions",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("person_id", sa.Uuid(), nullable=True),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("reviewed_by", sa.Uuid(), nullable=True),
        sa.Column("reviewed_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("review_note", sa.String(length=500), nullable=True),
        sa.Column("remote_deployment", sa.Uuid(), nullable=True),
        sa.Column("remote_referral_id", sa.String(length=64), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["protection_cases.id"],
            name=op.f("fk_protection_registrations_case_id_protection_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["protection_persons.id"],
            name=op.f("fk_protection_registrations_person_id_protection_persons"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by"],
            ["users.id"],
            name=op.f("fk_protection_registrations_reviewed_by_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_registrations")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_protection_registrations_code_hash")),
    )
    with op.batch_alter_table("protection_registrations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_registrations_organisation"), ["organisation"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_protection_registrations_source"), ["source"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_protection_registrations_status"), ["status"], unique=False
        )

    op.create_table(
        "protection_screenings",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("model_code", sa.String(length=60), nullable=False),
        sa.Column("model_version", sa.Integer(), nullable=False),
        sa.Column(
            "answers",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("total", sa.Double(), nullable=False),
        sa.Column("maximum", sa.Double(), nullable=False),
        sa.Column("priority", sa.String(length=10), nullable=False),
        sa.Column(
            "contributions",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("submission_id", sa.String(length=100), nullable=True),
        sa.Column("rescored_from", sa.Uuid(), nullable=True),
        sa.Column("screened_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["protection_cases.id"],
            name=op.f("fk_protection_screenings_case_id_protection_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["protection_persons.id"],
            name=op.f("fk_protection_screenings_person_id_protection_persons"),
        ),
        sa.ForeignKeyConstraint(
            ["rescored_from"],
            ["protection_screenings.id"],
            name=op.f("fk_protection_screenings_rescored_from_protection_screenings"),
        ),
        sa.ForeignKeyConstraint(
            ["screened_by"], ["users.id"], name=op.f("fk_protection_screenings_screened_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_screenings")),
        sa.UniqueConstraint("submission_id", name=op.f("uq_protection_screenings_submission_id")),
    )
    with op.batch_alter_table("protection_screenings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_screenings_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_protection_screenings_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "protection_reminders",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("follow_up_id", sa.Uuid(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("seen_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["protection_cases.id"],
            name=op.f("fk_protection_reminders_case_id_protection_cases"),
        ),
        sa.ForeignKeyConstraint(
            ["follow_up_id"],
            ["protection_follow_ups.id"],
            name=op.f("fk_protection_reminders_follow_up_id_protection_follow_ups"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_protection_reminders_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protection_reminders")),
        sa.UniqueConstraint("follow_up_id", name=op.f("uq_protection_reminders_follow_up_id")),
    )
    with op.batch_alter_table("protection_reminders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_protection_reminders_user_id"), ["user_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("protection_reminders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_reminders_user_id"))

    op.drop_table("protection_reminders")
    with op.batch_alter_table("protection_screenings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_screenings_person_id"))
        batch_op.drop_index(batch_op.f("ix_protection_screenings_case_id"))

    op.drop_table("protection_screenings")
    with op.batch_alter_table("protection_registrations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_registrations_status"))
        batch_op.drop_index(batch_op.f("ix_protection_registrations_source"))
        batch_op.drop_index(batch_op.f("ix_protection_registrations_organisation"))

    op.drop_table("protection_registrations")
    with op.batch_alter_table("protection_referrals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_referrals_status"))
        batch_op.drop_index(batch_op.f("ix_protection_referrals_organisation"))
        batch_op.drop_index(batch_op.f("ix_protection_referrals_case_id"))

    op.drop_table("protection_referrals")
    with op.batch_alter_table("protection_follow_ups", schema=None) as batch_op:
        batch_op.drop_index("ix_protection_follow_ups_due")
        batch_op.drop_index(batch_op.f("ix_protection_follow_ups_case_id"))

    op.drop_table("protection_follow_ups")
    with op.batch_alter_table("protection_case_transfers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_case_transfers_case_id"))

    op.drop_table("protection_case_transfers")
    with op.batch_alter_table("protection_case_services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_case_services_provided_on"))
        batch_op.drop_index(batch_op.f("ix_protection_case_services_case_id"))

    op.drop_table("protection_case_services")
    with op.batch_alter_table("protection_case_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_case_notes_case_id"))

    op.drop_table("protection_case_notes")
    with op.batch_alter_table("protection_case_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_case_documents_case_id"))

    op.drop_table("protection_case_documents")
    with op.batch_alter_table("protection_cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_cases_status"))
        batch_op.drop_index(batch_op.f("ix_protection_cases_restricted"))
        batch_op.drop_index("ix_protection_cases_queue")
        batch_op.drop_index(batch_op.f("ix_protection_cases_person_id"))
        batch_op.drop_index("ix_protection_cases_caseload")

    op.drop_table("protection_cases")
    with op.batch_alter_table("protection_person_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_person_changes_person_id"))

    op.drop_table("protection_person_changes")
    with op.batch_alter_table("protection_consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_consents_person_id"))

    op.drop_table("protection_consents")
    with op.batch_alter_table("protection_service_providers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_service_providers_organisation"))

    op.drop_table("protection_service_providers")
    with op.batch_alter_table("protection_scoring_models", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_scoring_models_code"))

    op.drop_table("protection_scoring_models")
    with op.batch_alter_table("protection_persons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_persons_traveller_id"))
        batch_op.drop_index(batch_op.f("ix_protection_persons_organisation"))
        batch_op.drop_index(batch_op.f("ix_protection_persons_nationality"))
        batch_op.drop_index(batch_op.f("ix_protection_persons_household_id"))
        batch_op.drop_index(batch_op.f("ix_protection_persons_country_iso3"))
        batch_op.drop_index("ix_protection_persons_changed")

    op.drop_table("protection_persons")
    with op.batch_alter_table("protection_information_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_information_requests_topic"))
        batch_op.drop_index(batch_op.f("ix_protection_information_requests_status"))

    op.drop_table("protection_information_requests")
    op.drop_table("protection_report_snapshots")
    with op.batch_alter_table("protection_households", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_protection_households_organisation"))

    op.drop_table("protection_households")
