"""Point-of-entry operations: travellers, documents, crossings, alert lists, screening hits and
referrals of vulnerable travellers. Every row about a person is personal data: reads are audited."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.models import Base, RecordMixin


class Traveller(RecordMixin, Base):
    """A person known from their travel documents; linked across crossings."""

    __tablename__ = "travellers"

    surname: Mapped[str] = mapped_column(String(120))
    given_names: Mapped[str] = mapped_column(String(200), default="")
    sex: Mapped[str | None] = mapped_column(String(1))
    birth_date: Mapped[date | None]
    birth_date_text: Mapped[str | None] = mapped_column(String(10))
    nationality: Mapped[str | None] = mapped_column(String(3))
    residence_iso3: Mapped[str | None] = mapped_column(String(3))
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(300))
    emergency_contact: Mapped[str | None] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), index=True)


class TravelDocument(RecordMixin, Base):
    """A passport, identity card or visa, as read from its MRZ or typed."""

    __tablename__ = "travel_documents"
    __table_args__ = (UniqueConstraint("issuing_state", "document_code", "document_number"),)

    traveller_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("travellers.id"), index=True)
    document_code: Mapped[str] = mapped_column(String(2))
    document_number: Mapped[str] = mapped_column(String(30))
    issuing_state: Mapped[str] = mapped_column(String(3))
    expiry_date: Mapped[date | None]
    mrz_format: Mapped[str | None] = mapped_column(String(6))


class Crossing(RecordMixin, Base):
    """One entry or exit at a point of entry, with travel details and the officer's decision."""

    __tablename__ = "crossings"
    __table_args__ = (
        Index("ix_crossings_poe_time", "poe_id", "occurred_at"),
        Index("ix_crossings_traveller_time", "traveller_id", "occurred_at"),
    )

    poe_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("points_of_entry.id"))
    direction: Mapped[str] = mapped_column(String(5))
    occurred_at: Mapped[datetime]
    traveller_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("travellers.id"))
    document_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("travel_documents.id"))
    officer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    carrier: Mapped[str | None] = mapped_column(String(100))
    transport_number: Mapped[str | None] = mapped_column(String(40))
    seat: Mapped[str | None] = mapped_column(String(10))
    origin_iso3: Mapped[str | None] = mapped_column(String(3))
    transits: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    final_destination_iso3: Mapped[str | None] = mapped_column(String(3))
    purpose: Mapped[str | None] = mapped_column(String(40))
    address_during_stay: Mapped[str | None] = mapped_column(String(300))
    allowed_stay_days: Mapped[int | None]
    linked_entry_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("crossings.id"))
    decision: Mapped[str] = mapped_column(String(30), default="pending", index=True)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    journey_check: Mapped[dict[str, Any]] = mapped_column(default=dict)
    screening_status: Mapped[str] = mapped_column(String(20), default="not_screened")
    health_clearance: Mapped[str] = mapped_column(String(20), default="not_required")


class AlertList(RecordMixin, Base):
    """A watch list of persons or a list of lost and stolen documents."""

    __tablename__ = "alert_lists"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    issuing_authority: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(default=True)


class AlertPerson(RecordMixin, Base):
    """A listed person: names and aliases, birth date (maybe partial), nationality, reason."""

    __tablename__ = "alert_persons"
    __table_args__ = (UniqueConstraint("list_id", "external_ref"),)

    list_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("alert_lists.id"), index=True)
    external_ref: Mapped[str] = mapped_column(String(100))
    names: Mapped[list[str]] = mapped_column(default=list)
    birth_date_text: Mapped[str | None] = mapped_column(String(10))
    nationality: Mapped[str | None] = mapped_column(String(3))
    gender: Mapped[str | None] = mapped_column(String(1))
    document_numbers: Mapped[list[str]] = mapped_column(default=list)
    reason: Mapped[str] = mapped_column(String(300))
    issuing_authority: Mapped[str | None] = mapped_column(String(200))
    valid_from: Mapped[date | None]
    valid_until: Mapped[date | None]


class LostDocument(RecordMixin, Base):
    """A document reported lost, stolen or revoked."""

    __tablename__ = "lost_documents"
    __table_args__ = (
        UniqueConstraint("list_id", "external_ref"),
        Index("ix_lost_documents_number", "document_number", "issuing_state"),
    )

    list_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("alert_lists.id"))
    external_ref: Mapped[str] = mapped_column(String(100))
    document_number: Mapped[str] = mapped_column(String(30))
    issuing_state: Mapped[str] = mapped_column(String(3))
    document_code: Mapped[str | None] = mapped_column(String(2))
    reason: Mapped[str] = mapped_column(String(100))
    reported_on: Mapped[date | None]
    valid_until: Mapped[date | None]


class ScreeningHit(RecordMixin, Base):
    """A candidate match for an officer to resolve; a hit never refuses anyone by itself."""

    __tablename__ = "screening_hits"

    crossing_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("crossings.id"), index=True)
    alert_person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("alert_persons.id"))
    lost_document_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("lost_documents.id"))
    score: Mapped[float]
    explanation: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    resolution_reason: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None]


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
