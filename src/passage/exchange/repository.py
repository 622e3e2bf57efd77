"""Every query of the exchange: feed head and entries, signing keys, partners, provenance,
conflicts and rejections."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Select, Table, func, insert, or_, select, update
from sqlalchemy.orm import Session

from passage.exchange.models import (
    FeedEntry,
    FeedHead,
    ImportConflict,
    Partner,
    PartnerKey,
    Provenance,
    Rejection,
    SigningKey,
)

ENTRIES = cast(Table, FeedEntry.__table__)
HEAD_NAME = "main"


# ------------------------------------------------------------------ feed


def lock_head(session: Session) -> FeedHead:
    """The feed head, locked FOR UPDATE on PostgreSQL until commit (SQLite serialises writers).

    The migration creates the row, so concurrent first appends never race to insert it.
    """
    statement = select(FeedHead).where(FeedHead.name == HEAD_NAME).with_for_update()
    return session.scalars(statement.execution_options(populate_existing=True)).one()


def get_head(session: Session) -> FeedHead:
    """The feed head without locking."""
    return session.scalars(select(FeedHead).where(FeedHead.name == HEAD_NAME)).one()


def deployment_id(session: Session) -> uuid.UUID:
    """This deployment's id (it never changes: the head already in the session will do)."""
    head = session.get(FeedHead, HEAD_NAME)
    if head is None:
        raise LookupError("the feed head is missing: run `passage db upgrade`")
    return head.deployment_id


def add_entry(session: Session, entry: FeedEntry) -> FeedEntry:
    """Stage a new feed entry."""
    session.add(entry)
    return entry


