"""Alert lists, screening hits and ad-hoc screening: what the API takes and returns."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ListKind = Literal["person", "document"]
HitStatus = Literal["open", "confirmed", "false_positive"]


class AlertListCreate(BaseModel):
    """A new alert list: a watch list of persons or a list of lost and stolen documents."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    kind: ListKind
    issuing_authority: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    threshold: float | None = Field(
        default=None,
        ge=0.01,
        le=1.0,
        description="estimated probability from which a candidate is a hit on this list",
    )
    shared_poe_ids: list[str] | None = Field(
        default=None,
        description="points of entry whose field nodes receive this list (none: every post)",
    )

    @field_validator("shared_poe_ids")
    @classmethod
    def _poe_ids(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else sorted({str(uuid.UUID(item)) for item in value})

    @field_validator("name")
    @classmethod
    def _name_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the name must not be blank")
        return value.strip()


class AlertListRead(BaseModel):
    """An alert list with how many entries it holds and how many are valid today."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    kind: str
    issuing_authority: str | None
    description: str | None
    is_active: bool
    threshold: float | None = None
    shared_poe_ids: list[str] | None = None
    version: int
    entries: int = 0
    valid_entries: int = 0
    updated_at: datetime


class HitResolve(BaseModel):
    """An officer's resolution of a hit: confirmed or false positive, always with a reason."""

    model_config = ConfigDict(extra="forbid")

    version: int
    status: Literal["confirmed", "false_positive"]
    reason: str = Field(min_length=1, max_length=2000)

    @field_validator("reason")
    @classmethod
    def _reason_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("give the reason for the resolution")
        return value.strip()


class HitRead(BaseModel):
    """A screening hit as officers see it (the explanation says what matched)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    crossing_id: uuid.UUID
    alert_person_id: uuid.UUID | None
    lost_document_id: uuid.UUID | None
    score: float
    explanation: dict[str, Any]
    status: str
    resolution_reason: str | None
    resolved_by: uuid.UUID | None
    resolved_at: datetime | None
    version: int
    created_at: datetime


class ScreenRequest(BaseModel):
    """Ad-hoc screening of a person or document, without a crossing (the officer's preview)."""

    model_config = ConfigDict(extra="forbid")

    names: list[str] = Field(default_factory=list, max_length=5)
    surname: str | None = Field(default=None, max_length=120)
    given_names: str | None = Field(default=None, max_length=200)
    birth_date: str | None = Field(
        default=None,
        pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
        description="YYYY, YYYY-MM or YYYY-MM-DD",
    )
    nationality: str | None = Field(default=None, pattern=r"^[A-Za-z]{1,3}$")
    gender: Literal["M", "F", "X"] | None = None
    document_number: str | None = Field(default=None, max_length=30)
    issuing_state: str | None = Field(default=None, pattern=r"^[A-Za-z]{1,3}$")

    @model_validator(mode="after")
    def _something_to_screen(self) -> ScreenRequest:
        named = any(name.strip() for name in self.names) or self.surname or self.given_names
        if not named and not self.document_number:
            raise ValueError("give a name or a document number to screen")
        return self

    @field_validator("names")
    @classmethod
    def _names_short(cls, value: list[str]) -> list[str]:
        if any(len(name) > 300 for name in value):
            raise ValueError("a name is longer than 300 characters")
        return value


class ScreenMatch(BaseModel):
    """One candidate of an ad-hoc screening (nothing is stored)."""

    kind: Literal["person", "document"]
    score: float
    alert_person_id: uuid.UUID | None = None
    lost_document_id: uuid.UUID | None = None
    explanation: dict[str, Any]


class ScreenResult(BaseModel):
    """What an ad-hoc screening found, best first."""

    matches: list[ScreenMatch]
    threshold: float


class ListedPersonView(BaseModel):
    """A listed person as shown beside a hit."""

    model_config = ConfigDict(from_attributes=True)

    external_ref: str
    names: list[str]
    birth_date_text: str | None
    nationality: str | None
    gender: str | None
    document_numbers: list[str]
    reason: str
    issuing_authority: str | None
    valid_from: date | None
    valid_until: date | None


class EntryRead(BaseModel):
    """An alert-list entry in the import's columns (lists as `a|b`), with its version."""

    id: uuid.UUID
    version: int
    columns: dict[str, str]


class EntryPage(BaseModel):
    """A page of a list's entries, by reference."""

    items: list[EntryRead]
    total: int


class EntryEdit(BaseModel):
    """A change to an entry: the version read, and the columns to change (as in the import
    file: `names` and `document_numbers` as `a|b`); each value is checked as the import does."""

    model_config = ConfigDict(extra="forbid")

    version: int
    columns: dict[str, str] = Field(max_length=12)

    @field_validator("columns")
    @classmethod
    def _known_columns(cls, value: dict[str, str]) -> dict[str, str]:
        if "ref" in value:
            raise ValueError("the reference of an entry cannot change")
        if any(len(cell) > 20_000 for cell in value.values()):
            raise ValueError("a value is too long")
        return value


class EntryRemove(BaseModel):
    """The removal of an entry, from the version read."""

    model_config = ConfigDict(extra="forbid")

    version: int
