"""Alert lists (watch lists of persons, lists of lost and stolen documents) and the screening
hits of crossings. Listed persons and hits are personal data: reads are audited."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.atrest import MatchedString, SealedJSON, SealedString
from passage.kit.models import Base, RecordMixin


class AlertList(RecordMixin, Base):
    """A watch list of persons or a list of lost and stolen documents."""

    __tablename__ = "alert_lists"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    issuing_authority: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(default=True)
    # the estimated probability from which a candidate is a hit on this list (None: the
    # setting PASSAGE_SCREENING_THRESHOLD); a lost-document list is exact, a watch list fuzzy
    threshold: Mapped[float | None]
    # the points of entry whose field nodes receive this list (ids as text); None: every post
    shared_poe_ids: Mapped[list[str] | None] = mapped_column(
        JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")
    )


class AlertPerson(RecordMixin, Base):
    """A listed person: names and aliases, birth date (maybe partial), nationality, reason."""

    __tablename__ = "alert_persons"
    __table_args__ = (UniqueConstraint("list_id", "external_ref"),)

    list_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("alert_lists.id"), index=True)
    external_ref: Mapped[str] = mapped_column(String(100))
    names: Mapped[list[str]] = mapped_column(SealedJSON, default=list)
    birth_date_text: Mapped[str | None] = mapped_column(SealedString(10))
    nationality: Mapped[str | None] = mapped_column(String(3))
    gender: Mapped[str | None] = mapped_column(String(1))
    document_numbers: Mapped[list[str]] = mapped_column(SealedJSON, default=list)
    reason: Mapped[str] = mapped_column(SealedString(300))
    issuing_authority: Mapped[str | None] = mapped_column(String(200))
    valid_from: Mapped[date | None]
    valid_until: Mapped[date | None]
    # set when an administrator removes the entry: never screened again, kept for its hits
    removed_at: Mapped[datetime | None]


class LostDocument(RecordMixin, Base):
    """A document reported lost, stolen or revoked."""

    __tablename__ = "lost_documents"
    __table_args__ = (
        UniqueConstraint("list_id", "external_ref"),
        Index("ix_lost_documents_number", "document_number", "issuing_state"),
    )

    list_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("alert_lists.id"))
    external_ref: Mapped[str] = mapped_column(String(100))
    document_number: Mapped[str] = mapped_column(MatchedString(30))
    issuing_state: Mapped[str] = mapped_column(String(3))
    document_code: Mapped[str | None] = mapped_column(String(2))
    reason: Mapped[str] = mapped_column(String(100))
    reported_on: Mapped[date | None]
    valid_until: Mapped[date | None]
    # set when an administrator removes the entry: never screened again, kept for its hits
    removed_at: Mapped[datetime | None]


class ScreeningHit(RecordMixin, Base):
    """A candidate match for an officer to resolve; a hit never refuses anyone by itself."""

    __tablename__ = "screening_hits"

    crossing_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("crossings.id"), index=True)
    alert_person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("alert_persons.id"))
    lost_document_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("lost_documents.id"))
    score: Mapped[float]
    explanation: Mapped[dict[str, Any]] = mapped_column(SealedJSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    resolution_reason: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None]
