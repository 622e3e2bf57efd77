"""The exchange's JSON API: the public feed, Atom view and keys; the partners' inbox (HMAC);
partners, subscriptions, key rotation, conflicts and dead letters for their roles."""

from __future__ import annotations

import json
import time
import uuid
from xml.etree import ElementTree

from passage.auth.service import principal_for
from passage.exchange import importer, partners, repository, trust
from passage.restrictions import service as restrictions
from passage.webhooks import signing
from passage.webhooks.models import WebhookEndpoint, WebhookMessage
from tests.exchange.factories import RemoteDeployment, add_partner, head, measure_content
from tests.factories import bearer, make_user, token_for
from tests.restrictions.factories import make_measure

ATOM = "{http://www.w3.org/2005/Atom}"


def _admin(session):
    user = make_user(session, "admin")
    headers = bearer(token_for(session, user))
    session.commit()
    return headers


def test_the_feed_is_public_and_paged_by_cursor(client, session):
    before = head(session)
    for n in range(3):
        make_measure(session, title=f"Paged measure {n}")
    session.commit()
    first = client.get("/api/v1/exchange/feed", params={"after": before, "limit": 2}).json()
    assert [e["cursor"] for e in first["entries"]] == [before + 1, before + 2]
    assert first["has_more"] is True and first["next_after"] == before + 2
    assert first["head"] == before + 3 and first["deployment"]["id"]
    second = client.get(
        "/api/v1/exchange/feed", params={"after": first["next_after"], "limit": 2}
    ).json()
    assert [e["cursor"] for e in second["entries"]] == [before + 3]
    assert second["has_more"] is False and second["next_after"] == before + 3
    only_rules = client.get("/api/v1/exchange/feed", params={"after": before, "kind": "rule"})
    assert only_rules.json()["entries"] == []
    wrong = client.get("/api/v1/exchange/feed", params={"kind": "traveller"})
    assert wrong.status_code == 422 and wrong.json()["field"] == "kind"


def test_the_atom_view_lists_the_newest_entries_with_their_signed_json(client, session):
    before = head(session)
    make_measure(session, title="Atom one")
    make_measure(session, title="Atom two")
    session.commit()
    response = client.get("/api/v1/exchange/feed.atom", params={"limit": 1})
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 1 and "Atom two" in entries[0].findtext(f"{ATOM}title")
    document = json.loads(entries[0].findtext(f"{ATOM}content"))
    assert document["cursor"] == before + 2 and document["signature"]
    next_link = [
        link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "next"
    ]
    assert next_link and f"before={before + 2}" in next_link[0]


def test_keys_are_public_and_old_entries_verify_after_a_rotation(client, session):
    headers = _admin(session)
    before = head(session)
    make_measure(session, title="Signed before the rotation")
    session.commit()
    old_kid = client.get("/.well-known/passage-keys.json").json()["keys"][0]["kid"]
    rotated = client.post("/api/v1/exchange/keys/rotate", headers=headers)
    assert rotated.status_code == 200
    make_measure(session, title="Signed after the rotation")
    session.commit()
    document = client.get("/.well-known/passage-keys.json").json()
    by_kid = {key["kid"]: key for key in document["keys"]}
    assert by_kid[old_kid]["valid_until"] is not None and len(by_kid) >= 2
    entries = client.get("/api/v1/exchange/feed", params={"after": before}).json()["entries"]
    assert [e["kind"] for e in entries] == ["measure", "key", "measure"]
    assert entries[1]["content"]["previous_kid"] == old_kid
    keys = {key.kid: key for key in trust.read_keys_document(document).keys}
    kids = [trust.verify_entry(e, keys=keys, deployment_id=None)[1] for e in entries]
    assert kids[0] == kids[1] == old_kid and kids[2] == entries[1]["content"]["jwk"]["kid"]


def _signed_post(client, partner_id, secret, body, *, when=None):
    stamp = int(when or time.time())
    header = signing.signature_header(secret.encode(), body, stamp)
    return client.post(
        f"/api/v1/exchange/inbox/{partner_id}",
        content=body,
        headers={"X-Passage-Signature": header, "Content-Type": "application/json"},
    )


def test_the_inbox_imports_a_partners_webhook_signed_with_the_shared_secret(client, session):
    remote = RemoteDeployment("Rwanda")
    partner = add_partner(session, remote, receive_webhooks=True)
    secret = partners.set_inbox_secret(session=session, partner_id=partner.id, secret=None)
    session.commit()
    entries = [remote.entry("measure", measure_content(title=f"Webhook {n}")) for n in range(2)]
    body = json.dumps({"entries": entries}).encode()
    response = _signed_post(client, partner.id, secret, body)
    assert response.status_code == 200, response.text
    assert response.json()["imported"] == 2
    assert repository.get_partner(session, partner.id).cursor == 2
    again = _signed_post(client, partner.id, secret, body)
    assert again.json()["unchanged"] == 2


