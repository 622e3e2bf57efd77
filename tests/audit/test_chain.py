"""The audit trail: entries chained on commit, append-only, and `passage audit verify`."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from passage.audit import service as audit_trail
from passage.audit.models import AuditEntry
from passage.cli import app as cli
from passage.kit import audit
from tests.factories import make_user

TABLE = AuditEntry.__table__


def _update(entry_id, **values):
    return update(TABLE).where(TABLE.c.id == entry_id).values(**values)


def _entries(session):
    return session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()


def _drop_guards(session, backend):
    """Simulate an attacker with database rights: remove the append-only triggers."""
    for table in ("audit_entries", "audit_checkpoints"):
        if backend == "postgresql":
            session.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only"))
        else:
            session.execute(text(f"DROP TRIGGER {table}_no_update"))
            session.execute(text(f"DROP TRIGGER {table}_no_delete"))


def _three_entries(session):
    for n in range(3):
        audit.record(
            session, action="read", object_type="traveller", object_id=f"t-{n}", purpose="test"
        )
    session.commit()
    return _entries(session)[-3:]


def test_recorded_entries_are_chained_on_commit(session):
    before = len(_entries(session))
    audit.set_context(session, audit.AuditContext("user", "u-1", "req-1", "screening"))
    audit.record(session, action="read", object_type="traveller", object_id="t-1")
    assert len(_entries(session)) == before  # nothing written until the transaction commits
    session.commit()
    entry = _entries(session)[-1]
    assert (entry.actor_id, entry.request_id, entry.purpose, entry.action) == (
        "u-1",
        "req-1",
        "screening",
        "read",
    )
    assert audit_trail.verify(session).ok


def test_rolled_back_work_leaves_no_entry(session):
    before = len(_entries(session))
    audit.record(session, action="create", object_type="thing", object_id="x")
    session.rollback()
    session.commit()
    assert len(_entries(session)) == before


def test_a_rolled_back_savepoint_drops_only_its_own_entries(session):
    before = len(_entries(session))
    audit.record(session, action="read", object_type="traveller", object_id="kept-before")
    savepoint = session.begin_nested()
    audit.record(session, action="create", object_type="thing", object_id="rolled-back")
    savepoint.rollback()
    audit.record(session, action="read", object_type="traveller", object_id="kept-after")
    session.commit()
    written = [entry.object_id for entry in _entries(session)[before:]]
    assert written == ["kept-before", "kept-after"]


def test_creating_a_user_is_audited_without_personal_data(session):
    user = make_user(session, email="someone.private@example.org")
    session.commit()
    entry = _entries(session)[-1]
    assert (entry.action, entry.object_type, entry.object_id) == ("create", "user", str(user.id))
    row_text = " ".join(
        str(getattr(entry, c)) for c in ("details", "object_id", "actor_id", "purpose")
    )
    assert "someone.private" not in row_text


def test_database_refuses_to_update_or_delete_entries(session):
    _three_entries(session)
    with pytest.raises(DBAPIError), session.begin_nested():
        session.execute(text("UPDATE audit_entries SET action = 'x'"))
    with pytest.raises(DBAPIError), session.begin_nested():
        session.execute(text("DELETE FROM audit_entries"))


def test_verify_reports_an_altered_entry(session, backend):
    _, second, _ = _three_entries(session)
    _drop_guards(session, backend)
    session.execute(_update(second.id, object_id="someone-else"))
    report = audit_trail.verify(session)
    assert not report.ok
    assert (report.problem.kind, report.problem.seq) == ("altered", second.seq)


def test_verify_reports_a_deleted_entry(session, backend):
    _, second, _ = _three_entries(session)
    _drop_guards(session, backend)
    session.execute(delete(TABLE).where(TABLE.c.id == second.id))
    report = audit_trail.verify(session)
    assert (report.problem.kind, report.problem.seq) == ("deleted", second.seq)


def test_verify_reports_entries_deleted_from_the_end(session, backend):
    *_, last = _three_entries(session)
    _drop_guards(session, backend)
    session.execute(delete(TABLE).where(TABLE.c.id == last.id))
    report = audit_trail.verify(session)
    assert (report.problem.kind, report.problem.seq) == ("deleted", last.seq)


def test_verify_reports_an_inserted_entry(session, backend):
    first, second, _ = _three_entries(session)
    forged_seq, first_hash, copied_hash = second.seq, first.hash, second.hash
    _drop_guards(session, backend)
    # Shift the tail up by one and slip a forged entry into the gap, copying a valid-looking hash.
    for entry in reversed(_entries(session)):
        if entry.seq >= second.seq:
            session.execute(_update(entry.id, seq=entry.seq + 1))
    session.execute(
        insert(TABLE).values(
            id=uuid.uuid4(),
            seq=forged_seq,
            occurred_at=first.occurred_at,
            actor_type="user",
            action="delete",
            details={},
            prev_hash=first_hash,
            hash=copied_hash,
        )
    )
    report = audit_trail.verify(session)
    assert not report.ok
    assert report.problem.seq == forged_seq


def test_cli_verify_exits_non_zero_on_a_tampered_log(engine, session, backend, monkeypatch):
    _three_entries(session)
    _drop_guards(session, backend)
    session.execute(
        text(
            "UPDATE audit_entries SET action = 'nothing' "
            "WHERE seq = (SELECT MAX(seq) FROM audit_entries)"
        )
    )

    from contextlib import contextmanager

    @contextmanager
    def bound_transaction(purpose=None):
        yield session

    monkeypatch.setattr("passage.audit.cli.cli_transaction", bound_transaction)
    result = CliRunner().invoke(cli, ["audit", "verify"])
    assert result.exit_code == 1
    assert "altered" in result.output


def test_cli_verify_passes_on_an_intact_log(session, monkeypatch):
    _three_entries(session)
    from contextlib import contextmanager

    @contextmanager
    def bound_transaction(purpose=None):
        yield session

    monkeypatch.setattr("passage.audit.cli.cli_transaction", bound_transaction)
    result = CliRunner().invoke(cli, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "chain intact" in result.output
