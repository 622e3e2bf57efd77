"""Port health: disease criteria, screenings, certificate checks, cases and follow-up, travellers
of interest, the DCC trust list and value sets, and notifications with their delivery outbox.

Screenings, certificate checks, cases and travellers of interest are personal health data: only
health roles in scope read them, and every read is audited. Criteria, trust lists, value sets
and mail settings hold no personal data (administrators manage them).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

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
    surname: Mapped[str] = mapped_column(String(120))
    given_names: Mapped[str] = mapped_column(String(200), default="")
    sex: Mapped[str | None] = mapped_column(String(1))
    birth_date_text: Mapped[str | None] = mapped_column(String(10))
    nationality: Mapped[str | None] = mapped_column(String(3))
    document_number: Mapped[str | None] = mapped_column(String(30))
    phone: Mapped[str | None] = mapped_column(String(40))
    address_during_stay: Mapped[str | None] = mapped_column(String(300))
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


class CertificateCheck(RecordMixin, Base):
    """A health certificate verified at a point of entry: the report of every step."""

    __tablename__ = "certificate_checks"

    poe_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("points_of_entry.id"))
    checked_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    checked_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(10))
    destination_iso3: Mapped[str | None] = mapped_column(String(3))
    result: Mapped[str] = mapped_column(String(10))
    failed_step: Mapped[str | None] = mapped_column(String(20))
    message: Mapped[str | None] = mapped_column(Text)
    steps: Mapped[dict[str, Any]] = mapped_column(default=dict)
    certificate_type: Mapped[str | None] = mapped_column(String(20))
    issuer_country: Mapped[str | None] = mapped_column(String(2))
    kid: Mapped[str | None] = mapped_column(String(20))
    rules_result: Mapped[str | None] = mapped_column(String(10))
    rules: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    decoded: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)
    trust_list: Mapped[str | None] = mapped_column(String(200))


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


class TrustList(RecordMixin, Base):
    """A named list of trusted DCC signer certificates; importing it again rotates it."""

    __tablename__ = "dcc_trust_lists"

    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str | None] = mapped_column(String(300))
    current_revision: Mapped[int] = mapped_column(default=0)
    signer_count: Mapped[int] = mapped_column(default=0)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class DccSigner(RecordMixin, Base):
    """A document signer certificate (DER) in one revision of a trust list."""

    __tablename__ = "dcc_signers"
    __table_args__ = (Index("ix_dcc_signers_list_revision", "trust_list_id", "revision"),)

    trust_list_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dcc_trust_lists.id"))
    revision: Mapped[int]
    kid: Mapped[str] = mapped_column(String(16))
    der: Mapped[bytes] = mapped_column(LargeBinary)
    subject: Mapped[str] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(2))
    not_before: Mapped[datetime]
    not_after: Mapped[datetime]
    usages: Mapped[list[str]] = mapped_column(default=list)


class DccValueSet(RecordMixin, Base):
    """An EU DCC value set imported from its official JSON file (codes only)."""

    __tablename__ = "dcc_value_sets"

    value_set_id: Mapped[str] = mapped_column(String(80), unique=True)
    value_set_date: Mapped[str | None] = mapped_column(String(20))
    codes: Mapped[list[str]] = mapped_column(default=list)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class MailSettings(RecordMixin, Base):
    """SMTP settings edited by an administrator (the password stays in PASSAGE_SMTP_PASSWORD)."""

    __tablename__ = "mail_settings"

    enabled: Mapped[bool] = mapped_column(default=False)
    host: Mapped[str] = mapped_column(String(200), default="")
    port: Mapped[int] = mapped_column(default=587)
    security: Mapped[str] = mapped_column(String(10), default="starttls")
    username: Mapped[str | None] = mapped_column(String(200))
    sender: Mapped[str] = mapped_column(String(200), default="")
    updated_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class Notification(RecordMixin, Base):
    """An in-app notice to one user; the title never names the traveller."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_recipient_read", "recipient_id", "read_at"),)

    recipient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))  # in English, as sent by e-mail
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)  # to show it in any language
    url: Mapped[str] = mapped_column(String(300))
    read_at: Mapped[datetime | None]


class OutboxMessage(RecordMixin, Base):
    """A message to deliver after commit on a channel (e-mail; a webhook channel can be added),
    retried with back-off until it is sent or gives up."""

    __tablename__ = "notification_outbox"
    __table_args__ = (Index("ix_notification_outbox_due", "status", "next_attempt_at"),)

    notification_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("notifications.id"))
    channel: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(String(300))
    sent_at: Mapped[datetime | None]
