"""Deployment a publishes, deployment b follows: pulls page by page over HTTP (interrupted pulls
resume without duplicates, tampered entries are rejected), webhooks with HMAC signatures,
retries and dead letters, and cursor order under concurrent commits."""

from __future__ import annotations

import json
import threading
import time
import uuid
from datetime import date, timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from passage.config import get_settings
from passage.db import transaction
from passage.exchange import feed, importer, partners, pull, repository, service
from passage.exchange.jobs import pull_due
from passage.exchange.models import FeedEntry, Provenance
from passage.exchange.schemas import PartnerCreate
from passage.kit.clock import utcnow
from passage.restrictions import repository as restrictions_repository
from passage.restrictions.schemas import MeasureCreate
from passage.restrictions.service import create_measure
from passage.webhooks import repository as webhook_repository
from passage.webhooks.models import WebhookMessage
from passage.webhooks.worker import deliver_due


def _publish(deployment, count=1, prefix="Measure"):
    """Publish `count` measures on a deployment; their titles."""
    tag = uuid.uuid4().hex[:6]
    titles = [f"{prefix} {tag} {n}" for n in range(count)]
    with transaction(deployment.factory) as session:
        for title in titles:
            data = MeasureCreate(
                country_iso3="KEN",
                measure_type="quarantine",
                title=title,
                effective_from=date(2021, 3, 1),
                quarantine_days=10,
                status="published",
            )
            create_measure(session=session, data=data, actor=None)
    return titles


def _follow(follower, publisher, *, webhooks=False, name=None):
    """Register `publisher` as a partner of `follower`; (partner id, webhook secret)."""
    keys = publisher.client.get("/.well-known/passage-keys.json").json()
    with transaction(follower.factory) as session:
        partner, secret = partners.create_partner(
            session=session,
            data=PartnerCreate(
                name=name or f"{publisher.name}-{uuid.uuid4().hex[:6]}",
                feed_url=f"{publisher.base_url}/{uuid.uuid4().hex[:4]}/api/v1/exchange/feed",
                keys=keys,
                receive_webhooks=webhooks,
            ),
        )
        return partner.id, secret


def _titles_at(deployment, titles):
    with transaction(deployment.factory) as session:
        found = []
        for title in titles:
            items, _ = restrictions_repository.search(session, text=title, limit=100)
            found += [item.title for item in items if item.title == title]
        return found


def _head(deployment):
    with transaction(deployment.factory) as session:
        return repository.get_head(session).cursor


class _Proxy(httpx.BaseTransport):
    """Forwards to the publisher's app; can cut the connection or alter a page on the way."""

    def __init__(self, target, *, cut_on_call=None, alter=None):
        self.target, self.cut_on_call, self.alter, self.calls = target, cut_on_call, alter, 0

    def handle_request(self, request):
        self.calls += 1
        if self.cut_on_call == self.calls:
            raise httpx.RemoteProtocolError("connection closed mid-page", request=request)
        path = request.url.raw_path.decode()
        path = "/api/v1/exchange/feed" + (path.split("/api/v1/exchange/feed", 1)[1])
        response = self.target.client.get(path)
        body = response.content
        if self.alter is not None:
            page = json.loads(body)
            self.alter(page)
            body = json.dumps(page).encode()
        return httpx.Response(response.status_code, content=body, request=request)


def test_a_pull_imports_published_measures_with_their_provenance(deployments):
    a, b = deployments
    titles = _publish(a, 3, "Pulled")
    partner_id, _ = _follow(b, a)
    report = pull.pull(partner_id, factory=b.factory, client=httpx.Client(transport=_Proxy(a)))
    assert report.error is None and report.imports.imported >= 3
    assert sorted(_titles_at(b, titles)) == sorted(titles)
    again = pull.pull(partner_id, factory=b.factory, client=httpx.Client(transport=_Proxy(a)))
    assert again.imports.imported == 0 and again.cursor_after == report.cursor_after
    with transaction(b.factory) as session:
        partner = repository.get_partner(session, partner_id)
        assert partner.cursor == _head(a) and partner.last_success_at is not None
        assert partner.deployment_id is not None


def test_an_interrupted_pull_resumes_without_duplicates(deployments, monkeypatch):
    a, b = deployments
    partner_id, _ = _follow(b, a)
    first = pull.pull(partner_id, factory=b.factory, client=httpx.Client(transport=_Proxy(a)))
    titles = _publish(a, 25, "Resumed")
    cut = httpx.Client(transport=_Proxy(a, cut_on_call=2))
    broken = pull.pull(partner_id, factory=b.factory, client=cut, page_size=10)
    assert broken.error and "connection closed" in broken.error
    assert broken.cursor_after == first.cursor_after + 10
    assert len(_titles_at(b, titles)) == 10
    real_import, calls = importer.import_entries, {"n": 0}

    def crash_in_the_middle(session, *, partner, entries, via):
        calls["n"] += 1
        if calls["n"] == 1:
            real_import(session, partner=partner, entries=entries[:4], via=via)
            raise RuntimeError("worker killed after 4 entries of the page")
        return real_import(session, partner=partner, entries=entries, via=via)

    monkeypatch.setattr(importer, "import_entries", crash_in_the_middle)
    with pytest.raises(RuntimeError):
        pull.pull(
            partner_id, factory=b.factory, client=httpx.Client(transport=_Proxy(a)), page_size=10
        )
    assert len(_titles_at(b, titles)) == 10  # the crashed page left nothing behind
    monkeypatch.undo()
    resumed = pull.pull(
        partner_id, factory=b.factory, client=httpx.Client(transport=_Proxy(a)), page_size=10
    )
    assert resumed.error is None and resumed.imports.imported == 15
    assert sorted(_titles_at(b, titles)) == sorted(titles)  # each exactly once
    with transaction(b.factory) as session:
        rows = session.scalars(select(Provenance).where(Provenance.partner_id == partner_id)).all()
        assert len({row.remote_record_id for row in rows}) == len(rows)


