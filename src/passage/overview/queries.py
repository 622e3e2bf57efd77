"""The query parameters the overview's API and page share."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query

DateQuery = Annotated[date | None, Query(description="YYYY-MM-DD (default today, UTC).")]
StaleQuery = Annotated[int, Query(ge=1, le=3650, description="Days before data counts as stale.")]
