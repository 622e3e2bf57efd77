"""Audited writes do not wait for one another on the chain head: a writer that finds it held
stores its entries sealed and unchained, and the head's next holder (a writer, the chaining job,
`verify`) chains them. The chain still verifies, and tampering is still detected."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import sessionmaker

from passage.audit import keys, repository
from passage.audit import service as audit_trail
from passage.audit.chain import entry_digest
from passage.audit.models import AuditEntry, AuditHead
from passage.db import transaction
from passage.kit import audit
from passage.kit.audit import AuditContext, PendingEntry
from passage.kit.clock import utcnow
from tests.audit.test_anchoring import _truncate
from tests.audit.test_chain import _drop_guards

ENTRIES = AuditEntry.__table__
HEAD = AuditHead.__table__


def _entry(session, entry_id) -> AuditEntry:
    return session.get(AuditEntry, entry_id, populate_existing=True)


def _waiting(session, count: int, prefix: str = "waiting") -> list[uuid.UUID]:
    """Entries stored as a writer stores them when another transaction holds the head."""
    context = AuditContext("user", "u-waiting", "req-w", "test")
    entries = [
        audit_trail._sealed(
            PendingEntry("read", "traveller", f"{prefix}-{n}", None), context, keys.current_key()
        )
        for n in range(count)
    ]
    repository.insert_entries(session, [dict(vars(entry)) for entry in entries])
    return [entry.id for entry in entries]


def _write(session, count: int, prefix: str = "t") -> None:
    for n in range(count):
        audit.record(session, action="read", object_type="traveller", object_id=f"{prefix}-{n}")
    session.commit()


def _chained_batch(session) -> list[AuditEntry]:
    """Chained entries, some written by the head's holder, some waiting and chained in a batch."""
    _write(session, 2, "before")
    ids = _waiting(session, 4)
    _write(session, 2, "after")  # this writer holds the head: it chains the 4 waiting first
    session.commit()
    return [_entry(session, entry_id) for entry_id in ids]


def test_two_transactions_write_audit_entries_at_once_without_waiting(engine, backend):
    if backend != "postgresql":
        pytest.skip("SQLite has one writer at a time by design (BEGIN IMMEDIATE)")
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    first, second = factory(), factory()
    try:
        for session in (first, second):  # a regression fails here instead of hanging
            session.execute(text("SET LOCAL lock_timeout = '3s'"))
        audit.record(first, action="read", object_type="traveller", object_id="concurrent-1")
        audit_trail._write_pending(first)  # the first holds the head until it commits
        audit.record(second, action="read", object_type="traveller", object_id="concurrent-2")
        began = time.monotonic()
        audit_trail._write_pending(second)
        assert time.monotonic() - began < 1.0  # it did not wait for the first
        second.commit()
        first.commit()
        written = {
            entry.object_id: entry
            for entry in first.scalars(
                select(AuditEntry).where(AuditEntry.object_id.like("concurrent-%"))
            )
        }
        assert written["concurrent-1"].seq is not None
        assert written["concurrent-2"].seq is None and written["concurrent-2"].seal
    finally:
        first.close()
        second.close()
    with transaction(factory) as session:
        report = audit_trail.verify(session)
        assert report.ok, report.problem
        assert report.pending >= 1
        assert _entry(session, written["concurrent-2"].id).seq is not None


def test_the_chain_verifies_after_many_concurrent_writers(engine):
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    errors: list[BaseException] = []

    def writer(number: int) -> None:
        try:
            for n in range(15):
                with transaction(factory) as session:
                    audit.record(
                        session, action="read", object_type="traveller", object_id=f"w{number}-{n}"
                    )
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with transaction(factory) as session:
        report = audit_trail.verify(session)
        assert report.ok, report.problem
        waiting = session.scalar(select(AuditEntry.id).where(AuditEntry.seq.is_(None)).limit(1))
        assert waiting is None
        written = session.scalars(
            select(AuditEntry.seq).where(AuditEntry.object_id.like("w_-%"))
        ).all()
        assert len(written) == 60 and None not in written


def test_waiting_entries_are_chained_by_the_next_writer(session):
    ids = _waiting(session, 3)
    assert all(_entry(session, entry_id).seq is None for entry_id in ids)
    _write(session, 1, "next")
    chained = [_entry(session, entry_id) for entry_id in ids]
    assert all(entry.seq is not None and entry.mac for entry in chained)
    assert [entry.seq for entry in chained] == sorted(entry.seq for entry in chained)
    assert audit_trail.verify(session).ok


