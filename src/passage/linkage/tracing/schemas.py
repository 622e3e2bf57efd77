"""Family tracing as the API reads and writes it: a request filed, the case worker's view of
its matches, a decision, and what the requester is told."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from passage.kit.clock import today
from passage.linkage.schemas import PersonBrief
from passage.linkage.tracing.vocabulary import RELATIONSHIPS


class TracingRequestCreate(BaseModel):
    """Who is sought (names and their variants, a date of birth of any precision or an
    approximate age), where and when the family was separated, and who asks."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    organisation: str | None = Field(default=None, max_length=200)
    given_names: str = Field(min_length=1, max_length=200)
    surname: str = Field(default="", max_length=200)
    name_variants: list[str] = Field(default_factory=list, max_length=10)
    birth_date: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    approximate_age: int | None = Field(default=None, ge=0, le=120)
    sex: Literal["M", "F"] | None = None
    nationality: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    separation_place: str | None = Field(default=None, max_length=300)
    separation_date: date | None = None
    relationship: str
    requester_name: str = Field(min_length=1, max_length=200)
    requester_contact: str | None = Field(default=None, max_length=200)
    notes: str | None = Field(default=None, max_length=2000)

    @field_validator("name_variants")
    @classmethod
    def _variants(cls, values: list[str]) -> list[str]:
        kept = [value.strip() for value in values if value.strip()]
        if any(len(value) > 200 for value in kept):
            raise ValueError("a name variant is at most 200 characters")
        return kept

    @field_validator("relationship")
    @classmethod
    def _relationship(cls, value: str) -> str:
        if value not in RELATIONSHIPS:
            raise ValueError(f"one of: {', '.join(RELATIONSHIPS)}")
        return value

    @field_validator("separation_date")
    @classmethod
    def _past(cls, value: date | None) -> date | None:
        if value is not None and value > today():
            raise ValueError("the separation date is in the future")
        return value

    @model_validator(mode="after")
    def _one_age(self) -> TracingRequestCreate:
        if self.birth_date and self.approximate_age is not None:
            raise ValueError("give a date of birth or an approximate age, not both")
        return self


class TracingRequestRead(BaseModel):
    """A tracing request as filed, and where it stands."""

    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    version: int
    reference: str
    organisation: str
    status: str
    given_names: str
    surname: str
    name_variants: list[str]
    birth_date: str | None
    approximate_age: int | None
    sex: str | None
    nationality: str | None
    separation_place: str | None
    separation_date: date | None
    relationship: str
    requester_name: str
    created_at: datetime


class TracingMatchRead(BaseModel):
    """A registered person who may be the one sought, and why (case workers only)."""

    id: uuid.UUID
    version: int
    status: str
    match_probability: float
    explanation: dict[str, Any]
    child: bool
    person: PersonBrief


class MatchDecision(BaseModel):
    """The case worker's decision on a match."""

    model_config = ConfigDict(extra="forbid")
    decision: Literal["confirm", "reject"]
    version: int


class RequesterViewRead(BaseModel):
    """What the requester may be told: where the request stands and, once the person is found,
    only the fields an adult found person consented to share (nothing about a child)."""

    reference: str
    status: str
    shared: dict[str, str]
