"""Writing the queued audit entries (`kit.audit.record`) into the chain, and verifying it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from passage.audit import repository
from passage.audit.chain import ChainReport, entry_digest, verify_chain
from passage.audit.models import AuditEntry
from passage.kit import pending as pending_work
from passage.kit.audit import PENDING_KEY, PendingEntry, get_context
from passage.kit.clock import utcnow
from passage.kit.ids import uuid7


def _write_pending(session: Session) -> None:
    """Chain and insert the queued entries under the locked head (runs before commit).

    Plain INSERT/UPDATE statements, no ORM objects: this runs in every writing request, and
    the head stays locked until the commit."""
    pending: list[PendingEntry] = pending_work.take(session, PENDING_KEY)
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


def install() -> None:
    """Write the queued audit entries before every commit, after the exchange feed's writer
    (rank 10): the feed head is always locked before the audit head."""
    pending_work.register_writer(PENDING_KEY, _write_pending, rank=20)


def verify(session: Session) -> ChainReport:
    """Check the whole chain and its head."""
    head = repository.get_head(session)
    head_seq, head_hash = (head.seq, head.hash) if head else (0, "")
    return verify_chain(repository.iter_entries(session), head_seq, head_hash)


def list_entries(
    *,
    session: Session,
    action: str | None = None,
    object_id: str | None = None,
    actor_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[Sequence[AuditEntry], int]:
    """A page of entries, newest first, filtered by action, object or actor, with the total."""
    return repository.list_entries(
        session, action=action, object_id=object_id, actor_id=actor_id, limit=limit, offset=offset
    )
