"""Response shapes of the restriction tracker's API beyond those in schemas.py."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from passage.restrictions.schemas import MeasureRead, MeasureVersionRead


class MeasureDetail(MeasureRead):
    """A measure with its current version (or the one recorded at `as_of`) and all versions."""

    versions: list[MeasureVersionRead]


class FieldChange(BaseModel):
    """One changed field: its value before and after."""

    before: Any
    after: Any


class VersionChangeRead(BaseModel):
    """One version, who recorded it, and what it changed from the version before."""

    version: MeasureVersionRead
    recorded_by_name: str | None
    changes: dict[str, FieldChange]


class CommentRead(BaseModel):
    """An editor's comment on a measure."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    measure_id: uuid.UUID
    author_id: uuid.UUID | None
    body: str
    created_at: datetime


class DiscrepancyRead(BaseModel):
    """A report that a measure is wrong, with its moderation state."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    measure_id: uuid.UUID
    body: str
    source_url: str | None
    status: str
    resolution_note: str | None
    created_at: datetime
    version: int


class DiscrepancyReceipt(BaseModel):
    """What the reporter gets back: the report's id and that it waits for moderation."""

    id: uuid.UUID
    status: str


class EditorialSettingUpdate(BaseModel):
    """Whether publishing in a country needs a second person."""

    review_required: bool


class EditorialSettingRead(BaseModel):
    """A country's editorial rule."""

    country: str
    review_required: bool
