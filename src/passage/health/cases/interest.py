"""Travellers with medical conditions of interest: a list (and map) for public health
authorities, kept apart from border alert lists. Each entry comes from one screening, and every
listing is audited."""

from __future__ import annotations

from typing import Literal

from sqlalchemy.orm import Session

from passage.access import Principal, poe_scope
from passage.health import access
from passage.health.cases import repository
from passage.health.cases.schemas import InterestRead
from passage.kit import audit
from passage.kit.clock import today, utcnow
from passage.kit.tables import table_file

STATUSES = ("active", "closed", "ended")


EXPORT_COLUMNS = (
    "surname",
    "given_names",
    "diseases",
    "classification",
    "arrival_date",
    "poe_code",
    "poe_name",
    "phone",
    "address_during_stay",
    "monitor_until",
    "status",
    "screening_id",
    "case_id",
)
EXPORT_LIMIT = 100_000


def list_interest(
    *,
    session: Session,
    actor: Principal,
    status: str | None = "active",
    disease: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> tuple[list[InterestRead], int]:
    """Entries in the actor's scope; monitoring that ended yesterday or before is closed first
    (the listing is audited)."""
    items, total = _interest(session, actor, status, disease, limit, offset)
    audit.record(
        session,
        action="health.interest.list",
        object_type="traveller_of_interest",
        purpose=access.PURPOSE,
        details={"count": len(items)},
    )
    return items, total


def export(
    *,
    session: Session,
    actor: Principal,
    status: str | None = "active",
    disease: str | None = None,
    file_format: Literal["csv", "xlsx"] = "csv",
) -> tuple[bytes, str]:
    """The list in the actor's scope as CSV or XLSX (content, media type); audited with the
    count and format, never a name."""
    items, _ = _interest(session, actor, status, disease, EXPORT_LIMIT, 0)
    rows = (
        [
            "|".join(value) if isinstance(value, list) else "" if value is None else str(value)
            for value in (getattr(item, name) for name in EXPORT_COLUMNS)
        ]
        for item in items
    )
    content = table_file(EXPORT_COLUMNS, rows, file_format, "travellers")
    audit.record(
        session,
        action="health.interest.export",
        object_type="traveller_of_interest",
        purpose=access.PURPOSE,
        details={"count": len(items), "format": file_format},
    )
    return content


def _interest(
    session: Session,
    actor: Principal,
    status: str | None,
    disease: str | None,
    limit: int,
    offset: int,
) -> tuple[list[InterestRead], int]:
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
    return items, total
