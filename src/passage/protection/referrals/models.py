"""Tables of referrals out: the service directory, consents and referrals."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.models import Base, RecordMixin


class ServiceProvider(RecordMixin, Base):
    """A partner's service point in the directory: services, place, languages and capacity.

    `exchange_partner_id` names another Passage deployment (an exchange partner): referrals to
    it travel over the signed exchange, sealed for that deployment."""

    __tablename__ = "protection_service_providers"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    organisation: Mapped[str] = mapped_column(String(200), index=True)
    services: Mapped[list[str]] = mapped_column(default=list)
    country_iso3: Mapped[str | None] = mapped_column(String(3))
    admin1: Mapped[str | None] = mapped_column(String(100))
    place: Mapped[str | None] = mapped_column(String(200))
    languages: Mapped[list[str]] = mapped_column(default=list)
    capacity: Mapped[int | None]
    contact: Mapped[str | None] = mapped_column(String(200))
    exchange_partner_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("exchange_partners.id")
    )
    active: Mapped[bool] = mapped_column(default=True)


class Consent(RecordMixin, Base):
    """What a person agreed to share, for what purpose, until when; withdrawing it stops every
    referral that relies on it from showing anything."""

    __tablename__ = "protection_consents"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("protection_persons.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(300))
    fields: Mapped[list[str]] = mapped_column(default=list)
    expires_on: Mapped[date]
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    withdrawn_at: Mapped[datetime | None]
    withdrawal_reason: Mapped[str | None] = mapped_column(String(300))


class ServiceReferral(RecordMixin, Base):
    """A referral of a case to a service provider, carrying only the consented fields."""

    __tablename__ = "protection_referrals"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("protection_cases.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("protection_persons.id"))
    provider_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("protection_service_providers.id"))
    organisation: Mapped[str] = mapped_column(String(200), index=True)
    consent_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("protection_consents.id"))
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    services: Mapped[list[str]] = mapped_column(default=list)
    reason: Mapped[str] = mapped_column(Text)
    response_note: Mapped[str | None] = mapped_column(Text)
    referred_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    responded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    responded_at: Mapped[datetime | None]
    remote: Mapped[bool] = mapped_column(default=False)


class QueueSeen(Base):
    """When a user last opened a list of new referrals (`partner`: referrals to their
    organisation; `border`: referrals from points of entry): the header counts newer ones."""

    __tablename__ = "protection_queues_seen"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), primary_key=True)
    queue: Mapped[str] = mapped_column(String(20), primary_key=True)
    seen_at: Mapped[datetime]
