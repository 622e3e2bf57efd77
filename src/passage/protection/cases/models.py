"""Tables of case management: the case, its service plan, follow-ups, notes, documents,
transfers and the reminders of overdue follow-ups."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.models import Base, RecordMixin


class Case(RecordMixin, Base):
    """A protection case of one person, owned by an organisation and assigned to a case worker.

    `priority` and `score` come from the latest screening; `waiting_since` is when the person
    started waiting for the next action (the priority queue orders by both). A case made from
    a border referral keeps the referral's flags and consent."""

    __tablename__ = "protection_cases"
    __table_args__ = (
        Index("ix_protection_cases_caseload", "assigned_to", "status"),
        Index(
            "ix_protection_cases_queue", "organisation", "status", "priority_rank", "waiting_since"
        ),
    )

    reference: Mapped[str] = mapped_column(String(16), unique=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("protection_persons.id"), index=True)
    case_type: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    risk_level: Mapped[str] = mapped_column(String(10), default="medium")
    priority: Mapped[str | None] = mapped_column(String(10))
    priority_rank: Mapped[int] = mapped_column(default=0)
    score: Mapped[float | None]
    # the latest screening (no foreign key: screenings point to their case, one cycle less)
    screening_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    organisation: Mapped[str] = mapped_column(String(200))
    assigned_to: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    restricted: Mapped[bool] = mapped_column(default=False, index=True)
    opened_at: Mapped[datetime]
    waiting_since: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    closure_reason: Mapped[str | None] = mapped_column(String(30))
    closure_note: Mapped[str | None] = mapped_column(Text)
    border_referral_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("referrals.id"), unique=True
    )
    border_flags: Mapped[list[str]] = mapped_column(default=list)
    border_consent_given: Mapped[bool | None]
    border_consent_recorded_at: Mapped[datetime | None]
    opened_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class CaseService(RecordMixin, Base):
    """One service of a case's plan: planned, then provided (or cancelled)."""

    __tablename__ = "protection_case_services"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("protection_cases.id"), index=True)
    service_type: Mapped[str] = mapped_column(String(30))
    description: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20), default="planned")
    provider: Mapped[str | None] = mapped_column(String(200))
    due_on: Mapped[date | None]
    provided_on: Mapped[date | None] = mapped_column(index=True)
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class FollowUp(RecordMixin, Base):
    """A follow-up due on a day; once overdue its worker gets a reminder."""

    __tablename__ = "protection_follow_ups"
    __table_args__ = (Index("ix_protection_follow_ups_due", "done_at", "due_on"),)

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("protection_cases.id"), index=True)
    due_on: Mapped[date]
    purpose: Mapped[str] = mapped_column(String(300))
    assigned_to: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    done_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(Text)
    reminded_at: Mapped[datetime | None]


class CaseNote(RecordMixin, Base):
    """A case note (never edited: a correction is a new note)."""

    __tablename__ = "protection_case_notes"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("protection_cases.id"), index=True)
    author: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)


class CaseDocument(RecordMixin, Base):
    """A document uploaded to a case, its type checked from its content, its size and SHA-256
    kept, the content sealed with PASSAGE_SECRET_KEY (read only when downloaded)."""

    __tablename__ = "protection_case_documents"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("protection_cases.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    sealed_content: Mapped[str] = mapped_column(Text, deferred=True)
    uploaded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class CaseTransfer(RecordMixin, Base):
    """A case moved to another case worker or organisation, and why."""

    __tablename__ = "protection_case_transfers"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("protection_cases.id"), index=True)
    from_organisation: Mapped[str] = mapped_column(String(200))
    to_organisation: Mapped[str] = mapped_column(String(200))
    from_user: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    to_user: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(500))
    transferred_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class Reminder(RecordMixin, Base):
    """A reminder to a case worker that a follow-up is overdue (made by the background job)."""

    __tablename__ = "protection_reminders"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("protection_cases.id"))
    follow_up_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("protection_follow_ups.id"), unique=True
    )
    due_on: Mapped[date]
    seen_at: Mapped[datetime | None]
