"""Shapes of scoring: a model version as added and read, a screening as recorded and read."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

CODE = re.compile(r"^[a-z][a-z0-9_]{1,59}$")


class ModelVersionCreate(BaseModel):
    """A new version of a scoring model (a new code starts a new model)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str
    name: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    definition: dict[str, Any]

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not CODE.match(value):
            raise ValueError("a model code is lower-case letters, digits and _ (e.g. cash_2027)")
        return value


class ModelVersionRead(BaseModel):
    """One stored version of a model."""

    model_config = ConfigDict(from_attributes=True)

    code: str
    version_no: int
    name: str
    description: str | None
    definition: dict[str, Any]
    source: str
    is_current: bool
    created_at: datetime


class ScreeningCreate(BaseModel):
    """A person's answers to a model's questions (factor code -> answer)."""

    model_config = ConfigDict(extra="forbid")

    model_code: str = Field(max_length=60)
    answers: dict[str, Any] = Field(max_length=200)


class ScreeningRead(BaseModel):
    """A scored screening with each factor's contribution."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    person_id: uuid.UUID
    case_id: uuid.UUID | None
    model_code: str
    model_version: int
    answers: dict[str, Any]
    total: float
    maximum: float
    priority: str
    contributions: list[dict[str, Any]]
    source: str
    created_at: datetime


class Explanation(BaseModel):
    """A score in words: the summary sentence and one line per factor."""

    summary: str
    lines: list[dict[str, Any]]
