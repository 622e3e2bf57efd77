"""What the survey routes give."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class SurveyRead(BaseModel):
    """A survey form as the API gives it (its questions without any answer)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    code: str
    name: str
    definition: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    version: int
