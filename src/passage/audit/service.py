"""Recording audit entries within the caller's transaction and verifying the chain."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from passage.audit import repository
from passage.audit.chain import ChainReport, entry_digest, verify_chain
from passage.audit.models import AuditEntry
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
    session.info.setdefault(PENDING_KEY, []).append(pending)


def _write_pending(session: Session) -> None:
    """Chain and add the queued entries under the locked head (runs before commit)."""
    pending: list[_Pending] = session.info.pop(PENDING_KEY, [])
    if not pending:
        return
    context = get_context(session)
    head = repository.lock_head(session)
    for item in pending:
        entry = AuditEntry(
            id=uuid7(),
            seq=head.seq + 1,
            occurred_at=utcnow(),
            actor_type=context.actor_type,
            actor_id=context.actor_id,
            action=item.action,
            object_type=item.object_type,
            object_id=item.object_id,
            purpose=item.purpose or context.purpose,
            request_id=context.request_id,
            details=item.details,
            prev_hash=head.hash,
        )
        entry.hash = entry_digest(entry, head.hash)
        session.add(entry)
        head.seq, head.hash = entry.seq, entry.hash
    session.flush()


def _discard_pending(session: Session, *_args: Any) -> None:
    session.info.pop(PENDING_KEY, None)


event.listen(Session, "before_commit", _write_pending)
event.listen(Session, "after_rollback", _discard_pending)


def verify(session: Session) -> ChainReport:
    """Check the whole chain and its head."""
    head = repository.get_head(session)
    head_seq, head_hash = (head.seq, head.hash) if head else (0, "")
    return verify_chain(repository.iter_entries(session), head_seq, head_hash)
