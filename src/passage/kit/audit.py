"""Recording audit entries: every domain calls `record` in its transaction; the audit trail
(`passage.audit`) chains and writes the queued entries just before the commit.

`details` never hold personal data: field names and counts, not values.

A refused attempt (Forbidden, OutOfScope) is audited as `access.denied` even though its request
rolls back: `db.rollback` runs `_record_refusal` and commits the entry on its own. The messages of
those errors name rules ("this point of entry is outside your scope"), never personal data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from passage.db import AFTER_ROLLBACK_KEY, on_failure
from passage.errors import Forbidden, OutOfScope
from passage.kit import pending as pending_work

CONTEXT_KEY = "audit_context"
PENDING_KEY = "audit_pending"


@dataclass
class AuditContext:
    """Who acts, in which request, for what purpose; set once by the transaction's owner."""

    actor_type: str = "system"
    actor_id: str | None = None
    request_id: str | None = None
    purpose: str | None = None
    route: str | None = None  # "METHOD /path/{template}": named in refusals, never chained


@dataclass
class PendingEntry:
    """An audit entry queued in a session, waiting for the commit to be chained."""

    action: str
    object_type: str | None
    object_id: str | None
    purpose: str | None
    details: dict[str, Any] = field(default_factory=dict)


def set_context(session: Session, context: AuditContext) -> None:
    """Attach the actor and request to the session; every entry recorded in it carries them."""
    session.info[CONTEXT_KEY] = context


def get_context(session: Session) -> AuditContext:
    """The session's audit context (a 'system' actor when none was set)."""
    return session.info.setdefault(CONTEXT_KEY, AuditContext())


def record(
    session: Session,
    *,
    action: str,
    object_type: str | None = None,
    object_id: object = None,
    purpose: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Queue an audit entry; it is chained and written when the transaction commits."""
    pending = PendingEntry(
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        purpose=purpose,
        details=details or {},
    )
    pending_work.queue(session, PENDING_KEY, pending)


def _record_refusal(session: Session, error: BaseException) -> None:
    """After a refused request rolled back: audit the attempt in a transaction of its own."""
    if not isinstance(error, Forbidden | OutOfScope):
        return
    context = get_context(session)
    details: dict[str, Any] = {"reason": error.message, "status": error.status}
    if error.field:
        details["field"] = error.field
    if context.route:
        details["route"] = context.route

    def work(db: Session) -> None:
        record(db, action="access.denied", details=details)

    session.info.setdefault(AFTER_ROLLBACK_KEY, []).append(work)


on_failure(_record_refusal)
