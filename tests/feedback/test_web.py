"""The feedback pages through the test client: the public form (with and without the script),
following by code, the service worker and manifest, the staff queue, an item and its steps, the
sensitive item hidden from other staff, and the report with its CSV."""

from __future__ import annotations

import re

from sqlalchemy import select

from passage.access import Role
from passage.feedback.models import FeedbackItem
from tests.factories import csrf_from, make_user, web_login
from tests.feedback.helpers import payload

CODE = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}")


def _send_form(client, **fields):
    token = csrf_from(client.get("/feedback").text)
    return client.post("/feedback", data={"csrf_token": token} | fields)


def test_the_public_page_is_light_and_installable(client):
    page = client.get("/feedback")
    assert page.status_code == 200
    assert 'rel="manifest"' in page.text and "/static/js/feedback.js" in page.text
    script = client.get("/static/js/feedback.js")
    assert len(page.content) + len(script.content) < 50 * 1024
    worker = client.get("/feedback/sw.js")
    assert worker.headers["content-type"].startswith("text/javascript")
    assert "caches.open" in worker.text
    manifest = client.get("/feedback/manifest.webmanifest").json()
    assert manifest["scope"] == "/feedback" and manifest["display"] == "standalone"


def test_the_form_without_script_gives_a_code_that_reads_the_status(client, session):
    sent = _send_form(client, category="question", message="Where is the clinic?", language="so")
    code = CODE.search(sent.text).group(0)
    token = csrf_from(client.get("/feedback/follow").text)
    found = client.post("/feedback/follow", data={"csrf_token": token, "code": code})
    assert found.status_code == 200 and "No answer yet" in found.text
    assert session.scalars(select(FeedbackItem)).one().language == "so"


def test_a_missing_category_is_shown_on_the_form(client):
    response = _send_form(client, message="Hello there")
    assert response.status_code == 422
    assert 'id="category-error"' in response.text


def test_a_wrong_code_is_shown_on_the_follow_form(client):
    token = csrf_from(client.get("/feedback/follow").text)
    response = client.post("/feedback/follow", data={"csrf_token": token, "code": "NOPE"})
    assert response.status_code == 404 and 'id="code-error"' in response.text


def test_staff_handle_an_item_from_its_page(client, session):
    client.post("/api/v1/feedback", json=payload("assistance", consent_to_refer=True))
    user = make_user(session, Role.CASE_WORKER)
    session.commit()
    web_login(client, user.email)
    queue = client.get("/feedback/queue")
    item = session.scalars(select(FeedbackItem)).one()
    assert item.reference in queue.text
    page = client.get(f"/feedback/items/{item.id}")
    assert "Refer to protection" in page.text
    token = csrf_from(page.text)
    done = client.post(
        f"/feedback/items/{item.id}/actions/answer",
        data={"csrf_token": token, "version": item.version, "answer": "A team will call you."},
    )
    assert done.status_code == 200 and "A team will call you." in done.text
    session.refresh(item)
    refused = client.post(
        f"/feedback/items/{item.id}/actions/start",
        data={"csrf_token": token, "version": item.version},
    )
    assert refused.status_code == 422


def test_a_sensitive_item_page_is_not_found_for_a_case_worker(client, session):
    client.post("/api/v1/feedback", json=payload("sexual_exploitation_abuse"))
    item = session.scalars(select(FeedbackItem)).one()
    user = make_user(session, Role.CASE_WORKER)
    session.commit()
    web_login(client, user.email)
    assert client.get(f"/feedback/items/{item.id}").status_code == 404
    assert item.reference not in client.get("/feedback/queue").text


def test_the_report_page_and_csv(client, session):
    for _ in range(5):
        client.post("/api/v1/feedback", json=payload("question"))
    user = make_user(session, Role.ANALYST)
    session.commit()
    web_login(client, user.email)
    assert "Feedback report" in client.get("/feedback/reports").text
    csv_text = client.get("/feedback/reports.csv").text
    assert csv_text.splitlines()[1].startswith("#date+start")
    assert ",category,question,5,0" in csv_text


def test_a_hotline_operator_records_feedback_and_gets_the_code(client, session):
    user = make_user(session, Role.CASE_WORKER)
    session.commit()
    web_login(client, user.email)
    token = csrf_from(client.get("/feedback/record").text)
    response = client.post(
        "/feedback/record",
        data={
            "csrf_token": token,
            "channel": "hotline",
            "category": "question",
            "message": "When is the next distribution?",
        },
    )
    assert response.status_code == 200 and CODE.search(response.text)
    assert session.scalars(select(FeedbackItem)).one().channel == "hotline"
