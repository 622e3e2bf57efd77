"""The generic webhook outbox: HMAC signatures, backoff, leased claims that never hand one
message to two workers, one message at a time per endpoint, dead letters, purge."""

from __future__ import annotations

from datetime import timedelta

import pytest

from passage.config import get_settings
from passage.errors import Conflict, Invalid
from passage.kit.clock import utcnow
from passage.webhooks import repository, service, signing
from passage.webhooks.models import WebhookMessage

SECRET = b"a-shared-secret-of-some-length"


def test_a_signature_verifies_and_any_change_breaks_it():
    body, now = b'{"entries":[]}', 1_767_000_000
    header = signing.signature_header(SECRET, body, now)
    assert header.startswith(f"t={now},v1=")
    signing.verify(SECRET, body, header, now + 10)
    for bad_body, bad_secret, at in (
        (b'{"entries":[1]}', SECRET, now),
        (body, b"another secret", now),
        (body, SECRET, now + signing.TOLERANCE_SECONDS + 1),
    ):
        with pytest.raises(signing.WebhookSignatureError):
            signing.verify(bad_secret, bad_body, header, at)
    with pytest.raises(signing.WebhookSignatureError, match="missing"):
        signing.verify(SECRET, body, None, now)
    with pytest.raises(signing.WebhookSignatureError, match="malformed"):
        signing.verify(SECRET, body, "v1=abc", now)


def test_the_signature_is_hmac_sha256_of_timestamp_dot_body():
    import hashlib
    import hmac

    expected = hmac.new(SECRET, b"1767000000.{}", hashlib.sha256).hexdigest()
    assert signing.signature_header(SECRET, b"{}", 1767000000) == f"t=1767000000,v1={expected}"
    other = signing.signature_header(b"old secret", b"{}", 1767000000).split("v1=")[1]
    signing.verify(SECRET, b"{}", f"t=1767000000,v1={other},v1={expected}", 1767000000)


def test_backoff_doubles_and_is_capped(monkeypatch):
    settings = get_settings()
    monkeypatch.setattr(settings, "webhook_retry_base_seconds", 30.0)
    monkeypatch.setattr(settings, "webhook_retry_max_seconds", 3600.0)
    assert [service.backoff_seconds(n) for n in (1, 2, 3, 4, 8, 20)] == [
        30.0,
        60.0,
        120.0,
        240.0,
        3600.0,
        3600.0,
    ]


def _endpoint(session, name="Receiver"):
    return service.create_endpoint(
        session=session, topic="test.topic", name=name, url="https://receiver.example.org/hook"
    )[0]


def _message(session, endpoint, **values):
    message = service.enqueue(session, endpoint=endpoint, payload={"n": values.pop("n", 0)})
    for name, value in values.items():
        setattr(message, name, value)
    session.flush()
    return message


def test_endpoints_need_an_http_url_and_a_long_enough_secret(session):
    with pytest.raises(Invalid, match="http"):
        service.create_endpoint(session=session, topic="t", name="x", url="mailto:a@b.org")
    with pytest.raises(Invalid, match="16 characters"):
        service.create_endpoint(
            session=session, topic="t", name="x", url="https://x.example.org", secret="short"
        )
    endpoint, secret = service.create_endpoint(
        session=session, topic="t", name="x", url="https://x.example.org"
    )
    assert service.endpoint_secret(endpoint) == secret.encode() and len(secret) >= 32
    assert secret not in endpoint.secret_sealed


def test_a_claimed_message_is_not_claimed_again_and_later_ones_wait(session):
    endpoint, other = _endpoint(session), _endpoint(session, "Other")
    first, second = _message(session, endpoint, n=1), _message(session, endpoint, n=2)
    elsewhere = _message(session, other, n=3)
    now = utcnow() + timedelta(seconds=1)
    lease = now + timedelta(minutes=5)
    claimed = repository.claim(session, owner="w1", now=now, lease_until=lease, limit=10)
    assert set(claimed) == {first.id, elsewhere.id}  # second waits behind first
    assert repository.claim(session, owner="w2", now=now, lease_until=lease, limit=10) == []
    first_row = repository.messages(session, [first.id])[0]
    values = service.outcome_values(first_row, 200, None)
    assert repository.finish(session, first.id, "w1", values)
    assert not repository.finish(session, elsewhere.id, "w2", values)  # not the lease holder
    again = repository.claim(session, owner="w2", now=now, lease_until=lease, limit=10)
    assert again == [second.id]


def test_failures_back_off_then_the_message_is_dead_and_can_be_retried(session, monkeypatch):
    monkeypatch.setattr(get_settings(), "webhook_max_attempts", 2)
    endpoint = _endpoint(session)
    message = _message(session, endpoint)
    failed = service.outcome_values(message, 503, "HTTP 503: busy")
    assert failed["attempts"] == 1 and failed["next_attempt_at"] > utcnow()
    assert "status" not in failed
    message.attempts = 1
    dead = service.outcome_values(message, None, "ConnectError: refused")
    assert dead["status"] == "dead" and dead["last_error"] == "ConnectError: refused"
    for name, value in dead.items():
        setattr(message, name, value)
    session.flush()
    assert message.id in [m.id for m, _ in repository.dead_letters(session)]
    retried = service.retry_dead(session=session, message_id=message.id)
    assert (retried.status, retried.attempts) == ("pending", 0)
    with pytest.raises(Conflict):
        service.discard_dead(session=session, message_id=message.id)


def test_purge_forgets_old_deliveries_but_keeps_each_endpoints_newest(session):
    endpoint = _endpoint(session)
    long_ago = utcnow() - timedelta(days=90)
    old = [
        _message(session, endpoint, status="delivered", delivered_at=long_ago + timedelta(hours=n))
        for n in range(3)
    ]
    pending = _message(session, endpoint)
    removed = repository.purge_delivered(session, before=utcnow() - timedelta(days=30))
    assert removed == 2
    session.expire_all()
    left = {m.id for m in session.query(WebhookMessage).filter_by(endpoint_id=endpoint.id)}
    assert left == {old[2].id, pending.id}