def test_the_inbox_refuses_a_wrong_stale_or_missing_signature(client, session):
    remote = RemoteDeployment("Burundi")
    partner = add_partner(session, remote, receive_webhooks=True)
    secret = partners.set_inbox_secret(session=session, partner_id=partner.id, secret=None)
    session.commit()
    body = json.dumps({"entries": [remote.entry("measure", measure_content())]}).encode()
    wrong = _signed_post(client, partner.id, "another secret of 16+ chars", body)
    assert wrong.status_code == 401 and "does not match" in wrong.json()["detail"]
    stale = _signed_post(client, partner.id, secret, body, when=time.time() - 3600)
    assert stale.status_code == 401 and "too old" in wrong.json()["detail"] + stale.json()["detail"]
    missing = client.post(f"/api/v1/exchange/inbox/{partner.id}", content=body)
    assert missing.status_code == 401
    assert repository.imported_count(session, partner.id) == 0
    not_json = _signed_post(client, partner.id, secret, b"entries")
    assert not_json.status_code == 422
    unknown = _signed_post(client, uuid.uuid4(), secret, body)
    assert unknown.status_code == 404


def test_partners_are_managed_by_administrators_with_clear_errors(client, session):
    headers = _admin(session)
    remote = RemoteDeployment("Tanzania")
    payload = {
        "name": "Tanzania",
        "feed_url": "https://tz.example.org/",
        "keys": remote.keys_document(),
        "pull_interval_minutes": 15,
        "receive_webhooks": True,
    }
    created = client.post("/api/v1/exchange/partners", json=payload, headers=headers)
    assert created.status_code == 201, created.text
    body = created.json()
    assert (
        body["inbox_secret"]
        and body["partner"]["feed_url"] == "https://tz.example.org/api/v1/exchange/feed"
    )
    assert body["partner"]["deployment_id"] == str(remote.deployment_id)
    assert body["partner"]["keys"][0]["kid"] == remote.kid
    duplicate = client.post("/api/v1/exchange/partners", json=payload, headers=headers)
    assert duplicate.status_code == 409
    bad_keys = client.post(
        "/api/v1/exchange/partners",
        json=payload | {"name": "Other", "feed_url": "https://o.example.org", "keys": {"keys": []}},
        headers=headers,
    )
    assert bad_keys.status_code == 422 and bad_keys.json()["field"] == "keys"
    partner_id = body["partner"]["id"]
    paused = client.patch(
        f"/api/v1/exchange/partners/{partner_id}",
        json={"version": body["partner"]["version"], "is_active": False},
        headers=headers,
    )
    assert paused.status_code == 200 and paused.json()["is_active"] is False
    stale = client.patch(
        f"/api/v1/exchange/partners/{partner_id}", json={"version": 1, "name": "x"}, headers=headers
    )
    assert stale.status_code == 409
    pulled = client.post(f"/api/v1/exchange/partners/{partner_id}/pull", headers=headers)
    assert pulled.status_code == 202
    reset = client.post(
        f"/api/v1/exchange/partners/{partner_id}/cursor",
        json={"version": paused.json()["version"] + 1, "cursor": 0},
        headers=headers,
    )
    assert reset.status_code == 200 and reset.json()["cursor"] == 0
    listed = client.get("/api/v1/exchange/partners", headers=headers).json()
    assert any(p["name"] == "Tanzania" for p in listed)


def test_rejections_and_provenance_are_reported(client, session):
    headers = _admin(session)
    remote = RemoteDeployment("Zambia")
    partner = add_partner(session, remote)
    good = remote.entry("measure", measure_content(title="Provenance measure"))
    bad = remote.entry("measure", measure_content())
    bad["content"]["title"] = "changed after signing"
    importer.import_entries(session, partner=partner, entries=[good, bad], via="pull")
    session.commit()
    rejections = client.get(f"/api/v1/exchange/partners/{partner.id}/rejections", headers=headers)
    assert rejections.json()[0]["remote_cursor"] == bad["cursor"]
    local_id = repository.provenance_of_remote(
        session, partner.id, "measure", good["record"]["id"]
    ).local_record_id
    origin = client.get(f"/api/v1/exchange/provenance/measure/{local_id}").json()
    assert origin["partner"]["name"] == "Zambia" and origin["remote_entry_id"] == good["id"]
    local = make_measure(session)
    session.commit()
    assert client.get(f"/api/v1/exchange/provenance/measure/{local.measure.id}").status_code == 404


def test_subscriptions_show_their_secret_once_and_replay_from_a_cursor(client, session):
    headers = _admin(session)
    make_measure(session, title="Before the subscription")
    session.commit()
    created = client.post(
        "/api/v1/exchange/subscriptions",
        json={"name": "Neighbour", "url": "https://neighbour.example.org/api/v1/exchange/inbox/x"},
        headers=headers,
    )
    assert created.status_code == 201 and len(created.json()["secret"]) >= 32
    subscription = created.json()["subscription"]
    assert subscription["pending"] == 0
    replayed = client.post(
        f"/api/v1/exchange/subscriptions/{subscription['id']}/replay",
        json={"after": 0},
        headers=headers,
    )
    assert replayed.json()["messages"] >= 1
    listed = client.get("/api/v1/exchange/subscriptions", headers=headers).json()
    assert [s["pending"] for s in listed if s["name"] == "Neighbour"] == [
        replayed.json()["messages"]
    ]
    bad_url = client.post(
        "/api/v1/exchange/subscriptions",
        json={"name": "Bad", "url": "ftp://x.example.org/in"},
        headers=headers,
    )
    assert bad_url.status_code == 422 and bad_url.json()["field"] == "url"


