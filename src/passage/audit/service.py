"""Writing the queued audit entries (`kit.audit.record`) into the chain, and verifying it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from passage.audit import anchoring, keys, repository
from passage.audit.anchoring import Checkpoint
from passage.audit.chain import ChainReport, entry_digest, entry_mac, head_mac
from passage.audit.models import AuditCheckpoint, AuditEntry
from passage.auth import service as auth_service
from passage.db import transaction
from passage.kit import audit
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
    key = keys.current_key()
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
        entry.mac = entry_mac(key, entry.hash)
        rows.append(dict(vars(entry)))
    repository.append(session, rows, seq, prev_hash, head_mac(key, seq, prev_hash))


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
    mac: str | None = None


def install() -> None:
    """Write the queued audit entries before every commit, after the exchange feed's writer
    (rank 10): the feed head is always locked before the audit head."""
    pending_work.register_writer(PENDING_KEY, _write_pending, rank=20)


def verify(
    session: Session, *, checkpoints: Sequence[Checkpoint] = (), trusted: Any | None = None
) -> ChainReport:
    """Check the whole chain, its head and its checkpoints (those kept in the database and those
    given, e.g. read from the exported file, checked with `trusted` keys if given); the check is
    audited."""
    report = anchoring.verify(session=session, extra=checkpoints, trusted=trusted)
    audit.record(
        session,
        action="verify",
        object_type="audit_entry",
        details={"ok": report.ok, "checked": report.checked, "checkpoints": report.checkpoints},
    )
    return report


@dataclass(frozen=True)
class EntryFilters:
    """What the audit trail is narrowed to: action, object, actor and a range of days."""

    action: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    actor_id: str | None = None
    since: date | None = None
    until: date | None = None  # inclusive

    def used(self) -> list[str]:
        """The names of the filters given (their values are never audited)."""
        return sorted(name for name, value in vars(self).items() if value)


def _start_of(day: date | None) -> datetime | None:
    return datetime.combine(day, time.min, tzinfo=UTC) if day else None


def list_entries(
    *,
    session: Session,
    action: str | None = None,
    object_id: str | None = None,
    actor_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
    filters: EntryFilters | None = None,
) -> tuple[Sequence[AuditEntry], int]:
    """A page of entries, newest first, filtered by action, object, actor or days, with the
    total. Reading the audit trail is itself audited (which filters were used, never their
    values)."""
    chosen = filters or EntryFilters(action=action, object_id=object_id, actor_id=actor_id)
    after_until = chosen.until + timedelta(days=1) if chosen.until else None
    items, total = repository.list_entries(
        session,
        action=chosen.action,
        object_id=chosen.object_id,
        actor_id=chosen.actor_id,
        object_type=chosen.object_type,
        since=_start_of(chosen.since),
        before=_start_of(after_until),
        limit=limit,
        offset=offset,
    )
    audit.record(
        session,
        action="list",
        object_type="audit_entry",
        details={"count": len(items), "filters": chosen.used()},
    )
    return items, total


def actor_names(*, session: Session, entries: Sequence[AuditEntry]) -> dict[str, str]:
    """The names of the people who acted in these entries (account id -> full name)."""
    ids = sorted({e.actor_id for e in entries if e.actor_id})
    return auth_service.names_of(session=session, ids=ids)


def people(*, session: Session) -> dict[str, str]:
    """Every account by name, to filter the trail by the person who acted."""
    return auth_service.names_of(session=session)


def make_checkpoint(*, session: Session) -> AuditCheckpoint:
    """Sign and keep a checkpoint of the head now (and append it to the checkpoint file)."""
    return anchoring.make_checkpoint(session=session)


def export_line(row: AuditCheckpoint) -> str:
    """A stored checkpoint as one exported JSON line."""
    return anchoring.as_checkpoint(row).to_line()


def list_checkpoints(
    *, session: Session, limit: int = 100, offset: int = 0
) -> list[anchoring.Checkpoint]:
    """Checkpoints in their exported form, newest first; the listing is audited."""
    rows = repository.list_checkpoints(session, limit=limit, offset=offset)
    audit.record(
        session, action="list", object_type="audit_checkpoint", details={"count": len(rows)}
    )
    return [anchoring.as_checkpoint(row) for row in rows]


def read_checkpoints(text: str) -> list[Checkpoint]:
    """Checkpoints from exported JSON lines (Invalid naming the first bad line)."""
    return anchoring.read_lines(text)


def checkpoint_job(factory: sessionmaker[Session] | None = None) -> int:
    """Make a checkpoint when the head moved since the last one (the job loop runs this)."""
    with transaction(factory) as session:
        audit.set_context(session, audit.AuditContext("system", None, None, "audit anchoring"))
        if not anchoring.checkpoint_due(session=session):
            return 0
        anchoring.make_checkpoint(session=session)
    return 1
