"""Shapes of case management: opening, moving and closing a case, its plan, follow-ups,
notes; a case as read."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from passage.protection.registry.schemas import PersonCreate
from passage.protection.vocabulary import CASE_TYPES, CLOSURE_REASONS, SERVICE_TYPES

RiskLevel = Literal["low", "medium", "high", "critical"]
# Where a case may go next by a status change; transfer, closure and reopening have their own
# actions (with their reasons).
TRANSITIONS: dict[str, frozenset[str]] = {
    "open": frozenset({"active"}),
    "active": frozenset(),
    "transferred": frozenset({"active"}),
    "reopened": frozenset({"active"}),
    "closed": frozenset(),
}


def _case_type(value: str) -> str:
    if value not in CASE_TYPES:
        raise ValueError(f"unknown case type: {value}")
    return value


class CaseOpen(BaseModel):
    """Open a case for a registered person."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    person_id: uuid.UUID
    case_type: str
    risk_level: RiskLevel = "medium"
    note: str | None = Field(default=None, max_length=4000)
    organisation: str | None = Field(default=None, max_length=200)

    @field_validator("case_type")
    @classmethod
    def _type(cls, value: str) -> str:
        return _case_type(value)


class IntakeCreate(BaseModel):
    """A case worker's intake: the person and their first case, in one step."""

    model_config = ConfigDict(extra="forbid")

    person: PersonCreate
    case_type: str
    risk_level: RiskLevel = "medium"
    note: str | None = Field(default=None, max_length=4000)

    @field_validator("case_type")
    @classmethod
    def _type(cls, value: str) -> str:
        return _case_type(value)


class Versioned(BaseModel):
    """A change made from a read of version `version` (optimistic lock)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    version: int = Field(ge=1)


class StatusChange(Versioned):
    """Move a case along (open or transferred or reopened -> active)."""

    status: Literal["active"]


class RiskChange(Versioned):
    """The case worker's own view of the risk."""

    risk_level: RiskLevel


class Assignment(Versioned):
    """Assign the case to a case worker of its organisation (None: unassigned)."""

    assigned_to: uuid.UUID | None = None


class TransferCreate(Versioned):
    """Transfer the case to another organisation or case worker, with the reason."""

    to_organisation: str = Field(min_length=1, max_length=200)
    to_user: uuid.UUID | None = None
    reason: str = Field(min_length=3, max_length=500)


class ClosureCreate(Versioned):
    """Close the case with a reason."""

    reason: str
    note: str | None = Field(default=None, max_length=4000)

    @field_validator("reason")
    @classmethod
    def _reason(cls, value: str) -> str:
        if value not in CLOSURE_REASONS:
            raise ValueError(f"unknown closure reason: {value}")
        return value


class ReopenCreate(Versioned):
    """Reopen a closed case (a supervisor), with the reason."""

    reason: str = Field(min_length=3, max_length=500)


class ServiceCreate(BaseModel):
    """A service added to the case's plan."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    service_type: str
    description: str | None = Field(default=None, max_length=500)
    provider: str | None = Field(default=None, max_length=200)
    due_on: date | None = None

    @field_validator("service_type")
    @classmethod
    def _service(cls, value: str) -> str:
        if value not in SERVICE_TYPES:
            raise ValueError(f"unknown service: {value}")
        return value


class ServiceOutcome(BaseModel):
    """A planned service provided (on a day) or cancelled."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)
    status: Literal["provided", "cancelled"]
    provided_on: date | None = None


class FollowUpCreate(BaseModel):
    """A follow-up due on a day."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    due_on: date
    purpose: str = Field(min_length=2, max_length=300)
    assigned_to: uuid.UUID | None = None


class FollowUpDone(BaseModel):
    """A follow-up done, with its outcome."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    version: int = Field(ge=1)
    outcome: str = Field(min_length=1, max_length=4000)


class NoteCreate(BaseModel):
    """A case note."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    text: str = Field(min_length=1, max_length=8000)


class CaseRead(BaseModel):
    """A case as the API shows it (the person by id: read them separately)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    reference: str
    person_id: uuid.UUID
    case_type: str
    status: str
    risk_level: str
    priority: str | None
    score: float | None
    organisation: str
    assigned_to: uuid.UUID | None
    restricted: bool
    opened_at: datetime
    waiting_since: datetime | None
    closed_at: datetime | None
    closure_reason: str | None
    border_referral_id: uuid.UUID | None
    border_flags: list[str]
    border_consent_given: bool | None
    border_consent_recorded_at: datetime | None
    version: int


class CasePage(BaseModel):
    """A page of cases."""

    items: list[CaseRead]
    total: int
