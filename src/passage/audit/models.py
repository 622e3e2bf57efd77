"""Audit tables: the entries (append-only, hash-chained, MAC'd), the chain head, checkpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.clock import utcnow
from passage.kit.ids import uuid7
from passage.kit.models import Base


class AuditEntry(Base):
    """One audited event. Never deleted, never altered (database triggers refuse it).

    Unlike other records it has no version or updated_at: it is immutable. Its writer stores it
    sealed but unchained (no seq, prev_hash, hash nor MAC) when another transaction holds the
    chain head; the head's next holder chains it, and the triggers allow that one update, from
    unchained to chained with the content unchanged. `seq` orders the hash chain; it is
    internal and never appears in an API or URL (the UUID does).
    """

    __tablename__ = "audit_entries"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    seq: Mapped[int | None] = mapped_column(unique=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_type: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[str | None] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    object_type: Mapped[str | None] = mapped_column(String(60))
    object_id: Mapped[str | None] = mapped_column(String(64), index=True)
    purpose: Mapped[str | None] = mapped_column(String(120))
    request_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
    # HMAC of `hash` under the audit key, which the database does not hold (audit/chain.py);
    # none on entries written before MACs existed.
    mac: Mapped[str | None] = mapped_column(String(64))
    # HMAC of the content alone, made by the writer (audit/chain.py): what the chainer chained is
    # what was written. None on entries written before seals existed.
    seal: Mapped[str | None] = mapped_column(String(64))


class AuditHead(Base):
    """The last entry of the chain; locked by the transaction that chains entries (one at a time;
    writers that find it locked leave their entries for the next holder, they never wait).

    Keeping the head apart lets `verify` notice entries deleted from the end of the log; its MAC
    lets it notice a head rewound over them.
    """

    __tablename__ = "audit_head"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    seq: Mapped[int] = mapped_column(default=0)
    hash: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str | None] = mapped_column(String(64))


class AuditCheckpoint(Base):
    """A signed statement of the chain head at a moment, made to be kept outside the database
    (exported to a file, fetched by a monitor): the log can then never end before it, nor differ
    from it. The copy kept here is for listing; its worth is in the copies kept elsewhere."""

    __tablename__ = "audit_checkpoints"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    seq: Mapped[int] = mapped_column(index=True)
    hash: Mapped[str] = mapped_column(String(64))
    made_at: Mapped[datetime] = mapped_column(default=utcnow)
    statement: Mapped[str] = mapped_column(Text)  # the canonical JSON that was signed
    mac: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str | None] = mapped_column(Text)  # detached JWS (EdDSA), if a signer
    kid: Mapped[str | None] = mapped_column(String(64))
