"""exchange: the signed feed, signing keys, partners, provenance, conflicts; webhook outbox

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 01:54:13.397646
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import passage.kit.models

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _create_tables()
    _start_feed()
    _append_only("exchange_feed_entries")


def _start_feed() -> None:
    """The feed head row exists from the start: concurrent first appends only ever lock it."""
    head = sa.table(
        "exchange_feed_head",
        sa.column("name", sa.String),
        sa.column("cursor", sa.BigInteger),
        sa.column("deployment_id", sa.Uuid),
    )
    op.bulk_insert(head, [{"name": "main", "cursor": 0, "deployment_id": uuid.uuid4()}])


def _append_only(table: str) -> None:
    """Database triggers refuse UPDATE and DELETE of published entries."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{table} is append-only'; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        )
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )


def _create_tables() -> None:
    op.create_table(
        "exchange_feed_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cursor", sa.BigInteger(), nullable=False),
        sa.Column("published_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.Column("record_version", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("kid", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_feed_entries")),
        sa.UniqueConstraint("cursor", name=op.f("uq_exchange_feed_entries_cursor")),
    )
    with op.batch_alter_table("exchange_feed_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_exchange_feed_entries_kind_cursor", ["kind", "cursor"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_exchange_feed_entries_record_id"), ["record_id"], unique=False
        )

    op.create_table(
        "exchange_feed_head",
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("cursor", sa.BigInteger(), nullable=False),
        sa.Column("published_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("deployment_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_exchange_feed_head")),
    )
    op.create_table(
        "exchange_partners",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("feed_url", sa.String(length=500), nullable=False),
        sa.Column("deployment_id", sa.Uuid(), nullable=True),
        sa.Column("cursor", sa.BigInteger(), nullable=False),
        sa.Column("remote_head", sa.BigInteger(), nullable=True),
        sa.Column("pull_interval_minutes", sa.Integer(), nullable=True),
        sa.Column("next_pull_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_attempt_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_success_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "last_entry_published_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("inbox_secret_sealed", sa.Text(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("lease_until", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_partners")),
        sa.UniqueConstraint("feed_url", name=op.f("uq_exchange_partners_feed_url")),
        sa.UniqueConstraint("name", name=op.f("uq_exchange_partners_name")),
    )
    op.create_table(
        "exchange_signing_keys",
        sa.Column("kid", sa.String(length=64), nullable=False),
        sa.Column("public_x", sa.String(length=64), nullable=False),
        sa.Column("private_sealed", sa.Text(), nullable=False),
        sa.Column("valid_from", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("valid_until", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_signing_keys")),
        sa.UniqueConstraint("kid", name=op.f("uq_exchange_signing_keys_kid")),
    )
    op.create_table(
        "webhook_endpoints",
        sa.Column("topic", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("secret_sealed", sa.Text(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_endpoints")),
        sa.UniqueConstraint("topic", "name", name=op.f("uq_webhook_endpoints_topic_name")),
    )
    with op.batch_alter_table("webhook_endpoints", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_webhook_endpoints_topic"), ["topic"], unique=False)

    op.create_table(
        "exchange_partner_keys",
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("kid", sa.String(length=64), nullable=False),
        sa.Column("public_x", sa.String(length=64), nullable=False),
        sa.Column("valid_from", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("valid_until", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["exchange_partners.id"],
            name=op.f("fk_exchange_partner_keys_partner_id_exchange_partners"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_partner_keys")),
        sa.UniqueConstraint(
            "partner_id", "kid", name=op.f("uq_exchange_partner_keys_partner_id_kid")
        ),
    )
    with op.batch_alter_table("exchange_partner_keys", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_exchange_partner_keys_partner_id"), ["partner_id"], unique=False
        )

    op.create_table(
        "exchange_provenance",
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("record_type", sa.String(length=20), nullable=False),
        sa.Column("remote_record_id", sa.String(length=64), nullable=False),
        sa.Column("local_record_id", sa.Uuid(), nullable=False),
        sa.Column("remote_entry_id", sa.Uuid(), nullable=False),
        sa.Column("remote_cursor", sa.BigInteger(), nullable=False),
        sa.Column("remote_version", sa.Integer(), nullable=False),
        sa.Column(
            "remote_published_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("local_version", sa.Integer(), nullable=False),
        sa.Column("imported_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("synced_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["exchange_partners.id"],
            name=op.f("fk_exchange_provenance_partner_id_exchange_partners"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_provenance")),
        sa.UniqueConstraint(
            "partner_id",
            "record_type",
            "remote_record_id",
            name=op.f("uq_exchange_provenance_partner_id_record_type_remote_record_id"),
        ),
    )
    with op.batch_alter_table("exchange_provenance", schema=None) as batch_op:
        batch_op.create_index(
            "ix_exchange_provenance_local", ["record_type", "local_record_id"], unique=False
        )

    op.create_table(
        "exchange_rejections",
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("remote_cursor", sa.BigInteger(), nullable=True),
        sa.Column("remote_entry_id", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("via", sa.String(length=10), nullable=False),
        sa.Column("entry_excerpt", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["exchange_partners.id"],
            name=op.f("fk_exchange_rejections_partner_id_exchange_partners"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_rejections")),
    )
    with op.batch_alter_table("exchange_rejections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_exchange_rejections_partner_id"), ["partner_id"], unique=False
        )

    op.create_table(
        "webhook_messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("endpoint_id", sa.Uuid(), nullable=False),
        sa.Column("topic", sa.String(length=60), nullable=False),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("sequence", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("lease_owner", sa.String(length=80), nullable=True),
        sa.Column("lease_until", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("dead_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["endpoint_id"],
            ["webhook_endpoints.id"],
            name=op.f("fk_webhook_messages_endpoint_id_webhook_endpoints"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_messages")),
    )
    with op.batch_alter_table("webhook_messages", schema=None) as batch_op:
        batch_op.create_index(
            "ix_webhook_messages_due", ["status", "next_attempt_at"], unique=False
        )
        batch_op.create_index(
            "ix_webhook_messages_endpoint_status", ["endpoint_id", "status", "id"], unique=False
        )

    op.create_table(
        "exchange_conflicts",
        sa.Column("partner_id", sa.Uuid(), nullable=False),
        sa.Column("provenance_id", sa.Uuid(), nullable=True),
        sa.Column("record_type", sa.String(length=20), nullable=False),
        sa.Column("local_record_id", sa.Uuid(), nullable=False),
        sa.Column("country_iso3", sa.String(length=3), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("remote_entry_id", sa.Uuid(), nullable=False),
        sa.Column("remote_cursor", sa.BigInteger(), nullable=False),
        sa.Column("remote_version", sa.Integer(), nullable=False),
        sa.Column(
            "remote_published_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "entry",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("local_version", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("resolved_by", sa.Uuid(), nullable=True),
        sa.Column("resolved_at", passage.kit.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", passage.kit.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["exchange_partners.id"],
            name=op.f("fk_exchange_conflicts_partner_id_exchange_partners"),
        ),
        sa.ForeignKeyConstraint(
            ["provenance_id"],
            ["exchange_provenance.id"],
            name=op.f("fk_exchange_conflicts_provenance_id_exchange_provenance"),
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by"], ["users.id"], name=op.f("fk_exchange_conflicts_resolved_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_conflicts")),
    )
    with op.batch_alter_table("exchange_conflicts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_exchange_conflicts_partner_id"), ["partner_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_exchange_conflicts_status"), ["status"], unique=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP TRIGGER IF EXISTS exchange_feed_entries_append_only ON exchange_feed_entries"
        )
        op.execute("DROP FUNCTION IF EXISTS exchange_feed_entries_append_only()")
    with op.batch_alter_table("exchange_conflicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_conflicts_status"))
        batch_op.drop_index(batch_op.f("ix_exchange_conflicts_partner_id"))

    op.drop_table("exchange_conflicts")
    with op.batch_alter_table("webhook_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_webhook_messages_endpoint_status")
        batch_op.drop_index("ix_webhook_messages_due")

    op.drop_table("webhook_messages")
    with op.batch_alter_table("exchange_rejections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_rejections_partner_id"))

    op.drop_table("exchange_rejections")
    with op.batch_alter_table("exchange_provenance", schema=None) as batch_op:
        batch_op.drop_index("ix_exchange_provenance_local")

    op.drop_table("exchange_provenance")
    with op.batch_alter_table("exchange_partner_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_partner_keys_partner_id"))

    op.drop_table("exchange_partner_keys")
    with op.batch_alter_table("webhook_endpoints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhook_endpoints_topic"))

    op.drop_table("webhook_endpoints")
    op.drop_table("exchange_signing_keys")
    op.drop_table("exchange_partners")
    op.drop_table("exchange_feed_head")
    with op.batch_alter_table("exchange_feed_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_feed_entries_record_id"))
        batch_op.drop_index("ix_exchange_feed_entries_kind_cursor")

    op.drop_table("exchange_feed_entries")
