"""Crossings at points of entry: travellers, their travel documents, and each entry or exit.
Every row about a person is personal data: reads are audited."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, ForeignKey, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit import atrest
from passage.kit.atrest import MatchedDate, MatchedString, SealedString
from passage.kit.models import Base, RecordMixin
from passage.names.transliteration import transliterate


class Traveller(RecordMixin, Base):
    """A person known from their travel documents; linked across crossings."""

    __tablename__ = "travellers"

    surname: Mapped[str] = mapped_column(SealedString(120))
    given_names: Mapped[str] = mapped_column(SealedString(200), default="")
    sex: Mapped[str | None] = mapped_column(String(1))
    birth_date: Mapped[date | None] = mapped_column(MatchedDate)
    birth_date_text: Mapped[str | None] = mapped_column(MatchedString(10))
    nationality: Mapped[str | None] = mapped_column(String(3))
    residence_iso3: Mapped[str | None] = mapped_column(String(3))
    phone: Mapped[str | None] = mapped_column(SealedString(40))
    address: Mapped[str | None] = mapped_column(SealedString(300))
    emergency_contact: Mapped[str | None] = mapped_column(SealedString(300))
    name_key: Mapped[str] = mapped_column(MatchedString(300), index=True)
    # on a field node only: keyed hashes of the name's tokens (kit.atrest), its name search
    name_index: Mapped[str | None] = mapped_column(Text)


def name_index_of(ring: atrest.Keyring, surname: str, given_names: str) -> str:
    """The blind index of a traveller's name on a field node (kit.atrest)."""
    words = atrest.name_tokens(transliterate(surname or ""), transliterate(given_names or ""))
    return atrest.name_index(ring, words)


@event.listens_for(Traveller, "before_insert")
@event.listens_for(Traveller, "before_update")
def _index_name(_mapper: Any, connection: Connection, traveller: Traveller) -> None:
    """On a field node, the blind index of the name follows the name."""
    ring = atrest.keyring(connection.dialect)
    if ring.enabled:
        traveller.name_index = name_index_of(ring, traveller.surname, traveller.given_names)


class TravelDocument(RecordMixin, Base):
    """A passport, identity card or visa, as read from its MRZ or typed."""

    __tablename__ = "travel_documents"
    __table_args__ = (UniqueConstraint("issuing_state", "document_code", "document_number"),)

    traveller_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("travellers.id"), index=True)
    document_code: Mapped[str] = mapped_column(String(2))
    document_number: Mapped[str] = mapped_column(MatchedString(30))
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
    # The document checks shown at registration (see `checks`): expired, specimen, MRZ ...
    document_checks: Mapped[list[dict[str, Any]]] = mapped_column(default=list)


class CrossingDecision(RecordMixin, Base):
    """One decision recorded on a crossing: who decided what, when and why (never edited)."""

    __tablename__ = "crossing_decisions"

    crossing_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("crossings.id"), index=True)
    decision: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime]
    decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
