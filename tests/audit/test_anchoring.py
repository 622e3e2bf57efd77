"""The audit chain against someone who holds the database: keyed MACs, signed checkpoints kept
elsewhere, and the audit of refused attempts and of administrators' reads.

Each attack below is the outside probe's: run with database rights (triggers dropped) and the
project's own code, but without the deployment's secret key.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from passage.audit import anchoring
from passage.audit import service as audit_trail
from passage.audit.chain import entry_digest
from passage.audit.models import AuditCheckpoint, AuditEntry, AuditHead
from passage.cli import app as cli
from passage.config import get_settings
from passage.kit import audit
from tests.audit.test_chain import _drop_guards
from tests.factories import bearer, make_user, token_for

ENTRIES = AuditEntry.__table__
HEAD = AuditHead.__table__


def _entries(session):
    return session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()


def _write(session, count: int, object_id: str = "t") -> None:
    for n in range(count):
        audit.record(session, action="read", object_type="traveller", object_id=f"{object_id}-{n}")
    session.commit()


def _head(session) -> AuditHead:
    return session.get(AuditHead, "main", populate_existing=True)


def _truncate(session, keep_until: int) -> None:
    """Delete every entry after `keep_until` and rewind the head onto the new last entry."""
    session.execute(delete(ENTRIES).where(ENTRIES.c.seq > keep_until))
    last = session.scalars(select(AuditEntry).where(AuditEntry.seq == keep_until)).one()
    session.execute(update(HEAD).values(seq=last.seq, hash=last.hash))
    session.expire_all()


def test_deleting_the_last_twenty_entries_and_rewinding_the_head_is_detected(session, backend):
    _write(session, 25)
    last_kept = _entries(session)[-21].seq
    _drop_guards(session, backend)
    _truncate(session, last_kept)
    report = audit_trail.verify(session)
    assert not report.ok
    assert report.problem.kind == "rewound"


def test_rewriting_an_actor_and_recomputing_every_hash_is_detected(session, backend):
    _write(session, 5)
    victim = _entries(session)[-4]
    _drop_guards(session, backend)
    prev_hash = victim.prev_hash
    for entry in [e for e in _entries(session) if e.seq >= victim.seq]:
        if entry.seq == victim.seq:
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


def test_stripping_the_macs_is_detected(session, backend):
    _write(session, 3)
    _drop_guards(session, backend)
    session.execute(update(ENTRIES).values(mac=None))
    session.execute(update(HEAD).values(mac=None))
    session.expire_all()
    report = audit_trail.verify(session)
    assert not report.ok
    assert report.problem.kind == "rewound"


def test_an_intact_chain_verifies_with_its_checkpoints(session):
    _write(session, 3)
    audit_trail.make_checkpoint(session=session)
    _write(session, 2)
    report = audit_trail.verify(session)
    assert report.ok, report.problem
    assert report.checkpoints >= 1


def test_database_refuses_to_update_or_delete_checkpoints(session):
    _write(session, 2)
    audit_trail.make_checkpoint(session=session)
    session.commit()
    with pytest.raises(DBAPIError), session.begin_nested():
        session.execute(update(AuditCheckpoint.__table__).values(seq=0))
    with pytest.raises(DBAPIError), session.begin_nested():
        session.execute(delete(AuditCheckpoint.__table__))
    assert session.scalars(select(AuditCheckpoint)).all()


def test_a_head_restored_from_an_old_copy_is_caught_by_an_exported_checkpoint(session, backend):
    """The attacker kept a copy of the head row (with its valid MAC) from earlier, truncates the
    log back to it and deletes the checkpoints kept in the database: only a checkpoint kept
    outside the database shows what is missing."""
    _write(session, 3)
    old = _head(session)
    saved = {"seq": old.seq, "hash": old.hash, "mac": old.mac}
    _write(session, 4, "later")
    exported = anchoring.as_checkpoint(audit_trail.make_checkpoint(session=session))
    session.commit()
    _drop_guards(session, backend)
    session.execute(delete(ENTRIES).where(ENTRIES.c.seq > saved["seq"]))
    session.execute(update(HEAD).values(**saved))
    session.execute(delete(AuditCheckpoint.__table__))
    session.expire_all()
    assert audit_trail.verify(session).ok  # the database alone cannot tell
    report = audit_trail.verify(session, checkpoints=[exported])
    assert not report.ok
    assert report.problem.kind == "truncated"


def test_a_checkpoint_is_signed_with_the_published_feed_key(client, session):
    _write(session, 2)
    checkpoint = anchoring.as_checkpoint(audit_trail.make_checkpoint(session=session))
    session.commit()
    keys_document = client.get("/.well-known/passage-keys.json").json()
    assert checkpoint.kid in {key["kid"] for key in keys_document["keys"]}
    assert audit_trail.verify(session, checkpoints=[checkpoint], trusted=keys_document).ok
    statement = json.loads(checkpoint.statement)
    assert statement["type"] == anchoring.STATEMENT_TYPE
    assert statement["seq"] == _head(session).seq - 1  # the checkpoint itself was audited after


def test_a_forged_checkpoint_is_reported(session):
    _write(session, 2)
    real = anchoring.as_checkpoint(audit_trail.make_checkpoint(session=session))
    content = json.loads(real.statement) | {"seq": 1}
    forged = anchoring.Checkpoint(json.dumps(content), real.mac, real.signature, real.kid)
    report = audit_trail.verify(session, checkpoints=[forged])
    assert (report.ok, report.problem.kind) == (False, "checkpoint")


def test_entries_made_under_a_retired_audit_key_still_verify(session, monkeypatch):
    _write(session, 2)
    settings = get_settings()
    monkeypatch.setattr(settings, "audit_key", "a-new-audit-key-of-at-least-32-characters!")
    assert not audit_trail.verify(session).ok  # old MACs, new key
    monkeypatch.setattr(settings, "audit_retired_keys", [settings.secret_key])
    _write(session, 1, "after-rotation")
    assert audit_trail.verify(session).ok


def test_cli_exports_checkpoints_and_verifies_against_the_file(
    session, backend, monkeypatch, tmp_path
):
    @contextmanager
    def bound_transaction(purpose=None):
        yield session

    monkeypatch.setattr("passage.audit.cli.cli_transaction", bound_transaction)
    file = tmp_path / "checkpoints.jsonl"
    _write(session, 3)
    made = CliRunner().invoke(cli, ["audit", "checkpoint", "--output", str(file)])
    assert made.exit_code == 0, made.output
    session.commit()
    ok = CliRunner().invoke(cli, ["audit", "verify", "--checkpoints", str(file)])
    assert ok.exit_code == 0, ok.output
    assert "checkpoint(s) matched" in ok.output
    _drop_guards(session, backend)
    seq = json.loads(json.loads(file.read_text().splitlines()[0])["statement"])["seq"]
    _truncate(session, seq - 1)
    session.execute(delete(AuditCheckpoint.__table__))
    broken = CliRunner().invoke(cli, ["audit", "verify", "--checkpoints", str(file)])
    assert broken.exit_code == 1
    assert "BROKEN" in broken.output


def test_the_checkpoint_job_signs_when_the_head_moved_and_appends_to_the_file(
    engine, tmp_path, monkeypatch
):
    from sqlalchemy.orm import sessionmaker

    file = tmp_path / "anchor.jsonl"
    monkeypatch.setattr(get_settings(), "audit_checkpoint_file", file)
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    with factory.begin() as session:
        audit.record(session, action="read", object_type="traveller", object_id="job-test")
    assert audit_trail.checkpoint_job(factory) == 1
    # its own entry moved the head: not a reason for another (the job loop would spin on it)
    assert audit_trail.checkpoint_job(factory) == 0
    with factory.begin() as session:
        audit.record(session, action="read", object_type="traveller", object_id="job-test")
    assert audit_trail.checkpoint_job(factory) == 1
    lines = file.read_text().splitlines()
    assert lines and all(json.loads(line)["signature"] for line in lines)


# ---------------------------------------------------------------- what is audited


def _last(session, action: str):
    statement = select(AuditEntry).where(AuditEntry.action == action)
    return session.scalars(statement.order_by(AuditEntry.seq.desc()).limit(1)).first()


def test_admin_reads_of_users_and_of_the_audit_trail_are_audited(client, session):
    admin = make_user(session)
    headers = bearer(token_for(session, admin))
    session.commit()
    assert client.get("/api/v1/users", headers=headers).status_code == 200
    listed = _last(session, "list")
    assert (listed.object_type, listed.actor_id) == ("user", str(admin.id))
    assert client.get(f"/api/v1/users/{admin.id}", headers=headers).status_code == 200
    read = _last(session, "read")
    assert (read.object_type, read.object_id) == ("user", str(admin.id))
    assert client.get("/api/v1/audit/entries", headers=headers).status_code == 200
    assert _last(session, "list").object_type == "audit_entry"
    assert client.get("/api/v1/audit/verify", headers=headers).json()["ok"]
    assert _last(session, "verify").object_type == "audit_entry"


def test_a_refused_attempt_is_audited_although_its_request_rolls_back(client, session):
    officer = make_user(session, "border_officer")
    headers = bearer(token_for(session, officer))
    session.commit()
    response = client.get("/api/v1/users", headers=headers)
    assert response.status_code == 403
    entry = _last(session, "access.denied")
    assert entry is not None and entry.actor_id == str(officer.id)
    assert entry.details["route"] == "GET /api/v1/users"
    assert entry.details["status"] == 403
    assert audit_trail.verify(session).ok


def test_only_refusals_are_kept_for_recording_after_a_rollback():
    error = SimpleNamespace()  # only Forbidden and OutOfScope are recorded
    session = SimpleNamespace(info={})
    audit._record_refusal(session, error)  # type: ignore[arg-type]
    assert session.info == {}


@pytest.mark.parametrize("path", ["/api/v1/audit/checkpoints"])
def test_checkpoints_are_listed_for_administrators(client, session, path):
    admin = make_user(session)
    headers = bearer(token_for(session, admin))
    session.commit()
    made = client.post(path, headers=headers)
    assert made.status_code == 201
    listed = client.get(path, headers=headers).json()
    assert listed[0]["statement"] == made.json()["statement"]
