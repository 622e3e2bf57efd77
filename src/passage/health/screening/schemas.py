"""Request and response shapes of screening and of the disease criteria (API and pages)."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from passage.health.schemas import CODE, ISO3, Classification, StrictModel, iso3, normal_codes

PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class VisitInput(StrictModel):
    """A country stayed in before arrival; left_on empty means the traveller came from it."""

    country: str
    left_on: date | None = None

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        checked = iso3(value)
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
        return iso3(value)

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


class CriteriaInput(StrictModel):
    """A new revision of a disease's criteria (or a new disease)."""

    disease_code: str = Field(min_length=2, max_length=40)
    name: str = Field(min_length=2, max_length=200)
    case_definition: str = Field(min_length=10, max_length=5000)
    incubation_days: int = Field(ge=1, le=60)
    fever_threshold_c: float | None = Field(default=None, ge=35.0, le=42.0)
    symptoms: list[str] = Field(default_factory=list, max_length=40)
    decisive_symptoms: list[str] = Field(default_factory=list, max_length=40)
    min_symptoms: int = Field(default=1, ge=1, le=20)
    affected_countries: list[str] = Field(default_factory=list, max_length=300)
    exposure_is_link: bool = True
    evidence_clears: bool = False
    outcome_signs_and_link: Classification = "isolate_refer"
    outcome_signs_only: Classification = "secondary_assessment"
    outcome_link_only: Classification = "secondary_assessment"
    is_active: bool = True
    change_note: str | None = Field(default=None, max_length=300)
    based_on_revision: int | None = Field(default=None, ge=1)

    @field_validator("disease_code")
    @classmethod
    def _code(cls, value: str) -> str:
        value = value.lower()
        if not CODE.match(value):
            raise ValueError("lower-case letters, digits and _ (e.g. marburg)")
        return value

    @field_validator("symptoms", "decisive_symptoms")
    @classmethod
    def _symptom_codes(cls, values: list[str]) -> list[str]:
        return normal_codes(values)

    @field_validator("affected_countries")
    @classmethod
    def _countries(cls, values: list[str]) -> list[str]:
        cleaned = [value.strip().upper() for value in values if value.strip()]
        bad = [value for value in cleaned if value != "*" and not ISO3.match(value)]
        if bad:
            raise ValueError(f"not ISO 3166-1 alpha-3 codes: {', '.join(bad)}")
        return sorted(set(cleaned))

    @model_validator(mode="after")
    def _consistent(self) -> CriteriaInput:
        if not self.symptoms:
            raise ValueError("list at least one symptom")
        extra = set(self.decisive_symptoms) - set(self.symptoms)
        if extra:
            raise ValueError(f"decisive symptoms must be among the symptoms: {sorted(extra)}")
        if self.min_symptoms > len(self.symptoms):
            raise ValueError("min_symptoms is larger than the number of symptoms")
        return self


class CriteriaRead(BaseModel):
    """One revision of a disease's criteria."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    disease_code: str
    revision: int
    name: str
    case_definition: str
    incubation_days: int
    fever_threshold_c: float | None
    symptoms: list[str]
    decisive_symptoms: list[str]
    min_symptoms: int
    affected_countries: list[str]
    exposure_is_link: bool
    evidence_clears: bool
    outcome_signs_and_link: str
    outcome_signs_only: str
    outcome_link_only: str
    is_active: bool
    is_current: bool
    change_note: str | None
    created_at: datetime
