"""The journey check's own queries (measures in force come from restrictions.repository)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from passage.geo.models import PointOfEntry
from passage.restrictions.models import MeasureVersion as V
from passage.restrictions.vocabulary import recorded_by


def measures_state(session: Session, *, country: str, recorded: datetime) -> tuple[int, str]:
    """How many versions of a country's measures were recorded by a moment, and the latest.

    Versions are never changed and every edit records a new one, so this pair identifies the
    country's record as it stood at `recorded` (uses ix_measure_versions_recorded)."""
    statement = select(func.count(), func.max(V.recorded_at)).where(
        V.country_iso3 == country, recorded_by(recorded)
    )
    count, latest = session.execute(statement).one()
    return int(count or 0), latest.isoformat() if latest else "-"


def poe_by_code(session: Session, code: str) -> tuple[str, str] | None:
    """A point of entry's (kind, country) by code."""
    statement = select(PointOfEntry.kind, PointOfEntry.country_iso3).where(
        PointOfEntry.code == code
    )
    row = session.execute(statement).first()
    return (row[0], row[1]) if row else None