def test_verify_chains_waiting_entries_first_and_reports_them(session):
    ids = _waiting(session, 2)
    report = audit_trail.verify(session)
    assert report.ok, report.problem
    assert report.pending == 2
    assert report.oldest_pending_seconds < audit_trail.PENDING_BOUND_SECONDS
    assert _entry(session, ids[0]).seq is not None


def test_the_chaining_job_leaves_nothing_waiting(engine):
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    with transaction(factory) as session:
        ids = _waiting(session, 3, "job")
    assert audit_trail.chain_job(factory) == 3
    assert audit_trail.chain_job(factory) == 0
    with transaction(factory) as session:
        assert all(_entry(session, entry_id).seq is not None for entry_id in ids)
        assert audit_trail.verify(session).ok


def test_the_database_allows_only_the_chaining_of_a_waiting_entry(session):
    (entry_id,) = _waiting(session, 1)
    with pytest.raises(DBAPIError), session.begin_nested():
        session.execute(update(ENTRIES).where(ENTRIES.c.id == entry_id).values(actor_id="x"))
    with pytest.raises(DBAPIError), session.begin_nested():
        session.execute(delete(ENTRIES).where(ENTRIES.c.id == entry_id))
    with pytest.raises(DBAPIError), session.begin_nested():  # chained, but the content changed
        session.execute(
            update(ENTRIES)
            .where(ENTRIES.c.id == entry_id)
            .values(seq=10**9, prev_hash="0" * 64, hash="1" * 64, mac="2" * 64, action="x")
        )
    _write(session, 1, "chains-it")
    chained = _entry(session, entry_id)
    assert chained.seq is not None
    with pytest.raises(DBAPIError), session.begin_nested():  # chained once, never again
        session.execute(update(ENTRIES).where(ENTRIES.c.id == entry_id).values(seq=None, hash=None))


def test_deleting_the_tail_after_batched_chaining_is_detected(session, backend):
    batch = _chained_batch(session)
    _drop_guards(session, backend)
    _truncate(session, batch[1].seq)  # the last two batched entries and everything after
    report = audit_trail.verify(session)
    assert not report.ok
    assert report.problem.kind == "rewound"


def test_rewriting_an_actor_of_a_batched_entry_is_detected(session, backend):
    batch = _chained_batch(session)
    victim = batch[1]
    _drop_guards(session, backend)
    prev_hash = victim.prev_hash
    later = session.scalars(
        select(AuditEntry).where(AuditEntry.seq >= victim.seq).order_by(AuditEntry.seq)
    ).all()
    for entry in later:
        if entry.id == victim.id:
            entry.actor_id = "someone-else"
        entry.prev_hash = prev_hash
        entry.hash = prev_hash = entry_digest(entry, prev_hash)
        session.execute(
            update(ENTRIES)
            .where(ENTRIES.c.id == entry.id)
            .values(actor_id=entry.actor_id, prev_hash=entry.prev_hash, hash=entry.hash)
        )
    session.execute(update(HEAD).values(hash=prev_hash))
    session.expire_all()
    report = audit_trail.verify(session)
    assert not report.ok
    assert (report.problem.kind, report.problem.seq) == ("rewritten", victim.seq)


def test_an_entry_slipped_in_while_entries_wait_is_detected_once_chained(session, backend):
    """Whoever can insert rows can make a waiting entry; it has no valid seal, so the MAC its
    chainer gives it does not make it pass."""
    _write(session, 1, "real")
    forged = uuid.uuid4()
    session.execute(
        insert(ENTRIES).values(
            id=forged,
            occurred_at=utcnow(),
            actor_type="user",
            actor_id="framed",
            action="delete",
            details={},
        )
    )
    report = audit_trail.verify(session)
    assert not report.ok
    assert (report.problem.kind, report.problem.entry_id) == ("forged", str(forged))


def test_a_waiting_entry_altered_before_it_is_chained_is_detected(session, backend):
    (entry_id,) = _waiting(session, 1)
    _drop_guards(session, backend)
    session.execute(update(ENTRIES).where(ENTRIES.c.id == entry_id).values(actor_id="framed"))
    report = audit_trail.verify(session)
    assert not report.ok
    assert (report.problem.kind, report.problem.entry_id) == ("forged", str(entry_id))
