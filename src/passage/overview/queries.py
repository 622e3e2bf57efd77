"""The query parameters the overview's API and page share."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from passage.kit.clock import IsoDate

DateQuery = Annotated[IsoDate | None, Query(description="YYYY-MM-DD (default today, UTC).")]
StaleQuery = Annotated[int, Query(ge=1, le=3650, description="Days before data counts as stale.")]
KnownOnQuery = Annotated[
    IsoDate | None,
    Query(
        description="YYYY-MM-DD: the overview as it was known at the end of that day (measures "
        "and POE statuses recorded by then); default: as known now."
    ),
]
