"""Request and response shapes of cases, follow-up and the travellers of interest."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from passage.health.schemas import StrictModel, normal_codes
from passage.health.screening.schemas import ScreeningRead


class FollowUpRead(BaseModel):
    """One follow-up task."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    due_on: date
    is_final: bool
    status: str
    outcome: str | None
    temperature_c: float | None
    symptoms: list[str]
    notes: str | None
    observed_on: date | None
    done_at: datetime | None
    version: int


class CaseRead(BaseModel):
    """A port-health case."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    screening_id: uuid.UUID
    poe_id: uuid.UUID
    status: str
    suspected_diseases: list[str]
    follow_up_until: date
    facility: str | None
    referred_at: datetime | None
    referral_notes: str | None
    confirmed_disease: str | None
    confirmed_on: date | None
    confirmation_notes: str | None
    closed_at: datetime | None
    closure_reason: str | None
    closure_notes: str | None
    escalated_at: datetime | None
    escalation: list[dict[str, Any]]
    created_at: datetime
    version: int


class CaseDetail(CaseRead):
    """A case with its screening and follow-up schedule."""

    screening: ScreeningRead
    follow_ups: list[FollowUpRead]


class CasePage(BaseModel):
    """A page of cases."""

    total: int
    items: list[CaseRead]


class CaseOpen(StrictModel):
    """Open a case from a screening that needs action."""

    screening_id: uuid.UUID


class FollowUpRecord(StrictModel):
    """The outcome of one follow-up."""

    version: int = Field(ge=1)
    outcome: Literal["well", "symptomatic", "unreachable"]
    observed_on: date | None = None  # the day the traveller was seen or called; today if empty
    temperature_c: float | None = Field(default=None, ge=30.0, le=45.0)
    symptoms: list[str] = Field(default_factory=list, max_length=40)
    notes: str | None = Field(default=None, max_length=4000)

    @field_validator("symptoms")
    @classmethod
    def _symptom_codes(cls, values: list[str]) -> list[str]:
        return normal_codes(values)


class CaseReferral(StrictModel):
    """Refer the traveller to a health facility."""

    version: int = Field(ge=1)
    facility: str = Field(min_length=2, max_length=200)
    notes: str | None = Field(default=None, max_length=4000)


class CaseConfirmation(StrictModel):
    """Convert to a confirmed case (laboratory or clinical confirmation)."""

    version: int = Field(ge=1)
    disease: str = Field(min_length=2, max_length=40)
    confirmed_on: date
    notes: str | None = Field(default=None, max_length=4000)


CLOSURE_REASONS = ("follow_up_completed", "discarded", "transferred", "lost_to_follow_up", "died")


class CaseClosure(StrictModel):
    """Close a case."""

    version: int = Field(ge=1)
    reason: Literal["follow_up_completed", "discarded", "transferred", "lost_to_follow_up", "died"]
    notes: str | None = Field(default=None, max_length=4000)


class InterestRead(BaseModel):
    """A traveller with a condition of interest, traceable to the screening."""

    id: uuid.UUID
    screening_id: uuid.UUID
    case_id: uuid.UUID | None
    poe_id: uuid.UUID
    poe_code: str
    poe_name: str
    latitude: float | None
    longitude: float | None
    diseases: list[str]
    classification: str
    monitor_until: date
    status: str
    surname: str
    given_names: str
    phone: str | None
    address_during_stay: str | None
    arrival_date: date


class InterestPage(BaseModel):
    """A page of travellers of interest."""

    total: int
    items: list[InterestRead]
