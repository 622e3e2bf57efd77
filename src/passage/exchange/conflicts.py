"""The review list: partners' changes to records edited here, waiting for a person to keep the
local record or apply the partner's change over it. Flushes only."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal, ScopeTarget, can, poe_scope
from passage.errors import Conflict, Forbidden, NotFound
from passage.exchange import kinds, repository
from passage.exchange.models import ImportConflict
from passage.exchange.schemas import ConflictRead
from passage.kit import audit
from passage.kit.clock import utcnow
from passage.kit.repository import check_version

PERMISSION = "exchange.review"
STATUSES = ("open", "accepted", "kept", "superseded")


def in_scope(principal: Principal, conflict: ImportConflict) -> bool:
    """Whether the reviewer's grant covers the record's country."""
    return can(principal, PERMISSION, ScopeTarget(country=conflict.country_iso3))


def conflict_read(session: Session, conflict: ImportConflict) -> ConflictRead:
    """A conflict as the API and the page show it."""
    partner = repository.get_partner(session, conflict.partner_id)
    return ConflictRead(
        id=conflict.id,
        version=conflict.version,
        partner=partner.name if partner else "?",
        record_type=conflict.record_type,
        local_record_id=conflict.local_record_id,
        country_iso3=conflict.country_iso3,
        title=conflict.title,
        reason=conflict.reason,
        status=conflict.status,
        remote_version=conflict.remote_version,
        remote_published_at=conflict.remote_published_at,
        created_at=conflict.created_at,
        content=conflict.entry.get("content", {}),
    )


def list_conflicts(
    *, session: Session, principal: Principal, status: str | None = "open"
) -> list[ConflictRead]:
    """The conflicts within the reviewer's scope, newest first (the newest 200)."""
    scope = poe_scope(principal, PERMISSION)
    countries = None if scope is None else scope.countries
    rows = repository.list_conflicts(session, status=status or None, countries=countries)
    return [conflict_read(session, c) for c in rows if in_scope(principal, c)]


def get_conflict(
    *, session: Session, principal: Principal, conflict_id: uuid.UUID
) -> ImportConflict:
    """A conflict within the reviewer's scope, or NotFound / Forbidden."""
    conflict = repository.get_conflict(session, conflict_id)
    if conflict is None:
        raise NotFound("no such conflict")
    if not in_scope(principal, conflict):
        raise Forbidden("this record's country is outside your scope")
    return conflict


def resolve(
    *, session: Session, principal: Principal, conflict_id: uuid.UUID, version: int, choice: str
) -> ImportConflict:
    """Keep the local record ('mine') or apply the partner's change over it ('theirs')."""
    conflict = get_conflict(session=session, principal=principal, conflict_id=conflict_id)
    check_version(conflict, version)
    if conflict.status != "open":
        raise Conflict("this conflict is already %(status)s", params={"status": conflict.status})
    if choice == "theirs":
        _accept(session, conflict)
    conflict.status = "accepted" if choice == "theirs" else "kept"
    conflict.resolved_by, conflict.resolved_at = principal.user_id, utcnow()
    session.flush()
    audit.record(
        session,
        action="exchange.resolve_conflict",
        object_type="exchange_conflict",
        object_id=conflict.id,
        details={"choice": choice, "record_type": conflict.record_type},
    )
    return conflict


def local_state(session: Session, conflict: ConflictRead) -> dict[str, Any] | None:
    """The local record as the feed would carry it, to compare with the partner's change."""
    kind = kinds.get(conflict.record_type)
    if kind is None or kind.local_content is None or conflict.local_record_id is None:
        return None
    return kind.local_content(session, conflict.local_record_id)


def differences(mine: dict[str, Any] | None, theirs: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(field, local value, partner's value) for every field that differs."""
    mine = mine or {}
    names = sorted(set(mine) | set(theirs))
    return [
        (name, mine.get(name), theirs.get(name))
        for name in names
        if mine.get(name) != theirs.get(name)
    ]


def _accept(session: Session, conflict: ImportConflict) -> None:
    kind = kinds.get(conflict.record_type)
    if kind is None or kind.accept is None:
        raise Conflict(
            "a partner's %(record_type)s cannot be applied over a local one",
            params={"record_type": conflict.record_type},
        )
    partner = repository.get_partner(session, conflict.partner_id)
    assert partner is not None  # the foreign key guarantees it
    kind.accept(session, conflict, partner)
