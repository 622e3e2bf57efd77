"""Webhook endpoints and the outbox of messages to deliver to them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.clock import utcnow
from passage.kit.ids import uuid7
from passage.kit.models import Base, RecordMixin


class WebhookEndpoint(RecordMixin, Base):
    """A receiver of one topic's messages (e.g. `exchange.feed`: a subscriber of the feed),
    with the shared HMAC secret sealed by PASSAGE_SECRET_KEY."""

    __tablename__ = "webhook_endpoints"
    __table_args__ = (UniqueConstraint("topic", "name"),)

    topic: Mapped[str] = mapped_column(String(60), index=True)
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500))
    secret_sealed: Mapped[str] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(default=True)


class WebhookMessage(Base):
    """One message for one endpoint: pending until delivered, retried with backoff, dead after
    the last attempt. Messages of an endpoint go out one at a time, oldest first.

    A worker claims a message with a lease (`lease_owner`, `lease_until`); only the lease
    holder records the outcome, so several workers never send the same message twice.
    """

    __tablename__ = "webhook_messages"
    __table_args__ = (
        Index("ix_webhook_messages_endpoint_status", "endpoint_id", "status", "id"),
        Index("ix_webhook_messages_due", "status", "next_attempt_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid7)
    endpoint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("webhook_endpoints.id"))
    topic: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict[str, Any]]
    sequence: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_owner: Mapped[str | None] = mapped_column(String(80))
    lease_until: Mapped[datetime | None]
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]
    dead_at: Mapped[datetime | None]
