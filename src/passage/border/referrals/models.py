"""Referrals of vulnerable travellers to service providers, with consent recorded."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.models import Base, RecordMixin


class Referral(RecordMixin, Base):
    """A vulnerable traveller referred to a service provider, with consent recorded.

    Later case-management work extends this (transfers, assignment, follow-up)."""

    __tablename__ = "referrals"

    traveller_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("travellers.id"), index=True)
    crossing_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("crossings.id"))
    poe_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("points_of_entry.id"))
    flags: Mapped[list[str]] = mapped_column(default=list)
    indicators: Mapped[list[str]] = mapped_column(default=list)
    consent_given: Mapped[bool] = mapped_column(default=False)
    consent_recorded_at: Mapped[datetime | None]
    service_provider: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str | None] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(20), default="in_progress", index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    referred_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
