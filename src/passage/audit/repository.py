"""Every query of the audit trail."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Row, Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from passage.audit.chain import GENESIS_HASH
from passage.audit.models import AuditCheckpoint, AuditEntry, AuditHead

HEAD_NAME = "main"
HEAD = cast(Table, AuditHead.__table__)
ENTRIES = cast(Table, AuditEntry.__table__)


def try_lock_head(session: Session) -> tuple[int, str, bool] | None:
    """The chain head's (seq, hash) and whether entries wait to be chained, the head locked FOR
    UPDATE SKIP LOCKED on PostgreSQL until the commit; None when another transaction holds it
    (or it is missing: `lock_head` makes it). SQLite renders no lock: its writers are
    serialised already, so the head is always free. One statement: this runs in every write."""
    waiting = select(ENTRIES.c.id).where(ENTRIES.c.seq.is_(None)).exists().label("waiting")
    statement = select(HEAD.c.seq, HEAD.c.hash, waiting).where(HEAD.c.name == HEAD_NAME)
    row = session.execute(statement.with_for_update(of=HEAD, skip_locked=True)).first()
    return None if row is None else (int(row.seq), str(row.hash), bool(row.waiting))


def lock_head(session: Session) -> tuple[int, str]:
    """The chain head's (seq, hash), locked FOR UPDATE (waiting for its holder's commit); the
    head row is created when missing."""
    statement = select(HEAD.c.seq, HEAD.c.hash).where(HEAD.c.name == HEAD_NAME).with_for_update()
    row = session.execute(statement).first()
    if row is None:
        session.execute(insert(HEAD).values(name=HEAD_NAME, seq=0, hash=GENESIS_HASH))
        return 0, GENESIS_HASH
    return int(row.seq), str(row.hash)


def insert_entries(session: Session, entries: list[dict[str, Any]]) -> None:
    """Insert entries, chained or not (one statement)."""
    if entries:
        session.execute(insert(ENTRIES), entries)


def unchained(session: Session, limit: int) -> Sequence[Row[Any]]:
    """Committed entries waiting to be chained (seq NULL), oldest id first."""
    statement = select(ENTRIES).where(ENTRIES.c.seq.is_(None)).order_by(ENTRIES.c.id)
    return session.execute(statement.limit(limit)).all()


def chain_entries(session: Session, links: list[dict[str, Any]]) -> None:
    """Give waiting entries their place in the chain (the one update the triggers allow)."""
    if not links:
        return
    statement = (
        update(ENTRIES)
        .where(ENTRIES.c.id == bindparam("entry_id"), ENTRIES.c.seq.is_(None))
        .values(
            seq=bindparam("link_seq"),
            prev_hash=bindparam("link_prev_hash"),
            hash=bindparam("link_hash"),
            mac=bindparam("link_mac"),
        )
    )
    session.connection().execute(statement, links)


def move_head(session: Session, seq: int, hash_: str, mac: str) -> None:
    """Move the locked head to the last chained entry."""
    statement = update(HEAD).where(HEAD.c.name == HEAD_NAME)
    session.execute(statement.values(seq=seq, hash=hash_, mac=mac))


def get_head(session: Session) -> AuditHead | None:
    """The chain head without locking."""
    return session.get(AuditHead, HEAD_NAME, populate_existing=True)


def iter_entries(session: Session, batch: int = 2000) -> Iterator[AuditEntry]:
    """Every chained entry in chain order, streamed."""
    statement = select(AuditEntry).where(AuditEntry.seq.is_not(None)).order_by(AuditEntry.seq)
    # populate_existing: verify what is stored, never what this session cached.
    statement = statement.execution_options(yield_per=batch, populate_existing=True)
    yield from session.scalars(statement)


def list_entries(
    session: Session,
    *,
    action: str | None = None,
    object_id: str | None = None,
    actor_id: str | None = None,
    object_type: str | None = None,
    since: datetime | None = None,
    before: datetime | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[Sequence[AuditEntry], int]:
    """A page of entries, newest first (those waiting to be chained first), with the total."""
    statement = select(AuditEntry)
    if object_type:
        statement = statement.where(AuditEntry.object_type == object_type)
    if since:
        statement = statement.where(AuditEntry.occurred_at >= since)
    if before:
        statement = statement.where(AuditEntry.occurred_at < before)
    if action:
        statement = statement.where(AuditEntry.action == action)
    if object_id:
        statement = statement.where(AuditEntry.object_id == object_id)
    if actor_id:
        statement = statement.where(AuditEntry.actor_id == actor_id)
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    order = (AuditEntry.seq.desc().nulls_first(), AuditEntry.id.desc())
    page = statement.order_by(*order).limit(limit).offset(offset)
    return session.scalars(page).all(), total


def entry_hash_at(session: Session, seq: int) -> str | None:
    """The stored hash of the entry at a seq (None: there is none)."""
    return session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == seq))


def entry_at(session: Session, seq: int) -> AuditEntry | None:
    """The entry at a place in the chain."""
    return session.scalars(select(AuditEntry).where(AuditEntry.seq == seq)).first()


def add_checkpoint(session: Session, checkpoint: AuditCheckpoint) -> AuditCheckpoint:
    """Keep a checkpoint."""
    session.add(checkpoint)
    session.flush()
    return checkpoint


def latest_checkpoint(session: Session) -> AuditCheckpoint | None:
    """The checkpoint of the highest seq."""
    statement = select(AuditCheckpoint).order_by(
        AuditCheckpoint.seq.desc(), AuditCheckpoint.made_at.desc()
    )
    return session.scalars(statement.limit(1)).first()


def list_checkpoints(
    session: Session, *, limit: int = 100, offset: int = 0
) -> Sequence[AuditCheckpoint]:
    """Checkpoints, newest first."""
    statement = select(AuditCheckpoint).order_by(
        AuditCheckpoint.made_at.desc(), AuditCheckpoint.seq.desc()
    )
    return session.scalars(statement.limit(limit).offset(offset)).all()


def all_checkpoints(session: Session) -> Sequence[AuditCheckpoint]:
    """Every stored checkpoint, oldest first."""
    return session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.made_at)).all()
