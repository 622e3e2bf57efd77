"""Who may see which health records: the scope of a health permission, and POE checks.

Both the API and the pages call these, so the rule lives in one place (never in a route).
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from passage.auth.policy import Principal, can, poe_scope
from passage.errors import NotFound
from passage.geo import repository as geo_repository
from passage.geo import service as geo_service
from passage.geo.models import PointOfEntry

PURPOSE = "port health"


def check_record_poe(session: Session, poe_id: uuid.UUID, actor: Principal, what: str) -> None:
    """A record at a POE outside the actor's health scope is reported as not found."""
    poe = geo_repository.get_poe(session, poe_id)
    if poe is None or not can(actor, "health.read", geo_service.poe_target(poe)):
        raise NotFound(f"no such {what}")


def operable_poes(session: Session, principal: Principal) -> list[PointOfEntry]:
    """The POEs where the principal screens: POE grants, else every POE of their countries."""
    scope = poe_scope(principal, "health.screen")
    if scope is None:
        return list(geo_repository.search_poes(session, limit=1000)[0])
    found = [poe for pid in sorted(scope.poe_ids) if (poe := geo_repository.get_poe(session, pid))]
    for country in sorted(scope.countries):
        found += geo_repository.search_poes(session, country=country, limit=1000)[0]
    return list({poe.id: poe for poe in found}.values())
