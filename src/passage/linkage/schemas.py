"""Linkage as the API reads and writes it: runs, candidates, decisions, merges, the check of
a registration."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class RunCreate(BaseModel):
    """Start a de-duplication run over an organisation's registry."""

    model_config = ConfigDict(extra="forbid")
    organisation: str | None = Field(default=None, max_length=200)
    threshold: float = Field(default=0.5, gt=0.0, lt=1.0)


class RunRead(BaseModel):
    """A run: counts and time."""

    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    organisation: str
    threshold: float
    records: int
    candidates: int
    seconds: float
    created_at: datetime


class PersonBrief(BaseModel):
    """The fields a reviewer compares."""

    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    reference: str
    given_names: str
    surname: str
    sex: str
    birth_date: date | None
    nationality: str | None


class CandidateRead(BaseModel):
    """A candidate pair with its explanation, field by field."""

    id: uuid.UUID
    version: int
    status: str
    match_probability: float
    explanation: dict[str, Any]
    left: PersonBrief
    right: PersonBrief


class Decision(BaseModel):
    """A reviewer's decision on a candidate."""

    model_config = ConfigDict(extra="forbid")
    decision: Literal["confirm", "reject"]
    version: int = Field(ge=1)
    reason: str | None = Field(default=None, max_length=300)


class DecisionRead(BaseModel):
    """The candidate after the decision, and the merge a confirmation made."""

    id: uuid.UUID
    status: str
    merge_id: uuid.UUID | None


class MergeRead(BaseModel):
    """A merge: the record kept, the one merged into it, and whether it was undone."""

    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    kept_id: uuid.UUID
    merged_id: uuid.UUID
    created_at: datetime
    undone_at: datetime | None


class CheckRequest(BaseModel):
    """A registration to check before it is saved."""

    model_config = ConfigDict(extra="forbid")
    given_names: str = Field(default="", max_length=200)
    surname: str = Field(default="", max_length=200)
    birth_date: str | None = Field(default=None, max_length=10)
    sex: Literal["M", "F", "X", "U"] | None = None
    nationality: str | None = Field(default=None, max_length=3)
    phone: str | None = Field(default=None, max_length=40)
    document_number: str | None = Field(default=None, max_length=40)
    location: str | None = Field(default=None, max_length=300)
    organisation: str | None = Field(default=None, max_length=200)

    def row(self) -> dict[str, Any]:
        """The registration under the vocabulary's column names."""
        return {
            "given_name": self.given_names,
            "surname": self.surname,
            "date_of_birth": self.birth_date,
            "sex": self.sex,
            "nationality": self.nationality,
            "phone": self.phone,
            "document_number": self.document_number,
            "place": self.location,
        }


class PossibleDuplicateRead(BaseModel):
    """A registered person who may be the one being registered, and why."""

    person: PersonBrief
    match_probability: float
    explanation: dict[str, Any]
