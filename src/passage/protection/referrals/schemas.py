"""Shapes of referrals out: the directory, consents, referrals and the partner's answer."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from passage.kit.clock import today
from passage.protection.registry.schemas import _country
from passage.protection.vocabulary import SERVICE_TYPES, SHAREABLE_FIELDS

# Where a referral may go next; rejected, done and revoked are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    "pending": frozenset({"accepted", "rejected"}),
    "accepted": frozenset({"done", "rejected"}),
    "rejected": frozenset(),
    "done": frozenset(),
    "revoked": frozenset(),
}


def _services(values: list[str]) -> list[str]:
    unknown = sorted(set(values) - set(SERVICE_TYPES))
    if unknown:
        raise ValueError(f"unknown service: {', '.join(unknown)}")
    return [code for code in SERVICE_TYPES if code in set(values)]


class ProviderCreate(BaseModel):
    """A service point of a partner in the directory."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=2, max_length=200)
    organisation: str = Field(min_length=2, max_length=200)
    services: list[str] = Field(min_length=1)
    country_iso3: str | None = None
    admin1: str | None = Field(default=None, max_length=100)
    place: str | None = Field(default=None, max_length=200)
    languages: list[str] = Field(default_factory=list, max_length=10)
    capacity: int | None = Field(default=None, ge=0, le=100000)
    contact: str | None = Field(default=None, max_length=200)
    exchange_partner_id: uuid.UUID | None = None

    @field_validator("services")
    @classmethod
    def _known(cls, values: list[str]) -> list[str]:
        return _services(values)

    @field_validator("country_iso3")
    @classmethod
    def _iso3(cls, value: str | None) -> str | None:
        return _country(value)

    @field_validator("languages")
    @classmethod
    def _languages(cls, values: list[str]) -> list[str]:
        return [value.strip().lower() for value in values if value.strip()]


class ProviderRead(BaseModel):
    """A service point as the directory shows it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    organisation: str
    services: list[str]
    country_iso3: str | None
    admin1: str | None
    place: str | None
    languages: list[str]
    capacity: int | None
    contact: str | None
    exchange_partner_id: uuid.UUID | None
    active: bool


class ConsentCreate(BaseModel):
    """What the person agrees to share, for what, until when."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    purpose: str = Field(min_length=3, max_length=300)
    fields: list[str] = Field(min_length=1)
    expires_on: date

    @field_validator("fields")
    @classmethod
    def _fields(cls, values: list[str]) -> list[str]:
        unknown = sorted(set(values) - set(SHAREABLE_FIELDS))
        if unknown:
            raise ValueError(f"not a field that can be shared: {', '.join(unknown)}")
        return [name for name in SHAREABLE_FIELDS if name in set(values)]

    @field_validator("expires_on")
    @classmethod
    def _future(cls, value: date) -> date:
        if value < today():
            raise ValueError("the consent must run until today or later")
        return value


class Withdrawal(BaseModel):
    """The person withdraws a consent."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str | None = Field(default=None, max_length=300)


class ReferralCreate(BaseModel):
    """Refer a case to a service provider under a consent of the person."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    provider_id: uuid.UUID
    consent_id: uuid.UUID
    services: list[str] = Field(default_factory=list)
    reason: str = Field(min_length=3, max_length=2000)

    @field_validator("services")
    @classmethod
    def _known(cls, values: list[str]) -> list[str]:
        return _services(values)


class ReferralResponse(BaseModel):
    """The partner accepts, rejects or closes a referral (optimistic lock on `version`)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    version: int = Field(ge=1)
    status: Literal["accepted", "rejected", "done"]
    note: str | None = Field(default=None, max_length=2000)


class ConsentRead(BaseModel):
    """A consent as staff see it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    person_id: uuid.UUID
    purpose: str
    fields: list[str]
    expires_on: date
    withdrawn_at: datetime | None
    created_at: datetime


class ReferralRead(BaseModel):
    """A referral as the referring case worker sees it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    case_id: uuid.UUID
    provider_id: uuid.UUID
    organisation: str
    consent_id: uuid.UUID
    status: str
    services: list[str]
    reason: str
    response_note: str | None
    remote: bool
    created_at: datetime
    version: int


class PartnerReferralRead(BaseModel):
    """A referral as the partner worker sees it: only the consented fields (none once the
    consent was withdrawn or expired)."""

    id: uuid.UUID
    status: str
    services: list[str]
    reason: str
    purpose: str
    consent_expires_on: date
    consent_valid: bool
    shared: dict[str, Any]
    created_at: datetime
    version: int
