"""Recording audit entries within the caller's transaction and verifying the chain."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from passage.audit import repository
from passage.audit.chain import ChainReport, entry_digest, verify_chain
from passage.kit import pending as pending_work
from passage.kit.clock import utcnow
from passage.kit.ids import uuid7

CONTEXT_KEY = "audit_context"
PENDING_KEY = "audit_pending"


@dataclass
class AuditContext:
    """Who acts, in which request, for what purpose; set once by the transaction's owner."""

    actor_type: str = "system"
    actor_id: str | None = None
    request_id: str | None = None
    purpose: str | None = None


@dataclass
class _Pending:
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
    """Queue an audit entry; it is chained and written when the transaction commits.

    `details` must never hold personal data: field names and counts, not values.
    """
    pending = _Pending(
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        purpose=purpose,
        details=details or {},
    )
    pending_work.queue(session, PENDING_KEY, pending)


def _write_pending(session: Session) -> None:
    """Chain and insert the queued entries under the locked head (runs before commit).

    Plain INSERT/UPDATE statements, no ORM objects: this runs in every writing request, and
    the head stays locked until the commit."""
    pending: list[_Pending] = pending_work.take(session, PENDING_KEY)
    if not pending:
        return
    session.flush()  # the caller's changes first, as before: the lock is held briefly
    context = get_context(session)
    seq, prev_hash = repository.lock_head(session)
    rows = []
    for item in pending:
        seq += 1
        entry = _Entry(
            id=uuid7(),
            seq=seq,
            occurred_at=utcnow(),
            actor_type=context.actor_type,
            actor_id=context.actor_id,
            action=item.action,
            object_type=item.object_type,
            object_id=item.object_id,
            purpose=item.purpose or context.purpose,
            request_id=context.request_id,
            details=item.details,
            prev_hash=prev_hash,
        )
        entry.hash = prev_hash = entry_digest(entry, prev_hash)
        rows.append(dict(vars(entry)))
    repository.append(session, rows, seq, prev_hash)


@dataclass
class _Entry:
    """The columns of one audit entry as it is chained and inserted."""

    id: uuid.UUID
    seq: int
    occurred_at: datetime
    actor_type: str
    actor_id: str | None
    action: str
    object_type: str | None
    object_id: str | None
    purpose: str | None
    request_id: str | None
    details: dict[str, Any]
    prev_hash: str
    hash: str = ""


event.listen(Session, "before_commit", _write_pending)


def verify(session: Session) -> ChainReport:
    """Check the whole chain and its head."""
    head = repository.get_head(session)
    head_seq, head_hash = (head.seq, head.hash) if head else (0, "")
    return verify_chain(repository.iter_entries(session), head_seq, head_hash)