def test_a_page_that_cannot_be_stored_is_reported_and_kept_for_the_next_pull(
    deployments, monkeypatch
):
    a, b = deployments
    partner_id, _ = _follow(b, a)
    pull.pull(partner_id, factory=b.factory, client=httpx.Client(transport=_Proxy(a)))
    titles = _publish(a, 2, "Unstorable")

    def database_refuses(session, *, partner, entries, via):
        raise IntegrityError("INSERT ...", {}, Exception("duplicate key\nDETAIL: ..."))

    monkeypatch.setattr(importer, "import_entries", database_refuses)
    report = pull.pull(partner_id, factory=b.factory, client=httpx.Client(transport=_Proxy(a)))
    assert "could not be stored" in report.error and "IntegrityError" in report.error
    with transaction(b.factory) as session:
        partner = repository.get_partner(session, partner_id)
        assert partner.last_error == report.error and partner.lease_until is None
        assert partner.cursor == report.cursor_before
    monkeypatch.undo()
    again = pull.pull(partner_id, factory=b.factory, client=httpx.Client(transport=_Proxy(a)))
    assert again.error is None and sorted(_titles_at(b, titles)) == sorted(titles)


def test_a_tampered_entry_in_a_pulled_page_is_rejected_the_rest_imported(deployments):
    a, b = deployments
    partner_id, _ = _follow(b, a)
    pull.pull(partner_id, factory=b.factory, client=httpx.Client(transport=_Proxy(a)))
    titles = _publish(a, 3, "Tamper")

    def tamper(page):
        for entry in page["entries"]:
            if entry["content"].get("title") == titles[1]:
                entry["content"]["quarantine_days"] = 0

    report = pull.pull(
        partner_id, factory=b.factory, client=httpx.Client(transport=_Proxy(a, alter=tamper))
    )
    assert report.imports.imported == 2 and len(report.imports.rejected) == 1
    assert "signature does not match" in report.imports.rejected[0].reason
    assert sorted(_titles_at(b, titles)) == sorted([titles[0], titles[2]])
    with transaction(b.factory) as session:
        partner = repository.get_partner(session, partner_id)
        assert "1 entries rejected" in partner.last_error
        assert repository.rejections_of(session, partner_id)[0].via == "pull"


def test_webhooks_push_new_entries_signed_and_in_order(deployments):
    a, b = deployments
    partner_id, secret = _follow(b, a, webhooks=True)
    with transaction(a.factory) as session:
        view, _ = service.create_subscription(
            session=session,
            name=f"b-{uuid.uuid4().hex[:6]}",
            url=f"{b.base_url}{partners.inbox_path(partner_id)}",
            secret=secret,
            after=None,
        )
    titles = _publish(a, 2, "Pushed")
    sent = deliver_due(factory=a.factory, client=b.client)
    assert sent >= 1
    while deliver_due(factory=a.factory, client=b.client):
        pass
    assert sorted(_titles_at(b, titles)) == sorted(titles)
    head = _head(a)
    with transaction(a.factory) as session:
        [state] = service.subscription_views(
            session, [webhook_repository.get_endpoint(session, view.id)]
        )
    assert state.pending == 0 and state.delivered_up_to == head


def test_a_webhook_with_a_wrong_signature_is_refused_retried_then_dead(deployments, monkeypatch):
    a, b = deployments
    partner_id, _ = _follow(b, a, webhooks=True)
    settings = get_settings()
    monkeypatch.setattr(settings, "webhook_max_attempts", 2)
    monkeypatch.setattr(settings, "webhook_retry_base_seconds", 0.0)
    with transaction(a.factory) as session:
        view, _ = service.create_subscription(
            session=session,
            name=f"wrong-{uuid.uuid4().hex[:6]}",
            url=f"{b.base_url}{partners.inbox_path(partner_id)}",
            secret="not-the-secret-of-b",
            after=None,
        )
    _publish(a, 1, "Refused")
    deliver_due(factory=a.factory, client=b.client)
    deliver_due(factory=a.factory, client=b.client)
    with transaction(b.factory) as session:
        assert repository.imported_count(session, partner_id) == 0
    with transaction(a.factory) as session:
        dead = [m for m, e in webhook_repository.dead_letters(session) if e.id == view.id]
        assert len(dead) == 1 and dead[0].attempts == 2
        assert "HTTP 401" in dead[0].last_error and "does not match" in dead[0].last_error


