"""The linkage routes: the API and the pages of the review queue, the decision, the undoing of
a merge and the check of a registration, within the reviewer's organisation."""

from __future__ import annotations

from passage.access import Role
from passage.linkage import checks
from tests.factories import bearer, token_for, web_login
from tests.linkage.helpers import merged_pair, person, queued_pair
from tests.protection.helpers import IOM, RED_CROSS, staff


def test_the_queue_explains_each_pair_and_a_decision_merges(client, session):
    user, _ = staff(session, Role.SUPERVISOR, IOM)
    candidate = queued_pair(session, IOM)
    queued_pair(session, RED_CROSS)
    token = token_for(session, user)
    session.commit()
    listed = client.get("/api/v1/linkage/candidates", headers=bearer(token)).json()
    assert [item["id"] for item in listed] == [str(candidate.id)]
    assert listed[0]["explanation"]["name"]["level"] == "two name words sound alike"
    body = {"decision": "confirm", "version": candidate.version}
    answer = client.post(
        f"/api/v1/linkage/candidates/{candidate.id}/decision", json=body, headers=bearer(token)
    )
    assert answer.status_code == 200 and answer.json()["status"] == "confirmed"
    merge_id = answer.json()["merge_id"]
    undone = client.post(f"/api/v1/linkage/merges/{merge_id}/undo", headers=bearer(token))
    assert undone.status_code == 200 and undone.json()["undone_at"]
    again = client.post(f"/api/v1/linkage/merges/{merge_id}/undo", headers=bearer(token))
    assert again.status_code == 409 and again.json()["error"]


def test_a_bad_decision_is_a_4xx_with_a_json_body(client, session):
    user, _ = staff(session, Role.SUPERVISOR, IOM)
    candidate = queued_pair(session, IOM)
    token = token_for(session, user)
    session.commit()
    path = f"/api/v1/linkage/candidates/{candidate.id}/decision"
    wrong = client.post(path, json={"decision": "maybe", "version": 1}, headers=bearer(token))
    assert wrong.status_code == 422
    stale = client.post(path, json={"decision": "reject", "version": 9}, headers=bearer(token))
    assert stale.status_code == 409 and stale.json()["error"]


def test_a_case_worker_may_check_but_not_review(client, session):
    checks.forget()
    user, _ = staff(session, Role.CASE_WORKER, IOM)
    person(session, IOM, "Amina", "Yusuf", sex="F")
    person(session, IOM, "Grace", "Achieng", sex="F")
    token = token_for(session, user)
    session.commit()
    assert client.get("/api/v1/linkage/candidates", headers=bearer(token)).status_code == 403
    found = client.post(
        "/api/v1/linkage/check",
        json={"given_names": "Aminah", "surname": "Yusuf", "sex": "F"},
        headers=bearer(token),
    )
    assert found.status_code == 200
    checks.forget()


def test_the_pages_show_the_queue_and_the_merges(client, session):
    user, _ = staff(session, Role.SUPERVISOR, IOM)
    candidate = queued_pair(session, IOM)
    merged_pair(session, IOM)
    session.commit()
    web_login(client, user.email)
    page = client.get("/linkage")
    assert page.status_code == 200
    assert "Same person: merge" in page.text and "Undo merge" in page.text
    assert "two name words sound alike" in page.text
    assert str(candidate.id) in page.text


def test_the_check_page_answers_the_form_and_the_partial(client, session):
    checks.forget()
    user, _ = staff(session, Role.CASE_WORKER, IOM)
    session.commit()
    web_login(client, user.email)
    page = client.get("/linkage/check")
    assert page.status_code == 200 and "<h1>" in page.text
    partial = client.get(
        "/linkage/check?given_names=Amina&surname=Yusuf", headers={"HX-Request": "true"}
    )
    assert partial.status_code == 200 and "<h1>" not in partial.text
    assert 'id="possible-duplicates"' in partial.text
    checks.forget()
