"""Request and response shapes of port health (API and pages share them)."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Classification = Literal["cleared", "secondary_assessment", "isolate_refer"]
CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
ISO3 = re.compile(r"^[A-Z]{3}$")
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class StrictModel(BaseModel):
    """Input that refuses unknown fields and trims text."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _iso3(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    value = value.upper()
    if not ISO3.match(value):
        raise ValueError("use an ISO 3166-1 alpha-3 country code, e.g. KEN")
    return value


def normal_codes(values: list[str]) -> list[str]:
    """Lower-case codes without blanks or duplicates; a malformed code is refused."""
    cleaned = [value.strip().lower() for value in values if value.strip()]
    bad = [value for value in cleaned if not CODE.match(value)]
    if bad:
        raise ValueError(f"not a code (lower-case letters, digits, _): {', '.join(bad)}")
    return list(dict.fromkeys(cleaned))


# ---------------------------------------------------------------- screening


class VisitInput(StrictModel):
    """A country stayed in before arrival; left_on empty means the traveller came from it."""

    country: str
    left_on: date | None = None

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        checked = _iso3(value)
        if checked is None:
            raise ValueError("give the country")
        return checked


class ScreeningCreate(StrictModel):
    """What the port-health officer records per the SOP."""

    poe_id: uuid.UUID
    crossing_id: uuid.UUID | None = None
    surname: str = Field(min_length=1, max_length=120)
    given_names: str = Field(default="", max_length=200)
    sex: Literal["F", "M", "X"] | None = None
    birth_date: str | None = Field(default=None, max_length=10)
    nationality: str | None = None
    document_number: str | None = Field(default=None, max_length=30)
    phone: str | None = Field(default=None, max_length=40)
    address_during_stay: str | None = Field(default=None, max_length=300)
    arrival_date: date | None = None
    origin_iso3: str | None = None
    countries_visited: list[VisitInput] = Field(default_factory=list, max_length=30)
    temperature_c: float | None = Field(default=None, ge=30.0, le=45.0)
    symptoms: list[str] = Field(default_factory=list, max_length=40)
    symptom_onset: date | None = None
    contact_with_case: bool = False
    last_contact_on: date | None = None
    evidence_kind: Literal["none", "certificate", "other"] = "none"
    evidence_valid: bool = False
    certificate_qr: str | None = Field(default=None, max_length=8000)
    notes: str | None = Field(default=None, max_length=4000)

    @field_validator("nationality", "origin_iso3")
    @classmethod
    def _country_codes(cls, value: str | None) -> str | None:
        return _iso3(value)

    @field_validator("birth_date")
    @classmethod
    def _birth(cls, value: str | None) -> str | None:
        if value and not PARTIAL_DATE.match(value):
            raise ValueError("use YYYY-MM-DD (or YYYY-MM, YYYY when partly unknown)")
        return value or None

    @field_validator("symptoms")
    @classmethod
    def _symptoms(cls, values: list[str]) -> list[str]:
        return normal_codes(values)

    @model_validator(mode="after")
    def _evidence(self) -> ScreeningCreate:
        if self.evidence_kind == "certificate" and not self.certificate_qr:
            raise ValueError("scan or paste the certificate's QR code, or choose other evidence")
        return self


class FindingRead(BaseModel):
    """The outcome for one disease and why (reason codes with their values)."""

    disease: str
    revision: int
    classification: str
    signs: list[dict[str, Any]]
    links: list[dict[str, Any]]
    notes: list[dict[str, Any]]
    monitor_until: date | None


class ScreeningRead(BaseModel):
    """A screening as health roles see it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    poe_id: uuid.UUID
    crossing_id: uuid.UUID | None
    surname: str
    given_names: str
    sex: str | None
    birth_date_text: str | None
    nationality: str | None
    document_number: str | None
    phone: str | None
    address_during_stay: str | None
    arrival_date: date
    origin_iso3: str | None
    countries_visited: list[dict[str, Any]]
    temperature_c: float | None
    symptoms: list[str]
    symptom_onset: date | None
    contact_with_case: bool
    last_contact_on: date | None
    evidence_kind: str
    evidence_valid: bool
    certificate_check_id: uuid.UUID | None
    classification: str
    findings: list[FindingRead]
    criteria_used: list[dict[str, Any]]
    monitor_until: date | None
    screened_at: datetime
    version: int
    case_id: uuid.UUID | None = None


class ScreeningPage(BaseModel):
    """A page of screenings."""

    total: int
    items: list[ScreeningRead]


# ---------------------------------------------------------------- certificates


class CertificateVerify(StrictModel):
    """A QR payload to verify at a POE (destination: the POE's country by default)."""

    qr_text: str = Field(min_length=1, max_length=8000)
    poe_id: uuid.UUID | None = None
    destination: str | None = None
    at: datetime | None = None

    @field_validator("destination")
    @classmethod
    def _destination(cls, value: str | None) -> str | None:
        return _iso3(value)


class CertificateCheckRead(BaseModel):
    """The verification report: VALID, INVALID (with the failed step) or UNKNOWN."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID | None = None
    result: str
    failed_step: str | None
    message: str | None
    steps: dict[str, bool | None]
    certificate_type: str | None
    issuer_country: str | None
    rules_result: str | None
    rules: list[dict[str, Any]]
    decoded: dict[str, Any] | None
    checked_at: datetime


# ---------------------------------------------------------------- cases


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


# ---------------------------------------------------------------- travellers of interest


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
