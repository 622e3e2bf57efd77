"""Travellers with medical conditions of interest: a list (and map) for public health
authorities, kept apart from border alert lists. Each entry comes from one screening, and every
listing is audited."""

from __future__ import annotations

from sqlalchemy.orm import Session

from passage.access import Principal, poe_scope
from passage.health import access
from passage.health.cases import repository
from passage.health.cases.schemas import InterestRead
from passage.kit import audit
from passage.kit.clock import today, utcnow

STATUSES = ("active", "closed", "ended")


def list_interest(
    *,
    session: Session,
    actor: Principal,
    status: str | None = "active",
    disease: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> tuple[list[InterestRead], int]:
    """Entries in the actor's scope; monitoring that ended yesterday or before is closed first."""
    repository.expire_interest(session, today(), utcnow())
    rows, total = repository.search_interest(
        session,
        scope=poe_scope(actor, "health.read"),
        status=status if status in STATUSES else None,
        limit=limit,
        offset=offset,
    )
    items = [
        InterestRead(
            id=entry.id,
            screening_id=entry.screening_id,
            case_id=entry.case_id,
            poe_id=poe.id,
            poe_code=poe.code,
            poe_name=poe.name,
            latitude=poe.latitude,
            longitude=poe.longitude,
            diseases=entry.diseases,
            classification=entry.classification,
            monitor_until=entry.monitor_until,
            status=entry.status,
            surname=screening.surname,
            given_names=screening.given_names,
            phone=screening.phone,
            address_during_stay=screening.address_during_stay,
            arrival_date=screening.arrival_date,
        )
        for entry, screening, poe in rows
        if not disease or disease in entry.diseases
    ]
    audit.record(
        session,
        action="health.interest.list",
        object_type="traveller_of_interest",
        purpose=access.PURPOSE,
        details={"count": len(items)},
    )
    return items, total
