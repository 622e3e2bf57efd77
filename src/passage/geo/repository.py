"""Every query about countries and points of entry."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, false, func, or_, select
from sqlalchemy.orm import Session

from passage.access import PoeScope
from passage.geo.models import Country, PointOfEntry


def in_poe_scope(poe_column: Any, scope: PoeScope) -> ColumnElement[bool]:
    """A filter keeping the rows whose POE (`poe_column`) lies in the scope."""
    conditions: list[ColumnElement[bool]] = []
    if scope.poe_ids:
        conditions.append(poe_column.in_(sorted(scope.poe_ids)))
    if scope.countries:
        poes = select(PointOfEntry.id).where(PointOfEntry.country_iso3.in_(sorted(scope.countries)))
        conditions.append(poe_column.in_(poes))
    return or_(*conditions) if conditions else false()


def poe_scoped(statement: Select[Any], poe_column: Any, scope: PoeScope | None) -> Select[Any]:
    """The statement limited to a scope's points of entry (None: unlimited)."""
    return statement if scope is None else statement.where(in_poe_scope(poe_column, scope))


def get_country(session: Session, iso3: str) -> Country | None:
    """A country by ISO 3166-1 alpha-3."""
    return session.scalars(select(Country).where(Country.iso3 == iso3.upper())).one_or_none()


def list_countries(session: Session, *, region_code: int | None = None) -> Sequence[Country]:
    """Countries ordered by English name, optionally within one M49 region."""
    statement = select(Country).order_by(Country.name_en)
    if region_code is not None:
        statement = statement.where(Country.region_code == region_code)
    return session.scalars(statement).all()


def country_codes(session: Session) -> dict[str, str]:
    """Map of every ISO alpha-2 and alpha-3 code to alpha-3."""
    rows = session.execute(select(Country.iso2, Country.iso3)).all()
    codes = {iso3: iso3 for _, iso3 in rows}
    codes.update({iso2: iso3 for iso2, iso3 in rows if iso2})
    return codes


def country_names(session: Session) -> dict[str, str]:
    """Every country's ISO3 code and English short name."""
    return {iso3: name for iso3, name in session.execute(select(Country.iso3, Country.name_en))}


def count_countries(session: Session) -> int:
    """How many countries are loaded."""
    return session.scalar(select(func.count()).select_from(Country)) or 0


def get_poe(session: Session, poe_id: uuid.UUID) -> PointOfEntry | None:
    """A point of entry by id."""
    return session.get(PointOfEntry, poe_id)


def get_poes_by_code(session: Session, codes: list[str]) -> dict[str, PointOfEntry]:
    """Points of entry by code."""
    found: dict[str, PointOfEntry] = {}
    for start in range(0, len(codes), 500):
        chunk = codes[start : start + 500]
        statement = select(PointOfEntry).where(PointOfEntry.code.in_(chunk))
        found.update({poe.code: poe for poe in session.scalars(statement)})
    return found


def search_poes(
    session: Session,
    *,
    country: str | None = None,
    kind: str | None = None,
    text: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[Sequence[PointOfEntry], int]:
    """A filtered page of points of entry, with the total count."""
    statement = select(PointOfEntry)
    if country:
        statement = statement.where(PointOfEntry.country_iso3 == country.upper())
    if kind:
        statement = statement.where(PointOfEntry.kind == kind)
    if text:
        pattern = f"%{text.strip().lower()}%"
        statement = statement.where(
            or_(
                func.lower(PointOfEntry.name).like(pattern),
                func.lower(PointOfEntry.code).like(pattern),
            )
        )
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    page = (
        statement.order_by(PointOfEntry.country_iso3, PointOfEntry.name).limit(limit).offset(offset)
    )
    return session.scalars(page).all(), total


def count_poes_by_kind(session: Session) -> dict[str, int]:
    """How many points of entry of each kind."""
    statement = select(PointOfEntry.kind, func.count()).group_by(PointOfEntry.kind)
    return {kind: count for kind, count in session.execute(statement).all()}


def get_poes_by_ids(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, PointOfEntry]:
    """Points of entry by id."""
    found: dict[uuid.UUID, PointOfEntry] = {}
    for start in range(0, len(ids), 500):
        statement = select(PointOfEntry).where(PointOfEntry.id.in_(ids[start : start + 500]))
        found.update({poe.id: poe for poe in session.scalars(statement)})
    return found
