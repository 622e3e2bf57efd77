"""Tables of the ways in: registrations waiting for a case worker's verification, and
anonymous requests for information."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.models import Base, RecordMixin


class Registration(RecordMixin, Base):
    """A registration that is not yet a case: made by the migrant (self), referred in by a
    partner organisation or by another deployment. Nothing becomes a case until a case worker
    verifies it. The receipt code is kept only as a hash."""

    __tablename__ = "protection_registrations"

    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(20), default="submitted", index=True)
    language: Mapped[str] = mapped_column(String(8), default="en")
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    consent_fields: Mapped[list[str]] = mapped_column(default=list)
    consent_purpose: Mapped[str | None] = mapped_column(String(300))
    consent_expires_on: Mapped[date | None]
    organisation: Mapped[str | None] = mapped_column(String(200), index=True)
    referred_by_organisation: Mapped[str | None] = mapped_column(String(200))
    restricted: Mapped[bool] = mapped_column(default=False)
    additions: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("protection_persons.id"))
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("protection_cases.id"))
    reviewed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None]
    review_note: Mapped[str | None] = mapped_column(String(500))
    remote_deployment: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    remote_referral_id: Mapped[str | None] = mapped_column(String(64))


class InformationRequest(RecordMixin, Base):
    """An anonymous question (e.g. about returning to a country): no identity is kept unless
    the person chose to leave a contact; they follow the answer with their receipt code."""

    __tablename__ = "protection_information_requests"

    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    topic: Mapped[str] = mapped_column(String(20), index=True)
    country_iso3: Mapped[str | None] = mapped_column(String(3))
    language: Mapped[str] = mapped_column(String(8), default="en")
    question: Mapped[str] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None]
