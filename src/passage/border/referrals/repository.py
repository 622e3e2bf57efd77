"""Every query about referrals (scope-limited listing included)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import ColumnElement, false, func, or_, select
from sqlalchemy.orm import Session

from passage.access import Principal, ScopeType, roles_for
from passage.border.crossings.models import Crossing
from passage.border.referrals.models import Referral
from passage.geo.models import PointOfEntry


def crossed_at(session: Session, traveller_id: uuid.UUID, poe_id: uuid.UUID) -> bool:
    """Whether the traveller has a crossing recorded at the point of entry."""
    statement = select(Crossing.id).where(
        Crossing.traveller_id == traveller_id, Crossing.poe_id == poe_id
    )
    return session.scalar(statement.limit(1)) is not None


def get_referral_row(session: Session, referral_id: uuid.UUID) -> Referral | None:
    """One referral by id, unchecked."""
    return session.get(Referral, referral_id)


def _scope_filter(principal: Principal, permission: str) -> ColumnElement[bool] | None:
    """The WHERE clause limiting referrals to the principal's scope (None: sees everything)."""
    allowed = roles_for(permission)
    clauses: list[ColumnElement[bool]] = []
    for grant in principal.grants:
        if grant.role not in allowed:
            continue
        if grant.scope_type is ScopeType.GLOBAL:
            return None
        value = grant.scope_value or ""
        if grant.scope_type is ScopeType.ORGANISATION:
            clauses.append(Referral.organisation == value)
        elif grant.scope_type is ScopeType.COUNTRY:
            in_country = select(PointOfEntry.id).where(PointOfEntry.country_iso3 == value)
            clauses.append(Referral.poe_id.in_(in_country))
        elif grant.scope_type is ScopeType.POE:
            clauses.append(Referral.poe_id == _uuid_or_none(value))
    return or_(*clauses) if clauses else false()


def _uuid_or_none(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def search_referrals(
    session: Session,
    *,
    principal: Principal,
    status: str | None = None,
    crossing_id: uuid.UUID | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[Sequence[Referral], int]:
    """A page of the referrals within the principal's scope, newest first, and the total."""
    statement = select(Referral)
    scope = _scope_filter(principal, "referrals.read")
    if scope is not None:
        statement = statement.where(scope)
    if status:
        statement = statement.where(Referral.status == status)
    if crossing_id:
        statement = statement.where(Referral.crossing_id == crossing_id)
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    page = statement.order_by(Referral.created_at.desc()).limit(limit).offset(offset)
    return session.scalars(page).all(), total
