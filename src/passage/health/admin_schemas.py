"""Request and response shapes without personal data: disease criteria, trust lists, value
sets, mail settings and notifications (administrators' API and pages)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from passage.health.schemas import CODE, ISO3, Classification, StrictModel, normal_codes

# ---------------------------------------------------------------- criteria


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


# ---------------------------------------------------------------- administration


class TrustListRead(BaseModel):
    """A trust list and its current revision."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    description: str | None
    current_revision: int
    signer_count: int
    updated_at: datetime


class TrustImportReport(BaseModel):
    """What an import did: the new revision, counts, and each rejected entry with why."""

    trust_list: TrustListRead
    imported: int
    rejected: list[dict[str, Any]]


class ValueSetRead(BaseModel):
    """An imported value set (codes counted, not listed)."""

    value_set_id: str
    value_set_date: str | None
    code_count: int


class MailSettingsInput(StrictModel):
    """SMTP settings an administrator edits (the password stays in PASSAGE_SMTP_PASSWORD)."""

    version: int | None = None
    enabled: bool = False
    host: str = Field(default="", max_length=200)
    port: int = Field(default=587, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str | None = Field(default=None, max_length=200)
    sender: str = Field(default="", max_length=200)

    @model_validator(mode="after")
    def _complete(self) -> MailSettingsInput:
        if self.enabled and not (self.host and "@" in self.sender):
            raise ValueError("to send e-mail, give the SMTP host and a sender address")
        return self


class MailSettingsRead(BaseModel):
    """The effective SMTP settings (no password)."""

    enabled: bool
    host: str
    port: int
    security: str
    username: str | None
    sender: str
    password_set: bool
    source: str
    version: int | None


class NotificationRead(BaseModel):
    """An in-app notification."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    title: str
    url: str
    created_at: datetime
    read_at: datetime | None
