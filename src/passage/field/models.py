"""Field node tables: on the central, enrolment tokens, nodes, the changes applied from them,
their audit chains and the conflict review queue; on a node, its own state and its outbox."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.atrest import SealedJSON
from passage.kit.clock import utcnow
from passage.kit.ids import uuid7
from passage.kit.models import Base, RecordMixin

# ------------------------------------------------------------------ on the central


class EnrolmentToken(RecordMixin, Base):
    """A one-time token an administrator issues for one site and organisation; only its
    SHA-256 is kept."""

    __tablename__ = "field_enrolment_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    poe_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("points_of_entry.id"))
    office: Mapped[str | None] = mapped_column(String(200))
    organisation: Mapped[str | None] = mapped_column(String(200))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    issued_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class FieldNode(RecordMixin, Base):
    """A field node enrolled with this central: its site, public key and sync state."""

    __tablename__ = "field_nodes"

    name: Mapped[str] = mapped_column(String(200))
    poe_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("points_of_entry.id"))
    office: Mapped[str | None] = mapped_column(String(200))
    organisation: Mapped[str | None] = mapped_column(String(200))
    public_x: Mapped[str] = mapped_column(String(64))  # Ed25519, base64url
    kid: Mapped[str] = mapped_column(String(64), unique=True)
    bundle_key: Mapped[str] = mapped_column(Text)  # AES-256-GCM key, sealed (kit.secretbox)
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_contact_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    refused_batches: Mapped[int] = mapped_column(default=0)
    last_refused_at: Mapped[datetime | None]
    acked_seq: Mapped[int] = mapped_column(default=0)  # the node's outbox, applied up to here
    pending_changes: Mapped[int] = mapped_column(default=0)  # as the node last reported
    audit_seq: Mapped[int] = mapped_column(default=0)
    audit_hash: Mapped[str] = mapped_column(String(64), default="0" * 64)
    audit_broken: Mapped[str | None] = mapped_column(Text)
    down_cursors: Mapped[dict[str, Any]] = mapped_column(default=dict)  # as last reported


class AppliedChange(Base):
    """A change of a node applied (or refused) once: resending it does nothing."""

    __tablename__ = "field_applied_changes"

    change_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("field_nodes.id"), index=True)
    seq: Mapped[int]
    table_name: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(20))  # applied | merged | conflict | rejected
    detail: Mapped[str | None] = mapped_column(Text)
    applied_at: Mapped[datetime] = mapped_column(default=utcnow)


class FieldConflict(RecordMixin, Base):
    """One field edited both at a node and here since the node's base: a person decides."""

    __tablename__ = "field_conflicts"
    __table_args__ = (Index("ix_field_conflicts_status", "status", "created_at"),)

    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("field_nodes.id"), index=True)
    change_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    table_name: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[str] = mapped_column(String(64))
    field_name: Mapped[str] = mapped_column(String(60))
    base_value: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"value": ...}
    node_value: Mapped[dict[str, Any]] = mapped_column(default=dict)
    central_value: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | resolved
    chosen: Mapped[str | None] = mapped_column(String(10))  # node | central
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None]


class NodeAuditEntry(Base):
    """An audit entry of a node's own hash chain, kept as it came and verified on arrival."""

    __tablename__ = "field_node_audit"
    __table_args__ = (UniqueConstraint("node_id", "seq"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    node_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("field_nodes.id"))
    seq: Mapped[int]
    hash: Mapped[str] = mapped_column(String(64))
    entry: Mapped[dict[str, Any]] = mapped_column(default=dict)


# ------------------------------------------------------------------ on both


class Tombstone(Base):
    """A travelling record deleted here (or deleted elsewhere and applied here): passed on so
    the other side deletes it too, and kept so that no late change or page brings it back."""

    __tablename__ = "field_tombstones"
    __table_args__ = (
        UniqueConstraint("table_name", "record_id"),
        Index("ix_field_tombstones_deleted", "deleted_at", "id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    table_name: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[str] = mapped_column(String(64))
    deleted_at: Mapped[datetime] = mapped_column(default=utcnow)


# ------------------------------------------------------------------ on a node


class NodeState(RecordMixin, Base):
    """This deployment as a field node (one row once enrolled): its central, keys, cursors."""

    __tablename__ = "field_node_state"

    node_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    central_url: Mapped[str] = mapped_column(String(500))
    name: Mapped[str] = mapped_column(String(200))
    poe_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    office: Mapped[str | None] = mapped_column(String(200))
    organisation: Mapped[str | None] = mapped_column(String(200))
    private_key: Mapped[str] = mapped_column(Text)  # sealed (kit.secretbox)
    kid: Mapped[str] = mapped_column(String(64))
    central_jwk: Mapped[dict[str, Any]] = mapped_column(default=dict)
    bundle_key: Mapped[str] = mapped_column(Text)  # sealed
    acked_seq: Mapped[int] = mapped_column(default=0)
    audit_sent_seq: Mapped[int] = mapped_column(default=0)
    down_cursors: Mapped[dict[str, Any]] = mapped_column(default=dict)
    as_of: Mapped[dict[str, Any]] = mapped_column(default=dict)  # kind -> ISO time
    last_sync_at: Mapped[datetime | None]
    last_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    refused: Mapped[bool] = mapped_column(default=False)


class OutboxChange(Base):
    """A change of a travelling record made here, waiting to be acknowledged by the central.
    `seq` orders them in commit order; `change_id` makes a resend harmless."""

    __tablename__ = "field_outbox"

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    change_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    table_name: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[str] = mapped_column(String(64), index=True)
    operation: Mapped[str] = mapped_column(String(10))
    fields: Mapped[dict[str, Any]] = mapped_column(SealedJSON, default=dict)  # sealed on a node
    base_version: Mapped[int] = mapped_column(default=0)
    made_at: Mapped[datetime] = mapped_column(default=utcnow)


class KeyWrap(RecordMixin, Base):
    """The node's data key (kit.atrest) wrapped for one holder: an officer (under a key derived
    from their password, Argon2id with this row's salt) or the enrolment secret (`user_id`
    null). The data key itself is never stored."""

    __tablename__ = "field_key_wraps"

    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), unique=True)
    salt: Mapped[str] = mapped_column(String(64))
    wrapped: Mapped[str] = mapped_column(String(200))
