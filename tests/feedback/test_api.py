"""The feedback API: public submission (idempotent by the device's id), status by tracking
code with throttling, the staff queue, handling steps, sensitive items for focal points only,
referral to protection with consent, and reports with small counts suppressed."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from sqlalchemy import func, select

from passage.access import Role
from passage.audit.models import AuditEntry
from passage.config import get_settings
from passage.feedback.models import FeedbackItem
from passage.protection.intake.models import Registration
from tests.factories import bearer, make_user, token_for
from tests.feedback.helpers import focal_point, handler, payload


def _count(session, **where) -> int:
    statement = select(func.count()).select_from(FeedbackItem).filter_by(**where)
    return session.scalar(statement) or 0


def test_a_submission_gets_a_code_and_a_second_send_of_it_stores_nothing(client, session):
    body = payload()
    first = client.post("/api/v1/feedback", json=body)
    again = client.post("/api/v1/feedback", json=body)
    assert first.status_code == 201 and first.json()["code"]
    assert again.status_code == 201
    assert again.json() == {
        "client_id": body["client_id"],
        "code": None,
        "status": "received",
        "duplicate": True,
    }
    assert _count(session, client_id=body["client_id"]) == 1


def test_a_device_whose_first_answer_was_lost_gets_its_code_by_sending_again(client, session):
    body = payload(client_id=str(uuid.uuid4()))  # as the public page makes its ids
    first = client.post("/api/v1/feedback", json=body)
    again = client.post("/api/v1/feedback", json=body)
    assert first.status_code == again.status_code == 201
    assert again.json()["duplicate"] is True
    assert again.json()["code"] == first.json()["code"]
    assert _count(session, client_id=body["client_id"]) == 1
    followed = client.post("/api/v1/feedback/status", json={"code": again.json()["code"]})
    assert followed.status_code == 200
    other = client.post("/api/v1/feedback", json=payload(client_id=str(uuid.uuid4())))
    assert other.json()["code"] != first.json()["code"]


def test_an_anonymous_submission_keeps_only_the_day_and_no_linkable_audit(client, session):
    client.post("/api/v1/feedback", json=payload(contact=None))
    item = session.scalars(select(FeedbackItem)).one()
    assert item.id.version == 4  # not a time-ordered id
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.object_type == "feedback_item")
    ).one()
    assert entry.object_id is None
    assert not hasattr(item, "created_at")


def test_the_code_reads_the_status_and_the_answer_never_the_message(client, session):
    code = client.post("/api/v1/feedback", json=payload()).json()["code"]
    found = client.post("/api/v1/feedback/status", json={"code": code.lower()})
    assert found.status_code == 200
    assert found.json()["status"] == "received" and found.json()["answer"] is None
    assert "message" not in found.json() and "contact" not in found.json()


def test_wrong_codes_are_throttled_per_source(client, session, monkeypatch):
    monkeypatch.setattr(get_settings(), "feedback_code_failures_per_hour", 3)
    statuses = [
        client.post("/api/v1/feedback/status", json={"code": "BBBB-CCCC-DDDD"}).status_code
        for _ in range(4)
    ]
    assert statuses == [404, 404, 404, 429]
    assert "Retry-After" in client.post("/api/v1/feedback/status", json={"code": "X"}).headers


def test_submissions_are_throttled_per_source(client, monkeypatch):
    monkeypatch.setattr(get_settings(), "feedback_submissions_per_hour", 2)
    statuses = [client.post("/api/v1/feedback", json=payload()).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]


def test_a_bad_submission_is_a_422_naming_the_field(client):
    response = client.post("/api/v1/feedback", json=payload(category="gossip"))
    assert response.status_code == 422
    assert response.json()["field"] == "category"


def test_spam_is_kept_out_of_the_queue(client, session):
    client.post("/api/v1/feedback", json=payload(website="http://spam.example"))
    user = handler(session)
    token = token_for(session, user)
    session.commit()
    queue = client.get("/api/v1/feedback", headers=bearer(token)).json()
    assert queue["total"] == 0
    flagged = client.get("/api/v1/feedback?spam=true", headers=bearer(token)).json()
    assert flagged["total"] == 1


def test_sensitive_feedback_reaches_only_the_focal_point(client, session):
    client.post("/api/v1/feedback", json=payload("trafficking", place="Bus station, Moyale"))
    client.post("/api/v1/feedback", json=payload("question"))
    worker, focal = handler(session), focal_point(session)
    worker_token, focal_token = token_for(session, worker), token_for(session, focal)
    session.commit()
    seen = client.get("/api/v1/feedback", headers=bearer(worker_token)).json()
    assert [item["category"] for item in seen["items"]] == ["question"]
    focal_seen = client.get("/api/v1/feedback", headers=bearer(focal_token)).json()
    assert {item["category"] for item in focal_seen["items"]} == {"question", "trafficking"}
    hidden = next(i for i in focal_seen["items"] if i["category"] == "trafficking")
    response = client.get(f"/api/v1/feedback/{hidden['id']}", headers=bearer(worker_token))
    assert response.status_code == 404
    denied = select(func.count()).where(AuditEntry.action == "access.denied")
    assert (session.scalar(denied) or 0) >= 1


def test_staff_read_is_audited(client, session):
    client.post("/api/v1/feedback", json=payload())
    user = handler(session)
    token = token_for(session, user)
    session.commit()
    item_id = client.get("/api/v1/feedback", headers=bearer(token)).json()["items"][0]["id"]
    assert client.get(f"/api/v1/feedback/{item_id}", headers=bearer(token)).status_code == 200
    reads = select(func.count()).where(AuditEntry.action == "read", AuditEntry.object_id == item_id)
    assert session.scalar(reads) == 1


def _handle(client, token, item_id, action, **body):
    version = client.get(f"/api/v1/feedback/{item_id}", headers=bearer(token)).json()["version"]
    return client.post(
        f"/api/v1/feedback/{item_id}/actions/{action}",
        json={"version": version} | body,
        headers=bearer(token),
    )


def test_handling_runs_from_received_to_closed_and_the_code_reads_the_answer(client, session):
    code = client.post("/api/v1/feedback", json=payload(language="so")).json()["code"]
    user = handler(session)
    token = token_for(session, user)
    session.commit()
    item_id = client.get("/api/v1/feedback", headers=bearer(token)).json()["items"][0]["id"]
    assert _handle(client, token, item_id, "acknowledge").json()["status"] == "acknowledged"
    assigned = _handle(client, token, item_id, "assign").json()
    assert assigned["assigned_to"] == str(user.id)
    assert _handle(client, token, item_id, "start").json()["status"] == "in_progress"
    answered = _handle(client, token, item_id, "answer", answer="Biyo ayaa la keeni doonaa.")
    assert answered.json()["answer_language"] == "so"
    closed = _handle(client, token, item_id, "close", satisfaction=4).json()
    assert closed["status"] == "closed" and closed["satisfaction"] == 4
    status = client.post("/api/v1/feedback/status", json={"code": code}).json()
    assert status["answer"] == "Biyo ayaa la keeni doonaa." and status["answer_language"] == "so"
    assert _handle(client, token, item_id, "reopen").json()["status"] == "reopened"


def test_a_step_the_status_does_not_allow_is_refused_and_a_stale_version_conflicts(client, session):
    client.post("/api/v1/feedback", json=payload())
    user = handler(session)
    token = token_for(session, user)
    session.commit()
    item_id = client.get("/api/v1/feedback", headers=bearer(token)).json()["items"][0]["id"]
    assert _handle(client, token, item_id, "reopen").status_code == 422
    stale = client.post(
        f"/api/v1/feedback/{item_id}/actions/acknowledge",
        json={"version": 99},
        headers=bearer(token),
    )
    assert stale.status_code == 409


def test_overdue_items_come_first_and_are_flagged(client, session):
    client.post("/api/v1/feedback", json=payload("question"))
    client.post("/api/v1/feedback", json=payload("safety_concern"))
    late = session.scalars(select(FeedbackItem).filter_by(category="safety_concern")).one()
    late.received_on = late.received_on.replace(year=late.received_on.year - 1)
    late.acknowledge_by = late.received_on
    user = handler(session)
    token = token_for(session, user)
    session.commit()
    items = client.get("/api/v1/feedback", headers=bearer(token)).json()["items"]
    assert [(i["category"], i["overdue"]) for i in items] == [
        ("safety_concern", True),
        ("question", False),
    ]
    overdue = client.get("/api/v1/feedback?overdue=true", headers=bearer(token)).json()
    assert overdue["total"] == 1


def test_referral_to_protection_needs_consent(client, session):
    client.post("/api/v1/feedback", json=payload("assistance", consent_to_refer=True))
    client.post("/api/v1/feedback", json=payload("assistance"))
    user = handler(session)
    token = token_for(session, user)
    session.commit()
    items = client.get("/api/v1/feedback", headers=bearer(token)).json()["items"]
    outcomes = {}
    for item in items:
        response = client.post(
            f"/api/v1/feedback/{item['id']}/referral",
            json={"version": item["version"]},
            headers=bearer(token),
        )
        outcomes[item["consent_to_refer"]] = response
    assert outcomes[False].status_code == 422
    referred = outcomes[True].json()
    registration = session.get(Registration, uuid.UUID(referred["protection_registration_id"]))
    assert registration is not None and registration.source == "feedback"


def test_a_partner_records_feedback_on_someones_behalf(client, session):
    partner = make_user(session, Role.PARTNER_WORKER)
    token = token_for(session, partner)
    session.commit()
    body = payload(channel="partner", organisation="Kenya Red Cross")
    response = client.post("/api/v1/feedback/recorded", json=body, headers=bearer(token))
    assert response.status_code == 201
    item = session.scalars(select(FeedbackItem)).one()
    assert (item.channel, item.recorded_by) == ("partner", partner.id)


@pytest.mark.parametrize("count", [4, 6])
def test_the_report_counts_sensitive_items_and_suppresses_small_cells(client, session, count):
    for _ in range(count):
        client.post("/api/v1/feedback", json=payload("trafficking"))
    for _ in range(6):
        client.post("/api/v1/feedback", json=payload("question"))
    user = make_user(session, Role.ANALYST)
    token = token_for(session, user)
    session.commit()
    today = session.scalars(select(FeedbackItem)).first().received_on.isoformat()
    query = f"starts_on={today}&ends_on={today}"
    report = client.get(f"/api/v1/feedback/reports?{query}", headers=bearer(token)).json()
    categories = {c["category"]: c["count"] for c in report["tables"][0]["cells"]}
    assert report["total"] == count + 6
    expected = None if count < 5 else count
    assert categories["trafficking"] == expected
    assert "message" not in str(report)
    text = client.get(f"/api/v1/feedback/reports?{query}&format=csv", headers=bearer(token)).text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][0] == "#date+start"
    trafficking = next(r for r in rows if r[3] == "trafficking")
    assert trafficking[4] == ("" if count < 5 else str(count))
