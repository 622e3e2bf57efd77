"""Response shapes of the webhook outbox."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel


class DeadLetterRead(BaseModel):
    """A webhook message given up after its last attempt."""

    id: uuid.UUID
    endpoint: str
    topic: str
    url: str
    attempts: int
    last_status_code: int | None
    last_error: str | None
    sequence: int | None
    created_at: datetime
    dead_at: datetime | None
