"""Shapes of the DCC trust administration: trust lists, import reports, value sets."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


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
