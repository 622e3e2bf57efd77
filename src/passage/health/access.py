"""Who may see which health records: the scope of a health permission, POE checks, and the
names of the POEs a page shows.

Both the API and the pages call these, so the rule lives in one place (never in a route).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy.orm import Session

from passage.access import Principal, can
from passage.errors import NotFound, OutOfScope
from passage.geo import repository as geo_repository
from passage.geo import service as geo_service
from passage.geo.models import PointOfEntry

PURPOSE = "port health"


def check_record_poe(session: Session, poe_id: uuid.UUID, actor: Principal, what: str) -> None:
    """A record at a POE outside the actor's health scope is reported as not found (and the
    refusal is audited)."""
    poe = geo_repository.get_poe(session, poe_id)
    if poe is None:
        raise NotFound("no such %(what)s", params={"what": what})
    if not can(actor, "health.read", geo_service.poe_target(poe)):
        raise OutOfScope("no such %(what)s", params={"what": what})


def operable_poes(session: Session, principal: Principal) -> list[PointOfEntry]:
    """The POEs where the principal screens travellers."""
    return geo_service.operable_poes(
        session=session, principal=principal, permission="health.screen"
    )


def poe_names(*, session: Session, poe_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The names of the POEs of records already read in scope, by id."""
    return {pid: poe.name for pid in set(poe_ids) if (poe := geo_repository.get_poe(session, pid))}
