"""Exchange pages as a user would use them, without JavaScript: the administrator's overview,
adding partners and subscribers, a partner's page, the review list and the dead letters."""

from __future__ import annotations

import json
import uuid

from passage.auth.service import principal_for
from passage.exchange import importer, repository
from passage.restrictions import service as restrictions
from passage.webhooks.models import WebhookEndpoint, WebhookMessage
from tests.exchange.factories import RemoteDeployment, add_partner, measure_content
from tests.factories import csrf_from, make_user, web_login


def _signed_in(client, session, role="admin", **grant):
    user = make_user(session, role, **grant)
    session.commit()
    web_login(client, user.email)
    return user


def test_the_overview_shows_the_feed_keys_partners_and_subscribers(client, session):
    _signed_in(client, session)
    add_partner(session, RemoteDeployment("Somalia"))
    session.commit()
    page = client.get("/admin/exchange")
    assert page.status_code == 200
    assert "/.well-known/passage-keys.json" in page.text and "Somalia" in page.text
    assert 'href="/admin/webhooks/dead-letters"' in page.text


def test_adding_a_partner_by_form_reports_errors_and_shows_the_webhook_secret(client, session):
    _signed_in(client, session)
    page = client.get("/admin/exchange")
    form = {
        "csrf_token": csrf_from(page.text),
        "name": "Ethiopia",
        "feed_url": "https://et.example.org",
        "keys": "{not json",
    }
    refused = client.post("/admin/exchange/partners", data=form)
    assert refused.status_code == 422 and "not JSON" in refused.text
    assert 'value="Ethiopia"' in refused.text and ">{not json</textarea>" in refused.text
    assert 'name="receive_webhooks" value="true">' in refused.text  # left unticked
    ticked = client.post("/admin/exchange/partners", data=form | {"receive_webhooks": "true"})
    assert ticked.status_code == 422
    assert 'name="receive_webhooks" value="true" checked>' in ticked.text  # kept as ticked
    remote = RemoteDeployment("Ethiopia")
    accepted = client.post(
        "/admin/exchange/partners",
        data=form
        | {
            "keys": json.dumps(remote.keys_document()),
            "receive_webhooks": "true",
            "pull_interval_minutes": "30",
        },
    )
    assert accepted.status_code == 200, accepted.text
    assert 'data-testid="new-secret"' in accepted.text and remote.kid in accepted.text
    partner = repository.partner_by_name(session, "Ethiopia")
    assert partner.pull_interval_minutes == 30 and partner.inbox_secret_sealed