def test_dead_letters_can_be_retried_or_discarded(client, session):
    headers = _admin(session)
    endpoint = WebhookEndpoint(
        topic="exchange.feed", name="Gone", url="https://gone.example.org", secret_sealed="x"
    )
    session.add(endpoint)
    session.flush()
    messages = [
        WebhookMessage(
            endpoint_id=endpoint.id,
            topic="exchange.feed",
            payload={},
            status="dead",
            attempts=12,
            last_error="HTTP 500: down",
        )
        for _ in range(2)
    ]
    session.add_all(messages)
    session.commit()
    dead = client.get("/api/v1/webhooks/dead-letters", headers=headers).json()
    assert {d["id"] for d in dead} >= {str(m.id) for m in messages}
    retried = client.post(f"/api/v1/webhooks/dead-letters/{messages[0].id}/retry", headers=headers)
    assert retried.json()["status"] == "pending"
    discarded = client.post(
        f"/api/v1/webhooks/dead-letters/{messages[1].id}/discard", headers=headers
    )
    assert discarded.json()["status"] == "discarded"
    again = client.post(f"/api/v1/webhooks/dead-letters/{messages[1].id}/retry", headers=headers)
    assert again.status_code == 409


def test_conflicts_are_resolved_by_a_coordinator_of_the_country(client, session):
    remote = RemoteDeployment("Kenya partner")
    partner = add_partner(session, remote)
    record_id = str(uuid.uuid4())
    first = remote.entry("measure", measure_content(), record_id=record_id)
    importer.import_entries(session, partner=partner, entries=[first], via="pull")
    local_id = repository.provenance_of_remote(
        session, partner.id, "measure", record_id
    ).local_record_id
    measure, _ = restrictions.get_measure(session=session, measure_id=local_id)
    uganda = make_user(session, "coordinator", scope_type="country", scope_value="UGA")
    restrictions.mark_verified(
        session=session,
        measure_id=local_id,
        version=measure.version,
        on=None,
        actor=principal_for(uganda),
    )
    second = remote.entry(
        "measure", measure_content(quarantine_days=9), record_id=record_id, version=2
    )
    importer.import_entries(session, partner=partner, entries=[second], via="pull")
    kenya = make_user(session, "coordinator", scope_type="country", scope_value="KEN")
    uganda_headers, kenya_headers = (
        bearer(token_for(session, uganda)),
        bearer(token_for(session, kenya)),
    )
    session.commit()
    assert client.get("/api/v1/exchange/conflicts", headers=kenya_headers).json() == []
    [held] = client.get("/api/v1/exchange/conflicts", headers=uganda_headers).json()
    assert held["content"]["quarantine_days"] == 9 and held["partner"] == "Kenya partner"
    body = {"version": held["version"], "choice": "theirs"}
    forbidden = client.post(
        f"/api/v1/exchange/conflicts/{held['id']}/resolve", json=body, headers=kenya_headers
    )
    assert forbidden.status_code == 403
    done = client.post(
        f"/api/v1/exchange/conflicts/{held['id']}/resolve", json=body, headers=uganda_headers
    )
    assert done.status_code == 200 and done.json()["status"] == "accepted"
    assert restrictions.get_measure(session=session, measure_id=local_id)[1].quarantine_days == 9
    twice = client.post(
        f"/api/v1/exchange/conflicts/{held['id']}/resolve",
        json=body | {"version": done.json()["version"]},
        headers=uganda_headers,
    )
    assert twice.status_code == 409


def test_publishing_with_an_unusable_signing_key_is_a_clear_409_and_nothing_is_kept(
    client, session, monkeypatch
):
    from passage.config import get_settings
    from passage.exchange import keys

    make_measure(session, title="Makes the first key")
    session.commit()
    monkeypatch.setattr(get_settings(), "secret_key", "another-secret-key-of-32-characters-y")
    monkeypatch.setattr(keys, "_private_keys", {})
    headers = _admin(session)  # tokens are keyed by the secret too
    measure = {
        "country_iso3": "KEN",
        "measure_type": "quarantine",
        "title": "Not signable",
        "effective_from": "2021-06-01",
        "status": "published",
    }
    response = client.post("/api/v1/measures", json=measure, headers=headers)
    assert response.status_code == 409, response.text
    assert "passage exchange keys rotate" in response.json()["detail"]
    assert client.get("/api/v1/measures", params={"q": "Not signable"}).json()["total"] == 0


def test_a_deployment_cannot_follow_itself(client, session):
    headers = _admin(session)
    own_keys = client.get("/.well-known/passage-keys.json").json()
    response = client.post(
        "/api/v1/exchange/partners",
        json={"name": "Myself", "feed_url": "https://self.example.org", "keys": own_keys},
        headers=headers,
    )
    assert response.status_code == 422 and "own keys" in response.json()["detail"]