def test_deliveries_to_one_subscriber_go_one_at_a_time_oldest_first(deployments, monkeypatch):
    a, _ = deployments
    received = []

    def receiver(request):
        if request.url.host != "order.test":
            return httpx.Response(200)
        received.append(json.loads(request.content)["until"])
        return httpx.Response(503 if len(received) == 1 else 200)

    monkeypatch.setattr(get_settings(), "webhook_retry_base_seconds", 0.0)
    with transaction(a.factory) as session:
        view, _ = service.create_subscription(
            session=session,
            name=f"order-{uuid.uuid4().hex[:6]}",
            url="https://order.test/hook",
            secret=None,
            after=None,
        )
    _publish(a, 1, "First")
    _publish(a, 1, "Second")
    client = httpx.Client(transport=httpx.MockTransport(receiver))
    while deliver_due(factory=a.factory, client=client):
        pass
    last = _head(a)
    assert received == [last - 1, last - 1, last]  # the failed one again before the next
    with transaction(a.factory) as session:
        rows = session.scalars(
            select(WebhookMessage).where(WebhookMessage.endpoint_id == view.id)
        ).all()
        assert {row.status for row in rows} == {"delivered"}


def test_cursor_order_is_commit_order_under_concurrent_publishers(deployments, monkeypatch):
    """A reader must never see cursor n+1 while n is still to commit: the transaction that
    commits first gets the lower cursor. Cursors are given out at commit under the locked feed
    head (PostgreSQL: the second publisher waits on the lock; SQLite: on the writer lock)."""
    a, _ = deployments
    before = _head(a)
    holding, release = threading.Event(), threading.Event()
    original_entry_values = feed.entry_values
    slow_thread = {}

    def slow_entry_values(head, change, signing_key):
        entry = original_entry_values(head, change, signing_key)
        if threading.current_thread() is slow_thread.get("thread"):
            holding.set()
            release.wait(10)
        return entry

    monkeypatch.setattr(feed, "entry_values", slow_entry_values)
    committed = []

    def publish(title):
        for _ in range(100):
            try:
                _publish(a, 1, title)
                break
            except OperationalError:  # SQLite: another writer holds the database; retry
                time.sleep(0.1)
        committed.append(title)

    slow = threading.Thread(target=publish, args=("Slow",))
    slow_thread["thread"] = slow
    slow.start()
    assert holding.wait(10)
    fast = threading.Thread(target=publish, args=("Fast",))
    fast.start()
    time.sleep(0.5)
    # SQLite: a transaction would wait for the writer, so read outside one (the latest commit)
    options = {"isolation_level": "AUTOCOMMIT"} if a.engine.dialect.name == "sqlite" else {}
    with (
        a.engine.connect().execution_options(**options) as connection,
        Session(connection) as reader,
    ):
        seen_while_held = service.feed_page(session=reader, after=before, limit=10).entries
    release.set()
    slow.join(10)
    fast.join(10)
    assert seen_while_held == []  # neither entry is visible before the first commit
    with transaction(a.factory) as session:
        rows = session.scalars(
            select(FeedEntry).where(FeedEntry.cursor > before).order_by(FeedEntry.cursor)
        ).all()
        order = [json.loads(row.payload)["content"]["title"].split(" ")[0] for row in rows]
    assert order == committed == ["Slow", "Fast"]


def test_scheduled_pulls_run_once_per_due_partner_and_schedule_the_next(deployments):
    a, b = deployments
    titles = _publish(a, 2, "Scheduled")
    partner_id, _ = _follow(b, a)
    with transaction(b.factory) as session:
        partner = repository.get_partner(session, partner_id)
        partner.pull_interval_minutes, partner.next_pull_at = 15, utcnow() - timedelta(seconds=1)
    with transaction(b.factory) as session:  # another worker holding the lease: not claimed twice
        now = utcnow()
        leased = repository.claim_due_partners(
            session, now=now, lease_until=now + timedelta(minutes=1)
        )
        assert partner_id in leased
        assert partner_id not in repository.claim_due_partners(session, now=now, lease_until=now)
        partner = repository.get_partner(session, partner_id)
        partner.lease_until = None
    client = httpx.Client(transport=_Proxy(a))
    assert pull_due(factory=b.factory, client=client) >= 1
    assert sorted(_titles_at(b, titles)) == sorted(titles)
    with transaction(b.factory) as session:
        partner = repository.get_partner(session, partner_id)
        assert partner.lease_until is None
        assert timedelta(minutes=14) < partner.next_pull_at - utcnow() <= timedelta(minutes=15)
    assert pull_due(factory=b.factory, client=client) == 0 or _not_due(b, partner_id)


def _not_due(deployment, partner_id):
    with transaction(deployment.factory) as session:
        return repository.get_partner(session, partner_id).next_pull_at > utcnow()
