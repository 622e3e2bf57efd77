"""Who may see which health records: the scope of a health permission, and POE checks.

Both the API and the pages call these, so the rule lives in one place (never in a route).
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from passage.auth.policy import Principal, ScopeTarget, ScopeType, can, roles_for
from passage.errors import Forbidden, NotFound
from passage.geo import repository as geo_repository
from passage.geo.models import PointOfEntry
from passage.health.repository import PoeScope

PURPOSE = "port health"


def scope_for(principal: Principal, permission: str) -> PoeScope | None:
    """The POEs a principal reaches under a permission: None for all (a global grant)."""
    allowed = roles_for(permission)
    countries: set[str] = set()
    poe_ids: set[uuid.UUID] = set()
    for grant in principal.grants:
        if grant.role not in allowed:
            continue
        if grant.scope_type is ScopeType.GLOBAL:
            return None
        if grant.scope_type is ScopeType.COUNTRY and grant.scope_value:
            countries.add(grant.scope_value)
        elif grant.scope_type is ScopeType.POE and grant.scope_value:
            try:
                poe_ids.add(uuid.UUID(grant.scope_value))
            except ValueError:
                continue
    return PoeScope(frozenset(countries), frozenset(poe_ids))


def poe_target(poe: PointOfEntry) -> ScopeTarget:
    """The scope target of a point of entry."""
    return ScopeTarget(country=poe.country_iso3, poe_id=poe.id)


def require_poe(
    session: Session, poe_id: uuid.UUID, actor: Principal, permission: str
) -> PointOfEntry:
    """The POE when the actor's grant reaches it: 404 unknown, 403 outside the scope."""
    poe = geo_repository.get_poe(session, poe_id)
    if poe is None:
        raise NotFound("no such point of entry", field="poe_id")
    if not can(actor, permission, poe_target(poe)):
        raise Forbidden("this point of entry is outside your scope", field="poe_id")
    return poe


def check_record_poe(session: Session, poe_id: uuid.UUID, actor: Principal, what: str) -> None:
    """A record at a POE outside the actor's health scope is reported as not found."""
    poe = geo_repository.get_poe(session, poe_id)
    if poe is None or not can(actor, "health.read", poe_target(poe)):
        raise NotFound(f"no such {what}")


def operable_poes(session: Session, principal: Principal) -> list[PointOfEntry]:
    """The POEs where the principal screens: POE grants, else every POE of their countries."""
    scope = scope_for(principal, "health.screen")
    if scope is None:
        return list(geo_repository.search_poes(session, limit=1000)[0])
    found = [poe for pid in sorted(scope.poe_ids) if (poe := geo_repository.get_poe(session, pid))]
    for country in sorted(scope.countries):
        found += geo_repository.search_poes(session, country=country, limit=1000)[0]
    return list({poe.id: poe for poe in found}.values())
