"""Disease criteria (versioned) and the screenings classified with them.

Screenings are personal health data: only health roles in scope read them, and every read is
audited. Criteria hold no personal data (administrators manage them).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from passage.kit.atrest import SealedString
from passage.kit.models import Base, RecordMixin


class DiseaseCriteria(RecordMixin, Base):
    """One revision of a disease's screening criteria; a change makes a new revision."""

    __tablename__ = "disease_criteria"
    __table_args__ = (UniqueConstraint("disease_code", "revision"),)

    disease_code: Mapped[str] = mapped_column(String(40), index=True)
    revision: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    case_definition: Mapped[str] = mapped_column(Text)
    incubation_days: Mapped[int]
    fever_threshold_c: Mapped[float | None]
    symptoms: Mapped[list[str]] = mapped_column(default=list)
    decisive_symptoms: Mapped[list[str]] = mapped_column(default=list)
    min_symptoms: Mapped[int] = mapped_column(default=1)
    affected_countries: Mapped[list[str]] = mapped_column(default=list)
    exposure_is_link: Mapped[bool] = mapped_column(default=True)
    evidence_clears: Mapped[bool] = mapped_column(default=False)
    outcome_signs_and_link: Mapped[str] = mapped_column(String(30))
    outcome_signs_only: Mapped[str] = mapped_column(String(30))
    outcome_link_only: Mapped[str] = mapped_column(String(30))
    is_active: Mapped[bool] = mapped_column(default=True)
    is_current: Mapped[bool] = mapped_column(default=True, index=True)
    change_note: Mapped[str | None] = mapped_column(String(300))
    created_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class HealthScreening(RecordMixin, Base):
    """A traveller screened at a point of entry per the SOP, with the classification reached."""

    __tablename__ = "health_screenings"
    __table_args__ = (Index("ix_health_screenings_poe_time", "poe_id", "screened_at"),)

    poe_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("points_of_entry.id"))
    crossing_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("crossings.id"), index=True)
    traveller_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("travellers.id"))
    surname: Mapped[str] = mapped_column(SealedString(120))
    given_names: Mapped[str] = mapped_column(SealedString(200), default="")
    sex: Mapped[str | None] = mapped_column(String(1))
    birth_date_text: Mapped[str | None] = mapped_column(SealedString(10))
    nationality: Mapped[str | None] = mapped_column(String(3))
    document_number: Mapped[str | None] = mapped_column(SealedString(30))
    phone: Mapped[str | None] = mapped_column(SealedString(40))
    address_during_stay: Mapped[str | None] = mapped_column(SealedString(300))
    arrival_date: Mapped[date]
    origin_iso3: Mapped[str | None] = mapped_column(String(3))
    countries_visited: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    temperature_c: Mapped[float | None]
    symptoms: Mapped[list[str]] = mapped_column(default=list)
    symptom_onset: Mapped[date | None]
    contact_with_case: Mapped[bool] = mapped_column(default=False)
    last_contact_on: Mapped[date | None]
    evidence_kind: Mapped[str] = mapped_column(String(20), default="none")
    evidence_valid: Mapped[bool] = mapped_column(default=False)
    certificate_check_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("certificate_checks.id")
    )
    classification: Mapped[str] = mapped_column(String(30), index=True)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    criteria_used: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    monitor_until: Mapped[date | None]
    notes: Mapped[str | None] = mapped_column(Text)
    screened_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    screened_at: Mapped[datetime]
