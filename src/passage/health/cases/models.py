"""Port-health cases with their follow-up schedule, and the travellers of interest.

Personal health data: only health roles in scope read them, and every read is audited.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.models import Base, RecordMixin


class PortHealthCase(RecordMixin, Base):
    """A port-health case opened from a screening: follow-up, referral, confirmation, closure."""

    __tablename__ = "port_health_cases"

    screening_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("health_screenings.id"), unique=True)
    poe_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("points_of_entry.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    suspected_diseases: Mapped[list[str]] = mapped_column(default=list)
    follow_up_until: Mapped[date]
    facility: Mapped[str | None] = mapped_column(String(200))
    referred_at: Mapped[datetime | None]
    referral_notes: Mapped[str | None] = mapped_column(Text)
    confirmed_disease: Mapped[str | None] = mapped_column(String(40))
    confirmed_on: Mapped[date | None]
    confirmation_notes: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None]
    closure_reason: Mapped[str | None] = mapped_column(String(40))
    closure_notes: Mapped[str | None] = mapped_column(Text)
    opened_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    # Danger signs seen at a follow-up, per the suspected disease's criteria: when, and which.
    escalated_at: Mapped[datetime | None]
    escalation: Mapped[list[dict[str, Any]]] = mapped_column(default=list)


class FollowUpTask(RecordMixin, Base):
    """One scheduled follow-up of a case (daily during the incubation period) and its outcome."""

    __tablename__ = "case_follow_ups"
    __table_args__ = (UniqueConstraint("case_id", "due_on"),)

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("port_health_cases.id"), index=True)
    due_on: Mapped[date] = mapped_column(index=True)
    is_final: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default="due")
    outcome: Mapped[str | None] = mapped_column(String(20))
    temperature_c: Mapped[float | None]
    symptoms: Mapped[list[str]] = mapped_column(default=list)
    notes: Mapped[str | None] = mapped_column(Text)
    observed_on: Mapped[date | None]  # the day the traveller was seen or called
    done_at: Mapped[datetime | None]
    done_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class TravellerOfInterest(RecordMixin, Base):
    """A traveller with a medical condition of interest, for public health authorities.

    Kept apart from border alert lists; each entry comes from one screening."""

    __tablename__ = "travellers_of_interest"

    screening_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("health_screenings.id"), unique=True)
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("port_health_cases.id"))
    poe_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("points_of_entry.id"), index=True)
    diseases: Mapped[list[str]] = mapped_column(default=list)
    classification: Mapped[str] = mapped_column(String(30))
    monitor_until: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    closed_at: Mapped[datetime | None]