def add_entries(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert many new feed entries at once (column values by name), as one Core executemany
    (an import's 100,000 entries: no ORM bulk processing per row)."""
    if rows:
        session.execute(insert(ENTRIES), rows)


def entries_after(
    session: Session, *, after: int, limit: int, kinds: Sequence[str] | None = None
) -> Sequence[FeedEntry]:
    """Entries with a cursor above `after`, in cursor order."""
    statement = select(FeedEntry).where(FeedEntry.cursor > after)
    if kinds:
        statement = statement.where(FeedEntry.kind.in_(kinds))
    return session.scalars(statement.order_by(FeedEntry.cursor).limit(limit)).all()


def entries_between(session: Session, *, after: int, until: int) -> Sequence[FeedEntry]:
    """Entries with after < cursor <= until, in cursor order."""
    statement = select(FeedEntry).where(FeedEntry.cursor > after, FeedEntry.cursor <= until)
    return session.scalars(statement.order_by(FeedEntry.cursor)).all()


def latest_entries(
    session: Session, *, before: int | None, limit: int, kinds: Sequence[str] | None = None
) -> Sequence[FeedEntry]:
    """The newest entries (below `before` when given), newest first."""
    statement = select(FeedEntry)
    if before is not None:
        statement = statement.where(FeedEntry.cursor < before)
    if kinds:
        statement = statement.where(FeedEntry.kind.in_(kinds))
    return session.scalars(statement.order_by(FeedEntry.cursor.desc()).limit(limit)).all()


def entry_count(session: Session) -> int:
    """How many entries the feed holds."""
    return session.scalar(select(func.count()).select_from(FeedEntry)) or 0


# ------------------------------------------------------------------ signing keys


def current_key(session: Session) -> SigningKey | None:
    """The key that signs new entries (the one not retired)."""
    statement = select(SigningKey).where(SigningKey.valid_until.is_(None))
    return session.scalars(statement.order_by(SigningKey.valid_from.desc()).limit(1)).first()


def key_by_kid(session: Session, kid: str) -> SigningKey | None:
    """A signing key by key id."""
    return session.scalars(select(SigningKey).where(SigningKey.kid == kid)).one_or_none()


def all_keys(session: Session) -> Sequence[SigningKey]:
    """Every signing key, the current one first."""
    order = (SigningKey.valid_until.is_(None).desc(), SigningKey.valid_from.desc())
    return session.scalars(select(SigningKey).order_by(*order)).all()


# ------------------------------------------------------------------ partners


def get_partner(session: Session, partner_id: uuid.UUID, *, lock: bool = False) -> Partner | None:
    """A partner by id (from the session when already loaded), locked FOR UPDATE when asked
    (one import of a partner at a time)."""
    if not lock:
        return session.get(Partner, partner_id)
    statement = select(Partner).where(Partner.id == partner_id).with_for_update()
    return session.scalars(statement.execution_options(populate_existing=True)).one_or_none()


def partner_by_url(session: Session, feed_url: str) -> Partner | None:
    """A partner by its feed URL."""
    return session.scalars(select(Partner).where(Partner.feed_url == feed_url)).one_or_none()


def partner_by_name(session: Session, name: str) -> Partner | None:
    """A partner by name."""
    return session.scalars(select(Partner).where(Partner.name == name)).one_or_none()


def list_partners(session: Session) -> Sequence[Partner]:
    """Every partner by name."""
    return session.scalars(select(Partner).order_by(Partner.name)).all()


def _due_partners(now: datetime) -> Select[Any]:
    return select(Partner.id).where(
        Partner.is_active.is_(True),
        Partner.next_pull_at <= now,
        or_(Partner.lease_until.is_(None), Partner.lease_until < now),
    )


def any_partner_due(session: Session, now: datetime) -> bool:
    """Whether a pull is due (a read only: idle workers never take a write lock)."""
    return session.scalars(_due_partners(now).limit(1)).first() is not None


def claim_due_partners(
    session: Session, *, now: datetime, lease_until: datetime
) -> list[uuid.UUID]:
    """Take a lease on the active partners whose next pull (scheduled or asked for) is due.

    One UPDATE ... RETURNING, skipping rows other workers hold (PostgreSQL); first statement of
    its transaction so that SQLite waits for the writer lock.
    """
    due = _due_partners(now).with_for_update(skip_locked=True).scalar_subquery()
    statement = (
        update(Partner)
        .where(Partner.id.in_(due))
        .values(lease_until=lease_until)
        .returning(Partner.id)
        .execution_options(synchronize_session=False)
    )
    return list(session.scalars(statement))


def partner_keys(session: Session, partner_id: uuid.UUID) -> Sequence[PartnerKey]:
    """The keys trusted for a partner."""
    statement = select(PartnerKey).where(PartnerKey.partner_id == partner_id)
    return session.scalars(statement.order_by(PartnerKey.created_at)).all()


def add(session: Session, record: object) -> None:
    """Stage a new exchange record."""
    session.add(record)


# ------------------------------------------------------------------ provenance


def has_provenance(session: Session, record_type: str, local_record_id: str) -> bool:
    """Whether a local record was imported from a partner."""
    statement = select(Provenance.id).where(
        Provenance.record_type == record_type,
        Provenance.local_record_id == uuid.UUID(local_record_id),
    )
    return session.scalars(statement.limit(1)).first() is not None


def provenance_of_remote(
    session: Session, partner_id: uuid.UUID, record_type: str, remote_record_id: str
) -> Provenance | None:
    """The provenance of a partner's record, if it was imported before."""
    statement = select(Provenance).where(
        Provenance.partner_id == partner_id,
        Provenance.record_type == record_type,
        Provenance.remote_record_id == remote_record_id,
    )
    return session.scalars(statement).one_or_none()


def get_provenance(session: Session, provenance_id: uuid.UUID | None) -> Provenance | None:
    """A provenance by id."""
    return None if provenance_id is None else session.get(Provenance, provenance_id)


def provenance_for(
    session: Session, partner_id: uuid.UUID, records: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], Provenance]:
    """The provenance of a partner's records, by (record type, remote record id)."""
    found: dict[tuple[str, str], Provenance] = {}
    remote_ids = sorted({remote_id for _, remote_id in records})
    for start in range(0, len(remote_ids), 500):
        statement = select(Provenance).where(
            Provenance.partner_id == partner_id,
            Provenance.remote_record_id.in_(remote_ids[start : start + 500]),
        )
        for row in session.scalars(statement):
            found[(row.record_type, row.remote_record_id)] = row
    return found


def provenance_of_local(
    session: Session, record_type: str, local_record_id: uuid.UUID
) -> tuple[Provenance, Partner] | None:
    """Where a local record came from: its provenance and the partner."""
    statement = (
        select(Provenance, Partner)
        .join(Partner, Partner.id == Provenance.partner_id)
        .where(Provenance.record_type == record_type, Provenance.local_record_id == local_record_id)
    )
    row = session.execute(statement.limit(1)).first()
    return None if row is None else (row[0], row[1])


def imported_count(session: Session, partner_id: uuid.UUID) -> int:
    """How many records were imported from a partner."""
    statement = select(func.count()).where(Provenance.partner_id == partner_id)
    return session.scalar(statement) or 0


# ------------------------------------------------------------------ conflicts and rejections


def get_conflict(session: Session, conflict_id: uuid.UUID) -> ImportConflict | None:
    """A conflict by id."""
    return session.get(ImportConflict, conflict_id)


def open_conflicts_of(session: Session, provenance_id: uuid.UUID) -> Sequence[ImportConflict]:
    """The open conflicts of one imported record."""
    statement = select(ImportConflict).where(
        ImportConflict.provenance_id == provenance_id, ImportConflict.status == "open"
    )
    return session.scalars(statement).all()


def conflict_for_entry(
    session: Session, partner_id: uuid.UUID, remote_entry_id: uuid.UUID
) -> ImportConflict | None:
    """The conflict raised by one remote entry, if any."""
    statement = select(ImportConflict).where(
        ImportConflict.partner_id == partner_id, ImportConflict.remote_entry_id == remote_entry_id
    )
    return session.scalars(statement.limit(1)).first()


def list_conflicts(
    session: Session, *, status: str | None, countries: frozenset[str] | None, limit: int = 200
) -> Sequence[ImportConflict]:
    """The newest conflicts, optionally of one status, of these countries (None: all)."""
    statement = select(ImportConflict)
    if status:
        statement = statement.where(ImportConflict.status == status)
    if countries is not None:
        statement = statement.where(ImportConflict.country_iso3.in_(sorted(countries)))
    return session.scalars(statement.order_by(ImportConflict.created_at.desc()).limit(limit)).all()


def count_open_conflicts(session: Session, partner_id: uuid.UUID | None = None) -> int:
    """Open conflicts, of one partner or of all."""
    statement = select(func.count()).where(ImportConflict.status == "open")
    if partner_id is not None:
        statement = statement.where(ImportConflict.partner_id == partner_id)
    return session.scalar(statement) or 0


def rejections_of(session: Session, partner_id: uuid.UUID, limit: int = 50) -> Sequence[Rejection]:
    """A partner's latest rejected entries, newest first."""
    statement = select(Rejection).where(Rejection.partner_id == partner_id)
    return session.scalars(statement.order_by(Rejection.created_at.desc()).limit(limit)).all()


def count_rejections(session: Session, partner_id: uuid.UUID) -> int:
    """How many entries were rejected from a partner."""
    statement = select(func.count()).where(Rejection.partner_id == partner_id)
    return session.scalar(statement) or 0
