"""Tables of feedback: the items received, and the attempts counted to throttle the public.

An anonymous item keeps no address, browser or time beyond the day it arrived: its key is a
random UUID (not the time-ordered kind) and it holds `received_on`, a date. Staff actions are
times, as any staff action is."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Integer, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.models import Base


class FeedbackItem(Base):
    """A question, request, complaint or thanks, from the public page, a hotline operator, a
    partner or a Kobo/ODK export. `client_id` (made on the device, or the export's submission
    id) makes a send idempotent; the tracking code is kept only as a hash."""

    __tablename__ = "feedback_items"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    version: Mapped[int] = mapped_column(default=1)
    client_id: Mapped[str] = mapped_column(String(100), unique=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    received_on: Mapped[date] = mapped_column(index=True)
    channel: Mapped[str] = mapped_column(String(20), index=True)
    category: Mapped[str] = mapped_column(String(40), index=True)
    sensitive: Mapped[bool] = mapped_column(default=False, index=True)
    language: Mapped[str] = mapped_column(String(8), default="en")
    message: Mapped[str] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(200))
    country_iso3: Mapped[str | None] = mapped_column(String(3), index=True)
    place: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    interpreter_language: Mapped[str | None] = mapped_column(String(8))
    organisation: Mapped[str | None] = mapped_column(String(200))
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    spam: Mapped[bool] = mapped_column(default=False, index=True)
    status: Mapped[str] = mapped_column(String(20), default="received", index=True)
    acknowledge_by: Mapped[date]
    close_by: Mapped[date]
    acknowledged_at: Mapped[datetime | None]
    assigned_to: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    answer: Mapped[str | None] = mapped_column(Text)
    answer_language: Mapped[str | None] = mapped_column(String(8))
    answered_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    satisfaction: Mapped[int | None]
    consent_to_refer: Mapped[bool] = mapped_column(default=False)
    protection_registration_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    history: Mapped[list[dict[str, Any]]] = mapped_column(default=list)

    __mapper_args__ = {"version_id_col": version}


class FeedbackPhoto(Base):
    """A photo sent with an item: re-encoded without metadata (no place, time or phone, see
    passage.kit.photos), sealed with PASSAGE_SECRET_KEY, read only by staff who may read the
    item. It holds no time of its own (an anonymous item keeps only its day)."""

    __tablename__ = "feedback_photos"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("feedback_items.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    sealed_content: Mapped[str] = mapped_column(Text, deferred=True)


class FeedbackAttempt(Base):
    """One counted attempt (a submission, a wrong tracking code) under a keyed hash of its
    source; kept only as long as the throttling window, then purged."""

    __tablename__ = "feedback_attempts"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    kind: Mapped[str] = mapped_column(String(10))
    key_hash: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(index=True)
