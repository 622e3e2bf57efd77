"""feedback: items (public, recorded, imported) and the throttling attempts

Revision ID: 0017
Revises: 0013
Create Date: 2026-12-07 12:47:57.693853
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import passage.kit.models

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback_attempts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_attempts")),
    )
    with op.batch_alter_table("feedback_attempts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_attempts_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_feedback_attempts_key_hash"), ["key_hash"], unique=False
        )

    op.create_table(
        "feedback_items",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=100), nullable=False),
        sa.Column("reference", sa.String(length=12), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("sensitive", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("country_iso3", sa.String(length=3), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("interpreter_language", sa.String(length=8), nullable=True),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("recorded_by", sa.Uuid(), nullable=True),
        sa.Column("spam", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("acknowledge_by", sa.Date(), nullable=False),
        sa.Column("close_by", sa.Date(), nullable=False),
        sa.Column("acknowledged_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("assigned_to", sa.Uuid(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answer_language", sa.String(length=8), nullable=True),
        sa.Column("answered_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("consent_to_refer", sa.Boolean(), nullable=False),
        sa.Column("protection_registration_id", sa.Uuid(), nullable=True),
        sa.Column(
            "history",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["assigned_to"], ["users.id"], name=op.f("fk_feedback_items_assigned_to_users")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["users.id"], name=op.f("fk_feedback_items_recorded_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_items")),
        sa.UniqueConstraint("client_id", name=op.f("uq_feedback_items_client_id")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_feedback_items_code_hash")),
        sa.UniqueConstraint("reference", name=op.f("uq_feedback_items_reference")),
    )
    with op.batch_alter_table("feedback_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_items_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_items_channel"), ["channel"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_feedback_items_country_iso3"), ["country_iso3"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_feedback_items_received_on"), ["received_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_feedback_items_sensitive"), ["sensitive"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_feedback_items_spam"), ["spam"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_items_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("feedback_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_items_status"))
        batch_op.drop_index(batch_op.f("ix_feedback_items_spam"))
        batch_op.drop_index(batch_op.f("ix_feedback_items_sensitive"))
        batch_op.drop_index(batch_op.f("ix_feedback_items_received_on"))
        batch_op.drop_index(batch_op.f("ix_feedback_items_country_iso3"))
        batch_op.drop_index(batch_op.f("ix_feedback_items_channel"))
        batch_op.drop_index(batch_op.f("ix_feedback_items_category"))

    op.drop_table("feedback_items")
    with op.batch_alter_table("feedback_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_attempts_key_hash"))
        batch_op.drop_index(batch_op.f("ix_feedback_attempts_at"))

    op.drop_table("feedback_attempts")
