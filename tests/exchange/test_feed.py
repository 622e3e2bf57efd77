"""The outbound feed: published changes become signed entries in the same transaction, in
commit order; drafts and imports stay out; the JSON, Atom and keys views."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from passage.config import get_settings
from passage.errors import Conflict
from passage.exchange import jws, keys, service, trust
from passage.kit.clock import today
from passage.restrictions import service as restrictions
from passage.restrictions.schemas import MeasureEdit, PoeStatusCreate
from passage.rules import service as rules
from tests.exchange.factories import feed_entries, head
from tests.factories import demo_poe, make_user
from tests.restrictions.factories import make_measure
from tests.rules.test_rule_sets import make_rule


def _verify_all(session, entries):
    document = trust.read_keys_document(service.keys_document(session))
    keys = {key.kid: key for key in document.keys}
    return [trust.verify_entry(e, keys=keys, deployment_id=document.deployment_id) for e in entries]


def test_a_published_measure_becomes_one_signed_entry(session):
    before = head(session)
    written = make_measure(session)
    session.commit()
    entries = feed_entries(session, before)
    assert len(entries) == 1
    entry = entries[0]
    assert entry["cursor"] == before + 1
    assert (entry["kind"], entry["action"]) == ("measure", "published")
    assert entry["record"] == {"id": str(written.measure.id), "version": 1}
    assert entry["content"]["title"] == "14-day quarantine for arrivals"
    assert entry["content"]["quarantine_days"] == 14
    checked, kid = _verify_all(session, entries)[0]
    assert checked.cursor == before + 1
    assert jws.header_of(entry["signature"])["kid"] == kid


def test_entries_verify_with_the_published_keys_and_carry_no_personal_data(session):
    before = head(session)
    editor = make_user(session, "coordinator")
    from passage.auth.service import principal_for

    make_measure(session, actor=principal_for(editor))
    session.commit()
    entries = feed_entries(session, before)
    verified = _verify_all(session, entries)
    assert [entry.cursor for entry, _ in verified] == [before + 1]
    text_of_entry = str(entries[0])
    assert str(editor.id) not in text_of_entry and editor.email not in text_of_entry
    assert "recorded_by" not in entries[0]["content"]


def test_drafts_stay_out_and_each_later_step_is_an_entry(session):
    before = head(session)
    actor = make_user(session, "coordinator")
    from passage.auth.service import principal_for

    principal = principal_for(actor)
    draft = make_measure(session, status="draft", actor=principal)
    session.commit()
    assert head(session) == before
    measure_id = draft.measure.id
    published = restrictions.publish(
        session=session, measure_id=measure_id, version=draft.measure.version, actor=principal
    )
    session.commit()
    content = MeasureEdit(
        version=published.measure.version,
        **{
            name: getattr(published.version, name)
            for name in restrictions.CONTENT_FIELDS
            if name != "quarantine_days"
        },
        quarantine_days=10,
    )
    edited = restrictions.edit_measure(
        session=session, measure_id=measure_id, data=content, actor=principal
    )
    session.commit()
    restrictions.lift(
        session=session,
        measure_id=measure_id,
        version=edited.measure.version,
        on=date(2021, 1, 1),
        actor=principal,
    )
    session.commit()
    entries = feed_entries(session, before)
    assert [(e["action"], e["record"]["version"]) for e in entries] == [
        ("published", 2),
        ("updated", 3),
        ("lifted", 4),
    ]
    assert entries[1]["content"]["quarantine_days"] == 10
    assert entries[2]["content"]["effective_until"] == "2020-12-31"


def test_a_change_and_its_entry_commit_together_or_not_at_all(session):
    before = head(session)
    make_measure(session, title="Rolled back with its transaction")
    session.rollback()
    assert head(session) == before
    make_measure(session, title="Before the savepoint")
    with pytest.raises(RuntimeError), session.begin_nested():
        make_measure(session, title="Rolled back with its savepoint")
        raise RuntimeError
    make_measure(session, title="After the savepoint")
    session.commit()
    titles = [e["content"]["title"] for e in feed_entries(session, before)]
    assert titles == ["Before the savepoint", "After the savepoint"]


def test_poe_status_and_rule_uploads_are_entries_future_dates_included(session):
    before = head(session)
    poe = demo_poe(session)
    next_month = today() + timedelta(days=30)
    data = PoeStatusCreate(status="closed", effective_from=next_month, who_may_cross=["goods_only"])
    restrictions.record_poe_status(session=session, poe_id=poe.id, data=data, actor=None)
    rule = make_rule("VR-KE-0042", ValidFrom=f"{next_month.isoformat()}T00:00:00Z")
    rules.upload_rules(session=session, documents=rule, uploaded_by=None)
    session.commit()
    poe_entry, rule_entry = feed_entries(session, before)
    assert (
        poe_entry["kind"] == "poe_status" and poe_entry["effective_from"] == next_month.isoformat()
    )
    assert poe_entry["content"]["poe"]["code"] == poe.code
    assert poe_entry["content"]["status"]["who_may_cross"] == ["goods_only"]
    assert rule_entry["kind"] == "rule" and rule_entry["effective_from"] == next_month.isoformat()
    assert rule_entry["content"]["document"]["Identifier"] == rule["Identifier"]


def test_published_entries_cannot_be_changed_or_deleted(session, backend):
    make_measure(session)
    session.commit()
    for statement in (
        "UPDATE exchange_feed_entries SET kind = 'rule'",
        "DELETE FROM exchange_feed_entries",
    ):
        nested = session.begin_nested()
        with pytest.raises(DBAPIError, match="append-only"):
            session.execute(text(statement))
        nested.rollback()


def test_a_changed_secret_key_stops_signing_until_the_key_is_rotated(session, monkeypatch):
    make_measure(session, title="Signed with the first key")
    session.commit()
    monkeypatch.setattr(get_settings(), "secret_key", "another-secret-key-of-32-characters-x")
    monkeypatch.setattr(keys, "_private_keys", {})
    before = head(session)
    make_measure(session, title="Cannot be signed")
    with pytest.raises(Conflict, match="passage exchange keys rotate"):
        session.commit()
    session.rollback()
    assert head(session) == before
    new = service.rotate_key(session=session)
    make_measure(session, title="Signed with the new key")
    session.commit()
    [entry] = feed_entries(session, before)  # no announcement: the old key cannot sign it
    assert jws.header_of(entry["signature"])["kid"] == new.kid
    assert _verify_all(session, [entry])[0][1] == new.kid
