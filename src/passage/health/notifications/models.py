"""In-app notifications, the outbox of messages on other channels, and the SMTP settings."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.models import Base, RecordMixin


class MailSettings(RecordMixin, Base):
    """SMTP settings edited by an administrator (the password stays in PASSAGE_SMTP_PASSWORD)."""

    __tablename__ = "mail_settings"

    enabled: Mapped[bool] = mapped_column(default=False)
    host: Mapped[str] = mapped_column(String(200), default="")
    port: Mapped[int] = mapped_column(default=587)
    security: Mapped[str] = mapped_column(String(10), default="starttls")
    username: Mapped[str | None] = mapped_column(String(200))
    sender: Mapped[str] = mapped_column(String(200), default="")
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class Notification(RecordMixin, Base):
    """An in-app notice to one user; the title never names the traveller."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_recipient_read", "recipient_id", "read_at"),)

    recipient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))  # in English, as sent by e-mail
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)  # to show it in any language
    url: Mapped[str] = mapped_column(String(300))
    read_at: Mapped[datetime | None]


class OutboxMessage(RecordMixin, Base):
    """A message to deliver after commit on a channel (e-mail; a webhook channel can be added),
    retried with back-off until it is sent or gives up."""

    __tablename__ = "notification_outbox"
    __table_args__ = (Index("ix_notification_outbox_due", "status", "next_attempt_at"),)

    notification_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("notifications.id"))
    channel: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(String(300))
    sent_at: Mapped[datetime | None]
