"""Queries of the restriction map beyond the restriction tracker's own repository."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from passage.geo.models import Country, PointOfEntry
from passage.restrictions.models import MeasureVersion
from passage.restrictions.vocabulary import current_record, in_force_status, sets_entry_level

V = MeasureVersion


def countries_by_m49(session: Session) -> dict[int, tuple[str, str]]:
    """Map each ISO 3166 numeric (UN M49) code to (alpha-3, English name)."""
    statement = select(Country.m49, Country.iso3, Country.name_en).where(Country.m49.is_not(None))
    rows = session.execute(statement)
    return {m49: (iso3, name) for m49, iso3, name in rows if m49 is not None}


def located_poes(
    session: Session, country: str | None = None
) -> Sequence[Row[uuid.UUID, str, str, str, float | None, float | None]]:
    """Active points of entry with coordinates, as lean rows (id, code, name, kind, lat, lon)."""
    P = PointOfEntry
    statement = select(P.id, P.code, P.name, P.kind, P.latitude, P.longitude).where(
        P.is_active.is_(True), P.latitude.is_not(None), P.longitude.is_not(None)
    )
    if country:
        statement = statement.where(P.country_iso3 == country.upper())
    return session.execute(statement.order_by(P.code)).all()


def timeline_intervals(session: Session, country: str) -> Sequence[Row[date, date | None, int]]:
    """Validity intervals and levels of a country's current entry measures (for its timeline).

    Exit restrictions do not count towards the entry-restriction level, as in `level_on`.
    """
    statement = select(V.effective_from, V.effective_until, V.level).where(
        V.country_iso3 == country.upper(),
        current_record(),
        in_force_status(),
        sets_entry_level(),
    )
    return session.execute(statement).all()
