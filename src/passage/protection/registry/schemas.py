"""Shapes of the registry: a person as created, changed and read; households."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from passage.kit.clock import today
from passage.protection.vocabulary import (
    DOCUMENT_KINDS,
    MIGRATION_STATUSES,
    RELATIONSHIPS,
    SERVICE_TYPES,
    SITUATIONS,
)

ISO3 = re.compile(r"^[A-Z]{3}$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")
PERSONAL_FIELDS = (
    "given_names",
    "surname",
    "other_names",
    "sex",
    "birth_date",
    "birth_date_estimated",
    "nationality",
    "other_nationalities",
    "languages",
    "phone",
    "email",
    "country_iso3",
    "admin1",
    "admin2",
    "location",
    "migration_status",
    "situations",
    "needs",
    "documents",
    "household_id",
    "relationship",
    "notes",
)
Sex = Literal["F", "M", "X", "U"]


def _known(values: list[str], table: dict[str, str] | Any, what: str) -> list[str]:
    unknown = sorted(set(values) - set(table))
    if unknown:
        raise ValueError(f"unknown {what}: {', '.join(unknown)}")
    return [code for code in table if code in set(values)]


def _country(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip().upper()
    if not ISO3.match(value):
        raise ValueError("a country is its ISO 3166-1 alpha-3 code, e.g. SDN")
    return value


class DocumentIn(BaseModel):
    """An identity document the person holds (or said they hold)."""

    model_config = ConfigDict(extra="forbid")

    kind: str = Field(max_length=30)
    number: str | None = Field(default=None, max_length=40)
    issuing_country: str | None = None
    expires_on: date | None = None

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in DOCUMENT_KINDS:
            raise ValueError(f"unknown document kind: {value}")
        return value

    @field_validator("issuing_country")
    @classmethod
    def _issuing(cls, value: str | None) -> str | None:
        return _country(value)


class PersonFields(BaseModel):
    """The personal fields of a person (every one optional but the names)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    given_names: str = Field(min_length=1, max_length=200)
    surname: str = Field(default="", max_length=200)
    other_names: list[str] = Field(default_factory=list, max_length=10)
    sex: Sex = "U"
    birth_date: date | None = None
    birth_date_estimated: bool = False
    nationality: str | None = None
    other_nationalities: list[str] = Field(default_factory=list, max_length=5)
    languages: list[str] = Field(default_factory=list, max_length=10)
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=254)
    country_iso3: str | None = None
    admin1: str | None = Field(default=None, max_length=100)
    admin2: str | None = Field(default=None, max_length=100)
    location: str | None = Field(default=None, max_length=300)
    migration_status: str = "unknown"
    situations: list[str] = Field(default_factory=list, max_length=len(SITUATIONS))
    needs: list[str] = Field(default_factory=list, max_length=len(SERVICE_TYPES))
    documents: list[DocumentIn] = Field(default_factory=list, max_length=10)
    household_id: uuid.UUID | None = None
    relationship: str | None = None
    notes: str | None = Field(default=None, max_length=4000)

    @field_validator("nationality", "country_iso3")
    @classmethod
    def _iso3(cls, value: str | None) -> str | None:
        return _country(value)

    @field_validator("other_nationalities")
    @classmethod
    def _iso3_list(cls, values: list[str]) -> list[str]:
        return [code for value in values if (code := _country(value))]

    @field_validator("languages")
    @classmethod
    def _languages(cls, values: list[str]) -> list[str]:
        cleaned = [value.strip().lower() for value in values if value.strip()]
        bad = [value for value in cleaned if not LANGUAGE.match(value)]
        if bad:
            raise ValueError("languages are ISO 639 codes, e.g. ar, fr, ti")
        return list(dict.fromkeys(cleaned))

    @field_validator("birth_date")
    @classmethod
    def _birth(cls, value: date | None) -> date | None:
        if value is not None and not date(1900, 1, 1) <= value <= today():
            raise ValueError("the date of birth must be a past date")
        return value

    @field_validator("migration_status")
    @classmethod
    def _status(cls, value: str) -> str:
        if value not in MIGRATION_STATUSES:
            raise ValueError(f"unknown migration status: {value}")
        return value

    @field_validator("situations")
    @classmethod
    def _situations(cls, values: list[str]) -> list[str]:
        return _known(values, SITUATIONS, "situation")

    @field_validator("needs")
    @classmethod
    def _needs(cls, values: list[str]) -> list[str]:
        return _known(values, SERVICE_TYPES, "need")

    @field_validator("relationship")
    @classmethod
    def _relationship(cls, value: str | None) -> str | None:
        if value and value not in RELATIONSHIPS:
            raise ValueError(f"unknown relationship: {value}")
        return value or None


class PersonCreate(PersonFields):
    """Register a person; the organisation defaults to the actor's."""

    organisation: str | None = Field(default=None, max_length=200)


class PersonUpdate(BaseModel):
    """Change some personal fields (optimistic lock on `version`); `reason` goes in the history."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)
    changes: dict[str, Any]
    reason: str | None = Field(default=None, max_length=300)

    @field_validator("changes")
    @classmethod
    def _fields(cls, value: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(value) - set(PERSONAL_FIELDS))
        if unknown:
            raise ValueError(f"not a personal field: {', '.join(unknown)}")
        if not value:
            raise ValueError("nothing to change")
        return value


class PersonRead(BaseModel):
    """A person as the API shows it to staff who may read them."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    reference: str
    given_names: str
    surname: str
    other_names: list[str]
    sex: str
    birth_date: date | None
    birth_date_estimated: bool
    nationality: str | None
    other_nationalities: list[str]
    languages: list[str]
    phone: str | None
    email: str | None
    country_iso3: str | None
    admin1: str | None
    admin2: str | None
    location: str | None
    migration_status: str
    situations: list[str]
    needs: list[str]
    documents: list[dict[str, Any]]
    household_id: uuid.UUID | None
    relationship: str | None
    organisation: str
    restricted: bool
    traveller_id: uuid.UUID | None
    source: str
    created_at: datetime
    updated_at: datetime
    version: int


class PersonMatch(BaseModel):
    """A search hit: the person and how well the name matched, with the reasons."""

    person: PersonRead
    score: float
    explanation: list[str]


class MemberAdd(BaseModel):
    """A registered person joins a household, with their relationship to its head."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    person_reference: str = Field(min_length=3, max_length=16)
    relationship: str
    reason: str | None = Field(default=None, max_length=300)

    @field_validator("person_reference")
    @classmethod
    def _reference(cls, value: str) -> str:
        return value.upper()

    @field_validator("relationship")
    @classmethod
    def _relationship(cls, value: str) -> str:
        if value not in RELATIONSHIPS:
            raise ValueError(f"unknown relationship: {value}")
        return value


class HouseholdCreate(BaseModel):
    """A household or travelling group."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    kind: Literal["household", "travelling_group"] = "household"
    label: str | None = Field(default=None, max_length=200)
    country_iso3: str | None = None
    organisation: str | None = Field(default=None, max_length=200)

    @field_validator("country_iso3")
    @classmethod
    def _iso3(cls, value: str | None) -> str | None:
        return _country(value)


class ChangeRead(BaseModel):
    """One entry of a person's field-level history."""

    model_config = ConfigDict(from_attributes=True)

    field: str
    old_value: dict[str, Any]
    new_value: dict[str, Any]
    changed_by: uuid.UUID | None
    reason: str | None
    created_at: datetime
