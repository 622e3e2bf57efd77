"""Shapes of the ways in: self-registration, anonymous questions, partner referrals in,
verification of a registration."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from passage.kit.clock import today
from passage.kit.i18n import N_
from passage.protection.registry.schemas import PersonFields, _country
from passage.protection.vocabulary import REQUEST_TOPICS, SERVICE_TYPES, SHAREABLE_FIELDS

# What a migrant may say of their own situation on the public page (in plain words there).
PUBLIC_SITUATIONS = (
    "stranded",
    "in_transit",
    "returnee",
    "destitute",
    "medical_need",
    "disability",
    "pregnant",
    "survivor_of_violence",
    "presumed_victim_of_trafficking",
    "unaccompanied_child",
)
Language = Literal["en", "fr", "es", "ar"]


class SelfRegistration(BaseModel):
    """What a migrant gives on the public self-registration page; nothing is required but a
    name and the consent to process it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    language: Language = "en"
    given_names: str = Field(min_length=1, max_length=200)
    surname: str = Field(default="", max_length=200)
    sex: Literal["F", "M", "X", "U"] = "U"
    birth_date: date | None = None
    nationality: str | None = None
    # the nationality in the person's own words (the public page asks in words; the case
    # worker records the country code when verifying)
    nationality_text: str | None = Field(default=None, max_length=100)
    phone: str | None = Field(default=None, max_length=40)
    country_iso3: str | None = None
    location: str | None = Field(default=None, max_length=300)
    situations: list[str] = Field(default_factory=list, max_length=len(PUBLIC_SITUATIONS))
    needs: list[str] = Field(default_factory=list, max_length=len(SERVICE_TYPES))
    household_size: int | None = Field(default=None, ge=1, le=50)
    message: str | None = Field(default=None, max_length=2000)
    consent: bool

    @field_validator("nationality", "country_iso3")
    @classmethod
    def _iso3(cls, value: str | None) -> str | None:
        return _country(value)

    @field_validator("birth_date")
    @classmethod
    def _birth(cls, value: date | None) -> date | None:
        if value is not None and not date(1900, 1, 1) <= value <= today():
            raise ValueError(N_("the date of birth must be a past date"))
        return value

    @field_validator("situations")
    @classmethod
    def _situations(cls, values: list[str]) -> list[str]:
        unknown = sorted(set(values) - set(PUBLIC_SITUATIONS))
        if unknown:
            raise ValueError(f"unknown situation: {', '.join(unknown)}")
        return [code for code in PUBLIC_SITUATIONS if code in set(values)]

    @field_validator("needs")
    @classmethod
    def _needs(cls, values: list[str]) -> list[str]:
        unknown = sorted(set(values) - set(SERVICE_TYPES))
        if unknown:
            raise ValueError(f"unknown need: {', '.join(unknown)}")
        return [code for code in SERVICE_TYPES if code in set(values)]

    @field_validator("consent")
    @classmethod
    def _consent(cls, value: bool) -> bool:
        if not value:
            raise ValueError(N_("consent is needed to register"))
        return value


class Addition(BaseModel):
    """More information added to a registration with its receipt code."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str = Field(min_length=8, max_length=20)
    text: str = Field(min_length=1, max_length=2000)


class QuestionCreate(BaseModel):
    """An anonymous request for information; a contact only if the person wants one."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    language: Language = "en"
    topic: str
    country_iso3: str | None = None
    question: str = Field(min_length=3, max_length=2000)
    contact: str | None = Field(default=None, max_length=200)

    @field_validator("topic")
    @classmethod
    def _topic(cls, value: str) -> str:
        if value not in REQUEST_TOPICS:
            raise ValueError(f"unknown topic: {value}")
        return value

    @field_validator("country_iso3")
    @classmethod
    def _iso3(cls, value: str | None) -> str | None:
        return _country(value)


class Answer(BaseModel):
    """A case worker's answer to an anonymous question."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    version: int = Field(ge=1)
    answer: str = Field(min_length=1, max_length=4000)


class ReferralIn(BaseModel):
    """A partner organisation refers a person in (API, partner credentials): only the fields the
    person consented to share, with the consent's purpose and expiry."""

    model_config = ConfigDict(extra="forbid")

    organisation: str | None = Field(default=None, max_length=200)
    consented_fields: list[str] = Field(min_length=1)
    consent_purpose: str = Field(min_length=3, max_length=300)
    consent_expires_on: date
    person: dict[str, Any]
    reason: str = Field(min_length=3, max_length=2000)

    @field_validator("consented_fields")
    @classmethod
    def _fields(cls, values: list[str]) -> list[str]:
        unknown = sorted(set(values) - set(SHAREABLE_FIELDS))
        if unknown:
            raise ValueError(f"not a field that can be shared: {', '.join(unknown)}")
        return [name for name in SHAREABLE_FIELDS if name in set(values)]

    @model_validator(mode="after")
    def _only_consented(self) -> ReferralIn:
        extra = sorted(set(self.person) - set(self.consented_fields) - {"country_iso3", "admin1"})
        if extra:
            raise ValueError(f"fields without the person's consent: {', '.join(extra)}")
        if self.consent_expires_on < today():
            raise ValueError("the consent has expired")
        if "location" in self.person and not isinstance(self.person["location"], str):
            raise ValueError("location is the place where the person stays, as text")
        PersonFields.model_validate({"given_names": "-", **self.person})
        return self


class Verification(BaseModel):
    """A case worker verifies a registration: a new person (or one already registered) and
    their case."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    version: int = Field(ge=1)
    existing_person_id: uuid.UUID | None = None
    case_type: str = "general_protection"
    risk_level: Literal["low", "medium", "high", "critical"] = "medium"
    organisation: str | None = Field(default=None, max_length=200)
    note: str | None = Field(default=None, max_length=4000)


class Refusal(BaseModel):
    """A registration not taken up, with the reason (shown to the person by code)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    version: int = Field(ge=1)
    reason: str = Field(min_length=3, max_length=500)


class RegistrationRead(BaseModel):
    """A registration as staff see it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    source: str
    status: str
    language: str
    details: dict[str, Any]
    consent_fields: list[str]
    consent_purpose: str | None
    consent_expires_on: date | None
    organisation: str | None
    referred_by_organisation: str | None
    restricted: bool
    person_id: uuid.UUID | None
    case_id: uuid.UUID | None
    created_at: datetime
    version: int


class ReceiptRead(BaseModel):
    """What a registration's code answers: its status, never the personal data."""

    status: str
    submitted_on: date
    additions: int
    note: str | None = None
