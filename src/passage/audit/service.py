"""Writing the queued audit entries (`kit.audit.record`) into the chain, and verifying it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from passage.audit import anchoring, keys, repository
from passage.audit.anchoring import Checkpoint
from passage.audit.chain import ChainReport, entry_digest, entry_mac, entry_seal, head_mac
from passage.audit.models import AuditCheckpoint, AuditEntry
from passage.auth import service as auth_service
from passage.db import transaction
from passage.kit import audit
from passage.kit import pending as pending_work
from passage.kit.audit import PENDING_KEY, AuditContext, PendingEntry, get_context
from passage.kit.clock import utcnow
from passage.kit.ids import uuid7

# Entries chained per statement batch by a holder of the head.
CHAIN_BATCH = 1000
# At most this many batches per pass (writers keep adding while a pass runs).
CHAIN_ROUNDS = 100
# How often the job loop chains what writers left waiting (`passage serve`, `passage jobs run`).
CHAIN_INTERVAL_SECONDS = 2.0
# An entry that waited longer than this to be chained is reported by `verify`: nothing chains
# them (no job loop runs and no one writes), and a waiting entry is not yet covered by a MAC.
PENDING_BOUND_SECONDS = 300.0


def _write_pending(session: Session) -> None:
    """Write the queued entries, sealed, just before the commit (plain INSERT/UPDATE, no ORM
    objects: this runs in every writing request).

    When the chain head is free, this transaction takes it until its commit and chains the
    entries other writers left waiting, then its own. When another transaction holds it, the
    entries are written unchained and this transaction goes on at once: writers never wait for
    one another on the head (the head's next holder, the job loop or `verify` chains them)."""
    pending: list[PendingEntry] = pending_work.take(session, PENDING_KEY)
    if not pending:
        return
    session.flush()  # the caller's changes first, as before
    context = get_context(session)
    key = keys.current_key()
    entries = [_sealed(item, context, key) for item in pending]
    head = repository.try_lock_head(session)
    if head is None:
        repository.insert_entries(session, [dict(vars(entry)) for entry in entries])
        return
    seq, head_hash, any_waiting = head
    rows = repository.unchained(session, CHAIN_BATCH) if any_waiting else []
    _chain(session, (seq, head_hash), key, [_Entry.of(row) for row in rows], entries)


def _sealed(item: PendingEntry, context: AuditContext, key: bytes) -> _Entry:
    entry = _Entry(
        id=uuid7(),
        seq=None,
        occurred_at=utcnow(),
        actor_type=context.actor_type,
        actor_id=context.actor_id,
        action=item.action,
        object_type=item.object_type,
        object_id=item.object_id,
        purpose=item.purpose or context.purpose,
        request_id=context.request_id,
        details=item.details,
    )
    entry.seal = entry_seal(key, entry)
    return entry


def _chain(
    session: Session, head: tuple[int, str], key: bytes, waiting: list[_Entry], new: list[_Entry]
) -> None:
    """Under the locked head: chain the waiting entries (already stored) and then the new ones
    (inserted chained), and move the head past them."""
    seq, prev_hash = head
    for entry in [*waiting, *new]:
        seq += 1
        entry.seq, entry.prev_hash = seq, prev_hash
        entry.hash = prev_hash = entry_digest(entry, prev_hash)
        entry.mac = entry_mac(key, entry.hash)
    repository.chain_entries(session, [entry.link() for entry in waiting])
    repository.insert_entries(session, [dict(vars(entry)) for entry in new])
    if waiting or new:
        repository.move_head(session, seq, prev_hash, head_mac(key, seq, prev_hash))


@dataclass(frozen=True)
class Chained:
    """What one pass of chaining did: how many waiting entries it chained, and when the oldest
    of them was written."""

    count: int = 0
    oldest: datetime | None = None


def chain_pending(session: Session) -> Chained:
    """Chain every entry waiting to be chained that this transaction sees, waiting for the head
    if another transaction holds it (`verify`, checkpoints and the job loop call this)."""
    key = keys.current_key()
    head = repository.lock_head(session)
    count, oldest = 0, None
    for _round in range(CHAIN_ROUNDS):
        waiting = [_Entry.of(row) for row in repository.unchained(session, CHAIN_BATCH)]
        if not waiting:
            break
        _chain(session, head, key, waiting, [])
        head = (waiting[-1].seq or 0, waiting[-1].hash or "")
        count += len(waiting)
        first = min(entry.occurred_at for entry in waiting)
        oldest = first if oldest is None else min(oldest, first)
    return Chained(count, oldest)


def chain_job(factory: sessionmaker[Session] | None = None) -> int:
    """Chain what writers left waiting (the job loop runs this); how many were chained."""
    with transaction(factory) as session:
        return chain_pending(session).count


@dataclass
class _Entry:
    """The columns of one audit entry as it is sealed, chained and written."""

    id: uuid.UUID
    seq: int | None
    occurred_at: datetime
    actor_type: str
    actor_id: str | None
    action: str
    object_type: str | None
    object_id: str | None
    purpose: str | None
    request_id: str | None
    details: dict[str, Any]
    prev_hash: str | None = None
    hash: str | None = None
    mac: str | None = None
    seal: str | None = None

    @classmethod
    def of(cls, row: Any) -> _Entry:
        """A stored entry, as read."""
        return cls(**{name: getattr(row, name) for name in cls.__dataclass_fields__})

    def link(self) -> dict[str, Any]:
        """The parameters of the update that chains this stored entry."""
        return {
            "entry_id": self.id,
            "link_seq": self.seq,
            "link_prev_hash": self.prev_hash,
            "link_hash": self.hash,
            "link_mac": self.mac,
        }


def install() -> None:
    """Write the queued audit entries before every commit, after the exchange feed's writer
    (rank 10): the feed head is always locked before the audit head."""
    pending_work.register_writer(PENDING_KEY, _write_pending, rank=20)


def verify(
    session: Session, *, checkpoints: Sequence[Checkpoint] = (), trusted: Any | None = None
) -> ChainReport:
    """Chain the entries waiting to be chained, then check the whole chain, its head and its
    checkpoints (those kept in the database and those given, e.g. read from the exported file,
    checked with `trusted` keys if given); the check is audited. The report names how many
    entries were waiting and how long the oldest had waited."""
    chained = chain_pending(session)
    report = anchoring.verify(session=session, extra=checkpoints, trusted=trusted)
    waited = (utcnow() - chained.oldest).total_seconds() if chained.oldest else 0.0
    report = replace(report, pending=chained.count, oldest_pending_seconds=round(waited, 1))
    audit.record(
        session,
        action="verify",
        object_type="audit_entry",
        details={
            "ok": report.ok,
            "checked": report.checked,
            "checkpoints": report.checkpoints,
            "pending": report.pending,
        },
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
    """Chain what waits, then sign and keep a checkpoint of the head now (and append it to the
    checkpoint file)."""
    chain_pending(session)
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
        chain_pending(session)
        if not anchoring.checkpoint_due(session=session):
            return 0
        anchoring.make_checkpoint(session=session)
    return 1