def test_pull_now_settings_and_cursor_forms_on_a_partners_page(client, session):
    _signed_in(client, session)
    partner = add_partner(session, RemoteDeployment("Djibouti"))
    session.commit()
    page = client.get(f"/admin/exchange/partners/{partner.id}")
    token = csrf_from(page.text)
    pulled = client.post(
        f"/admin/exchange/partners/{partner.id}/pull",
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert pulled.status_code == 303
    assert "Pull requested" in client.get(pulled.headers["location"]).text
    session.expire_all()
    settings = client.post(
        f"/admin/exchange/partners/{partner.id}/settings",
        data={
            "csrf_token": token,
            "version": partner.version,
            "name": "Djibouti",
            "pull_interval_minutes": "abc",
        },
    )
    assert settings.status_code == 422 and "whole number of minutes" in settings.text
    stale = client.post(
        f"/admin/exchange/partners/{partner.id}/cursor",
        data={"csrf_token": token, "version": 1, "cursor": 0},
    )
    assert stale.status_code == 409 and "changed by someone else" in stale.text


def test_adding_a_subscriber_shows_its_secret_once(client, session):
    _signed_in(client, session)
    page = client.get("/admin/exchange")
    response = client.post(
        "/admin/exchange/subscriptions",
        data={
            "csrf_token": csrf_from(page.text),
            "name": "Kenya",
            "url": "https://ke.example.org/api/v1/exchange/inbox/1",
            "after": "",
        },
    )
    assert response.status_code == 200 and 'data-testid="new-secret"' in response.text
    assert 'data-testid="new-secret"' not in client.get("/admin/exchange").text
    bad = client.post(
        "/admin/exchange/subscriptions",
        data={"csrf_token": csrf_from(page.text), "name": "Bad", "url": "not a url"},
    )
    assert bad.status_code == 422 and "http" in bad.text


def test_a_coordinator_reviews_a_conflict_with_both_sides_shown(client, session):
    remote = RemoteDeployment("Partner of Uganda")
    partner = add_partner(session, remote)
    record_id = str(uuid.uuid4())
    importer.import_entries(
        session,
        partner=partner,
        via="pull",
        entries=[remote.entry("measure", measure_content(), record_id=record_id)],
    )
    local_id = repository.provenance_of_remote(
        session, partner.id, "measure", record_id
    ).local_record_id
    user = _signed_in(client, session, "coordinator", scope_type="country", scope_value="UGA")
    measure, _ = restrictions.get_measure(session=session, measure_id=local_id)
    restrictions.mark_verified(
        session=session,
        measure_id=local_id,
        version=measure.version,
        on=None,
        actor=principal_for(user),
    )
    importer.import_entries(
        session,
        partner=partner,
        via="pull",
        entries=[
            remote.entry(
                "measure", measure_content(quarantine_days=4), record_id=record_id, version=2
            )
        ],
    )
    session.commit()
    page = client.get("/exchange/conflicts")
    assert page.status_code == 200 and 'data-testid="conflict"' in page.text
    assert "quarantine_days" in page.text and "last_verified_on" in page.text
    conflict = repository.list_conflicts(session, status="open", countries=None)[0]
    kept = client.post(
        f"/exchange/conflicts/{conflict.id}/resolve",
        data={"csrf_token": csrf_from(page.text), "version": conflict.version, "choice": "mine"},
        follow_redirects=False,
    )
    assert kept.status_code == 303
    assert "Nothing waits for review" in client.get("/exchange/conflicts").text
    assert restrictions.get_measure(session=session, measure_id=local_id)[1].quarantine_days == 14


def test_an_imported_measure_shows_where_it_came_from(client, session):
    remote = RemoteDeployment("Sudan")
    partner = add_partner(session, remote)
    entry = remote.entry("measure", measure_content(title="Imported from Sudan"))
    importer.import_entries(session, partner=partner, entries=[entry], via="pull")
    local_id = repository.provenance_of_remote(
        session, partner.id, "measure", entry["record"]["id"]
    ).local_record_id
    session.commit()
    page = client.get(f"/measures/{local_id}")
    assert page.status_code == 200 and 'data-testid="origin"' in page.text and "Sudan" in page.text


def test_dead_letters_page_retries_a_message(client, session):
    _signed_in(client, session)
    endpoint = WebhookEndpoint(
        topic="exchange.feed", name="Down", url="https://down.example.org", secret_sealed="x"
    )
    session.add(endpoint)
    session.flush()
    message = WebhookMessage(
        endpoint_id=endpoint.id,
        topic="exchange.feed",
        payload={},
        status="dead",
        attempts=12,
        last_error="HTTP 502: bad gateway",
    )
    session.add(message)
    session.commit()
    page = client.get("/admin/webhooks/dead-letters")
    assert "HTTP 502: bad gateway" in page.text
    retried = client.post(
        f"/admin/webhooks/dead-letters/{message.id}/retry",
        data={"csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )
    assert retried.status_code == 303
    session.refresh(message)
    assert message.status == "pending"


def test_exchange_pages_are_for_their_roles_only(client, session):
    _signed_in(client, session, "coordinator")
    assert client.get("/admin/exchange").status_code == 403
    assert client.get("/exchange/conflicts").status_code == 200
