"""Request and response shapes of point-of-entry operations: crossings, travellers, decisions."""

from __future__ import annotations

import datetime as dt
import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ISO3_PATTERN = r"^[A-Za-z]{3}$"
Direction = Literal["entry", "exit"]
DecisionName = Literal["admitted", "admitted_with_conditions", "referred_secondary", "refused"]
REASON_REQUIRED = frozenset({"referred_secondary", "refused"})
# The travel details of a CrossingCreate, stored as they are on the crossing.
TRAVEL_FIELDS = (
    "carrier",
    "transport_number",
    "seat",
    "origin_iso3",
    "final_destination_iso3",
    "purpose",
    "address_during_stay",
    "allowed_stay_days",
)


def _upper(value: str | None) -> str | None:
    """Strip and upper-case a code; an empty string becomes None."""
    if value is None:
        return None
    return value.strip().upper() or None


class DocumentIn(BaseModel):
    """A typed travel document; completes or overrides what the MRZ says."""

    model_config = ConfigDict(extra="forbid")

    document_code: str | None = Field(default=None, min_length=1, max_length=2)
    document_number: str | None = Field(default=None, min_length=1, max_length=30)
    issuing_state: str | None = Field(default=None, pattern=ISO3_PATTERN)
    expiry_date: date | None = None

    @field_validator("document_code", "document_number", "issuing_state")
    @classmethod
    def _codes(cls, value: str | None) -> str | None:
        return _upper(value)


class TravellerIn(BaseModel):
    """Typed traveller details; complete or override what the MRZ says."""

    model_config = ConfigDict(extra="forbid")

    surname: str | None = Field(default=None, min_length=1, max_length=120)
    given_names: str | None = Field(default=None, max_length=200)
    sex: Literal["M", "F", "X"] | None = None
    birth_date: date | None = None
    nationality: str | None = Field(default=None, pattern=ISO3_PATTERN)
    residence_iso3: str | None = Field(default=None, pattern=ISO3_PATTERN)
    phone: str | None = Field(default=None, max_length=40)
    address: str | None = Field(default=None, max_length=300)
    emergency_contact: str | None = Field(default=None, max_length=300)

    @field_validator("nationality", "residence_iso3")
    @classmethod
    def _codes(cls, value: str | None) -> str | None:
        return _upper(value)

    @field_validator("surname")
    @classmethod
    def _surname(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("the surname cannot be blank")
        return value.strip() if value else value


class TransitIn(BaseModel):
    """A country passed through on the way, with the date if known."""

    model_config = ConfigDict(extra="forbid")

    country: str = Field(pattern=ISO3_PATTERN)
    date: dt.date | None = None

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        return value.strip().upper()


class CrossingCreate(BaseModel):
    """Register an entry or exit: the MRZ and/or typed details, travel details, time."""

    model_config = ConfigDict(extra="forbid")

    poe_id: uuid.UUID
    direction: Direction
    mrz: str | None = Field(default=None, max_length=400)
    document: DocumentIn | None = None
    traveller: TravellerIn | None = None
    occurred_at: datetime | None = None
    carrier: str | None = Field(default=None, max_length=100)
    transport_number: str | None = Field(default=None, max_length=40)
    seat: str | None = Field(default=None, max_length=10)
    origin_iso3: str | None = Field(default=None, pattern=ISO3_PATTERN)
    transits: list[TransitIn] = Field(default_factory=list, max_length=10)
    final_destination_iso3: str | None = Field(default=None, pattern=ISO3_PATTERN)
    purpose: str | None = Field(default=None, max_length=40)
    address_during_stay: str | None = Field(default=None, max_length=300)
    allowed_stay_days: int | None = Field(default=None, ge=0, le=3650)
    run_journey_check: bool = True

    @field_validator("origin_iso3", "final_destination_iso3")
    @classmethod
    def _codes(cls, value: str | None) -> str | None:
        return _upper(value)

    @field_validator("mrz")
    @classmethod
    def _mrz(cls, value: str | None) -> str | None:
        return value if value and value.strip() else None

    @model_validator(mode="after")
    def _identity_given(self) -> CrossingCreate:
        if self.mrz is None and (self.traveller is None or self.traveller.surname is None):
            raise ValueError("give the MRZ or at least the traveller's surname")
        if self.direction == "exit" and self.allowed_stay_days is not None:
            raise ValueError("an allowed stay is given on entry, not on exit")
        return self


class DecisionCreate(BaseModel):
    """The officer's decision on a crossing, against the version they saw."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)
    decision: DecisionName
    reason: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="after")
    def _reason(self) -> DecisionCreate:
        self.reason = self.reason.strip() if self.reason else None
        if self.decision in REASON_REQUIRED and not self.reason:
            raise ValueError(f"a reason is required when the decision is {self.decision}")
        return self


class TravellerRead(BaseModel):
    """A traveller as the officer sees them."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    version: int
    surname: str
    given_names: str
    sex: str | None
    birth_date: date | None
    birth_date_text: str | None
    nationality: str | None
    residence_iso3: str | None
    phone: str | None
    address: str | None
    emergency_contact: str | None


class DocumentRead(BaseModel):
    """A travel document of a traveller."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    traveller_id: uuid.UUID
    document_code: str
    document_number: str
    issuing_state: str
    expiry_date: date | None
    mrz_format: str | None


class CrossingRead(BaseModel):
    """One crossing with its travel details, screening status, journey check and decision."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    version: int
    poe_id: uuid.UUID
    direction: str
    occurred_at: datetime
    traveller_id: uuid.UUID
    document_id: uuid.UUID | None
    officer_id: uuid.UUID | None
    carrier: str | None
    transport_number: str | None
    seat: str | None
    origin_iso3: str | None
    transits: list[dict[str, Any]]
    final_destination_iso3: str | None
    purpose: str | None
    address_during_stay: str | None
    allowed_stay_days: int | None
    linked_entry_id: uuid.UUID | None
    decision: str
    decision_reason: str | None
    decided_at: datetime | None
    decided_by: uuid.UUID | None
    journey_check: dict[str, Any]
    screening_status: str
    health_clearance: str
    document_checks: list[dict[str, Any]] = []


class CrossingDetail(CrossingRead):
    """A crossing with its traveller and document."""

    traveller: TravellerRead
    document: DocumentRead | None = None


class CrossingPage(BaseModel):
    """A page of crossings and the total matching."""

    total: int
    items: list[CrossingRead]


class TravellerDetail(TravellerRead):
    """A traveller with their documents and the crossings the reader may see."""

    documents: list[DocumentRead]
    crossings: list[CrossingRead]


class OverstayRead(BaseModel):
    """An entry whose allowed stay has run out with no exit recorded."""

    crossing: CrossingRead
    stay_ended_on: date
    days_over: int


class StatisticsRow(BaseModel):
    """Counts of entries and exits for one combination of the grouping keys."""

    poe: str | None = None
    day: date | None = None
    nationality: str | None = None
    sex: str | None = None
    age_band: str | None = None
    entries: int
    exits: int


class StatisticsRead(BaseModel):
    """Aggregate entries and exits; never any personal data."""

    date_from: date
    date_to: date
    group_by: list[str]
    totals: dict[str, int]
    rows: list[StatisticsRow]
