"""Exchange tables: the outbound feed (head, entries, signing keys) and what is followed from
partners (partners, their trusted keys, provenance of imported records, conflicts, rejections)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.clock import utcnow
from passage.kit.ids import uuid7
from passage.kit.models import Base, RecordMixin


class FeedHead(Base):
    """The last cursor given out and this deployment's id; locked while entries are appended,
    so cursors are given out in commit order (a reader never skips an entry committing late)."""

    __tablename__ = "exchange_feed_head"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    published_at: Mapped[datetime | None]
    deployment_id: Mapped[uuid.UUID] = mapped_column(Uuid)


class FeedEntry(Base):
    """One published change, signed. Never updated nor deleted (database triggers refuse it).

    `payload` is the RFC 8785 canonical JSON of the entry without its signature: the exact
    bytes `signature` (a detached JWS) covers.
    """

    __tablename__ = "exchange_feed_entries"
    __table_args__ = (Index("ix_exchange_feed_entries_kind_cursor", "kind", "cursor"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    cursor: Mapped[int] = mapped_column(BigInteger, unique=True)
    published_at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(String(64), index=True)
    record_version: Mapped[int]
    effective_from: Mapped[date | None]
    payload: Mapped[str] = mapped_column(Text)
    signature: Mapped[str] = mapped_column(Text)
    kid: Mapped[str] = mapped_column(String(64))


class SigningKey(RecordMixin, Base):
    """An Ed25519 key of this deployment. The private half is sealed with PASSAGE_SECRET_KEY;
    a rotated key keeps its public half published (with its validity) so old entries verify."""

    __tablename__ = "exchange_signing_keys"

    kid: Mapped[str] = mapped_column(String(64), unique=True)
    public_x: Mapped[str] = mapped_column(String(64))
    private_sealed: Mapped[str] = mapped_column(Text)
    valid_from: Mapped[datetime]
    valid_until: Mapped[datetime | None]


class Partner(RecordMixin, Base):
    """Another deployment whose feed this one follows: where, which keys, how far, how often."""

    __tablename__ = "exchange_partners"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    feed_url: Mapped[str] = mapped_column(String(500), unique=True)
    deployment_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    remote_head: Mapped[int | None] = mapped_column(BigInteger)
    pull_interval_minutes: Mapped[int | None]
    next_pull_at: Mapped[datetime | None]
    last_attempt_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_entry_published_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    error_count: Mapped[int] = mapped_column(default=0)
    inbox_secret_sealed: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(default=True)
    lease_until: Mapped[datetime | None]


class PartnerKey(RecordMixin, Base):
    """A public key trusted for a partner's entries, from a keys file or a signed rotation."""

    __tablename__ = "exchange_partner_keys"
    __table_args__ = (UniqueConstraint("partner_id", "kid"),)

    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exchange_partners.id"), index=True)
    kid: Mapped[str] = mapped_column(String(64))
    public_x: Mapped[str] = mapped_column(String(64))
    valid_from: Mapped[datetime | None]
    valid_until: Mapped[datetime | None]
    source: Mapped[str] = mapped_column(String(200))


class Provenance(RecordMixin, Base):
    """Where an imported record came from: partner, remote record, last entry applied or seen.

    `local_version` is the local version the last import produced (or accepted); a local
    record that has moved on since was edited here, and the next remote change is a conflict.
    """

    __tablename__ = "exchange_provenance"
    __table_args__ = (
        UniqueConstraint("partner_id", "record_type", "remote_record_id"),
        Index("ix_exchange_provenance_local", "record_type", "local_record_id"),
    )

    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exchange_partners.id"))
    record_type: Mapped[str] = mapped_column(String(20))
    remote_record_id: Mapped[str] = mapped_column(String(64))
    local_record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    remote_entry_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    remote_cursor: Mapped[int] = mapped_column(BigInteger)
    remote_version: Mapped[int]
    remote_published_at: Mapped[datetime]
    local_version: Mapped[int]
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    synced_at: Mapped[datetime] = mapped_column(default=utcnow)


class ImportConflict(RecordMixin, Base):
    """A partner's change to a record edited here since the last import; waits for review."""

    __tablename__ = "exchange_conflicts"

    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exchange_partners.id"), index=True)
    provenance_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("exchange_provenance.id"))
    record_type: Mapped[str] = mapped_column(String(20))
    local_record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    country_iso3: Mapped[str | None] = mapped_column(String(3))
    title: Mapped[str] = mapped_column(String(300))
    remote_entry_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    remote_cursor: Mapped[int] = mapped_column(BigInteger)
    remote_version: Mapped[int]
    remote_published_at: Mapped[datetime]
    entry: Mapped[dict[str, Any]]
    local_version: Mapped[int]
    reason: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None]


class Rejection(RecordMixin, Base):
    """An entry refused from a partner (unsigned, badly signed, invalid): reported, not imported."""

    __tablename__ = "exchange_rejections"

    partner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("exchange_partners.id"), index=True)
    remote_cursor: Mapped[int | None] = mapped_column(BigInteger)
    remote_entry_id: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(500))
    via: Mapped[str] = mapped_column(String(10))
    entry_excerpt: Mapped[str | None] = mapped_column(Text)
