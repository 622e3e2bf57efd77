"""Figures of point-of-entry operations, counts only: crossing statistics for staff (grouped,
audited when exported) and the officer's work queues at their posts (the dashboard)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal, can, poe_scope
from passage.border.crossings import repository
from passage.errors import NotFound
from passage.geo import repository as geo_repository
from passage.geo import service as geo_service
from passage.geo.models import PointOfEntry
from passage.kit import audit


def work_queue(*, session: Session, actor: Principal) -> dict[str, int]:
    """The officer's queues at their posts: crossings with open hits, decisions pending."""
    return repository.work_queue_counts(session, scope=poe_scope(actor, "border.operate"))


def statistics(
    *,
    session: Session,
    actor: Principal,
    date_from: date,
    date_to: date,
    group_by: Sequence[str],
    poe_id: uuid.UUID | None = None,
) -> list[dict[str, Any]]:
    """Entries and exits in the actor's scope, grouped; aggregate counts only."""
    if poe_id is not None:
        poe = geo_repository.get_poe(session, poe_id)
        if poe is None or not can(actor, "border.stats", geo_service.poe_target(poe)):
            raise NotFound("no such point of entry", field="poe")
    return repository.crossing_counts(
        session,
        scope=poe_scope(actor, "border.stats"),
        poe_id=poe_id,
        date_from=date_from,
        date_to=date_to,
        group_by=group_by,
    )


def record_statistics_export(
    *,
    session: Session,
    date_from: date,
    date_to: date,
    group_by: Sequence[str],
    poe_id: uuid.UUID | None,
    suppressed: bool,
    rows: int,
) -> None:
    """Audit a CSV export of the statistics: its range, grouping, POE and suppression choice."""
    audit.record(
        session,
        action="export",
        object_type="border_statistics",
        details={
            "from": date_from.isoformat(),
            "to": date_to.isoformat(),
            "group_by": list(group_by),
            "poe_id": str(poe_id) if poe_id else None,
            "suppressed": suppressed,
            "rows": rows,
        },
    )


def poe_for_statistics(*, session: Session, poe_id: uuid.UUID, actor: Principal) -> PointOfEntry:
    """The POE whose statistics the actor may see (404 unknown, 403 out of scope)."""
    return geo_service.require_poe_in_scope(session, poe_id, actor, "border.stats")
