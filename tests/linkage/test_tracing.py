"""Family tracing: a request is matched against the persons whose consent allows tracing and
against children; only case staff see matches (restricted children: designated case workers);
the requester learns only what a found adult agreed to share, and nothing about a child; a
confirmed match opens a reunification follow-up; every access is audited."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from passage.access import Role
from passage.audit.models import AuditEntry
from passage.kit.clock import today, utcnow
from passage.linkage import checks
from passage.linkage.tracing import service
from passage.protection.cases.models import FollowUp
from tests.factories import bearer, csrf_from, token_for, web_login
from tests.linkage.tracing_helpers import consent, registry, tracing_request
from tests.protection.helpers import IOM, RED_CROSS, designated, person_with_case, staff


def _ids(items: list[service.MatchItem]) -> set:
    return {item.person.id for item in items}


def test_a_child_is_found_for_the_designated_case_worker_and_never_for_the_requester(
    client, session
):
    checks.forget()
    people = registry(session, IOM)
    partner, _ = staff(session, Role.PARTNER_WORKER, IOM)
    worker, _ = designated(session, IOM)
    partner_token, worker_token = token_for(session, partner), token_for(session, worker)
    session.commit()
    body = {
        "given_names": "Hawa",
        "surname": "Yusuf",
        "approximate_age": 9,
        "sex": "F",
        "relationship": "child",
        "requester_name": "Halima Yusuf",
    }
    filed = client.post("/api/v1/linkage/tracing", json=body, headers=bearer(partner_token))
    assert filed.status_code == 201, filed.text
    request_id = filed.json()["id"]
    matched = client.post(
        f"/api/v1/linkage/tracing/{request_id}/match", headers=bearer(worker_token)
    )
    assert matched.status_code == 200, matched.text
    found = {item["person"]["id"]: item for item in matched.json()}
    assert str(people.child.id) in found and found[str(people.child.id)]["child"] is True
    assert found[str(people.child.id)]["explanation"]["name"]["level"] == "same name"
    # the requester's side: no matches at all, and the status says nothing of the child
    refused = client.get(
        f"/api/v1/linkage/tracing/{request_id}/matches", headers=bearer(partner_token)
    )
    assert refused.status_code == 403
    match_id = found[str(people.child.id)]["id"]
    decision = {"decision": "confirm", "version": found[str(people.child.id)]["version"]}
    confirmed = client.post(
        f"/api/v1/linkage/tracing/matches/{match_id}/decision",
        json=decision,
        headers=bearer(worker_token),
    )
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    view = client.get(
        f"/api/v1/linkage/tracing/{request_id}/requester", headers=bearer(partner_token)
    )
    assert view.status_code == 200
    assert view.json() == {
        "reference": filed.json()["reference"],
        "status": "reunification",
        "shared": {},
    }
    web_login(client, partner.email)
    page = client.get(f"/linkage/tracing/{request_id}/requester")
    assert page.status_code == 200 and "A case worker will contact the requester" in page.text
    assert people.child.reference not in page.text and "Moyale" not in page.text
    checks.forget()


def test_a_case_worker_who_is_not_designated_does_not_see_a_restricted_child(session):
    checks.forget()
    people = registry(session, IOM)
    _, worker = staff(session, Role.CASE_WORKER, IOM)
    request = tracing_request(session, IOM)
    items = service.match(session=session, actor=worker, request_id=request.id)
    assert people.child.id not in _ids(items)
    _, officer = designated(session, IOM)
    assert people.child.id in _ids(
        service.matches(session=session, actor=officer, request_id=request.id)
    )
    checks.forget()


def test_only_persons_whose_consent_allows_tracing_are_matched(session):
    checks.forget()
    people = registry(session, IOM)
    _, worker = designated(session, IOM)
    unwilling = tracing_request(
        session,
        IOM,
        given_names="Grace",
        surname="Achieng",
        approximate_age=None,
        birth_date="1990-06-01",
        relationship="sibling",
    )
    assert people.unwilling.id not in _ids(
        service.match(session=session, actor=worker, request_id=unwilling.id)
    )
    consent(session, people.unwilling, ["phone"], withdrawn_at=utcnow())
    consent(session, people.unwilling, ["phone"], expires_on=today() - timedelta(days=1))
    assert people.unwilling.id not in _ids(
        service.match(session=session, actor=worker, request_id=unwilling.id)
    )
    consent(session, people.unwilling, ["phone"])
    assert people.unwilling.id in _ids(
        service.match(session=session, actor=worker, request_id=unwilling.id)
    )
    checks.forget()


def test_a_name_variant_in_another_script_finds_the_person(session):
    checks.forget()
    people = registry(session, IOM)
    _, worker = designated(session, IOM)
    request = tracing_request(
        session,
        IOM,
        given_names="Mohammed",
        surname="Hasan",
        approximate_age=40,
        sex="M",
        relationship="spouse",
        name_variants=["محمد علي حسن"],
    )
    items = service.match(session=session, actor=worker, request_id=request.id)
    assert people.adult.id in _ids(items)
    checks.forget()


def test_a_found_adult_shares_only_what_they_consented_and_the_disclosure_is_audited(
    client, session
):
    checks.forget()
    people = registry(session, IOM)
    user, worker = designated(session, IOM)
    request = tracing_request(
        session,
        IOM,
        given_names="Mohamed Ali",
        surname="Hassan",
        approximate_age=None,
        birth_date="1985",
        sex="M",
        relationship="spouse",
    )
    items = service.match(session=session, actor=worker, request_id=request.id)
    found = next(item for item in items if item.person.id == people.adult.id)
    service.decide(
        session=session, actor=worker, match_id=found.match.id, decision="confirm", version=1
    )
    token = token_for(session, user)
    session.commit()
    view = client.get(f"/api/v1/linkage/tracing/{request.id}/requester", headers=bearer(token))
    assert view.json()["shared"] == {"phone": "+254700111222", "location": "Kakuma, block 4"}
    disclosed = session.scalars(select(AuditEntry).where(AuditEntry.action == "disclose")).all()
    assert [entry.object_id for entry in disclosed] == [str(people.adult.id)]
    assert disclosed[0].details["fields"] == ["location", "phone"]
    checks.forget()


def test_a_confirmed_match_opens_a_reunification_follow_up_on_the_persons_case(session):
    checks.forget()
    _, worker = designated(session, IOM)
    adult, case = person_with_case(session, worker, given_names="Yonas", surname="Tesfaye", sex="M")
    consent(session, adult, ["phone"])
    registry(session, IOM)
    request = tracing_request(
        session,
        IOM,
        given_names="Yonas",
        surname="Tesfaye",
        approximate_age=None,
        sex="M",
        relationship="sibling",
    )
    items = service.match(session=session, actor=worker, request_id=request.id)
    found = next(item for item in items if item.person.id == adult.id)
    service.decide(
        session=session, actor=worker, match_id=found.match.id, decision="confirm", version=1
    )
    assert request.status == "reunification" and request.found_person_id == adult.id
    follow_ups = session.scalars(select(FollowUp).where(FollowUp.case_id == case.id)).all()
    assert [f.purpose for f in follow_ups] == [
        f"Family reunification: tracing request {request.reference}"
    ]
    assert follow_ups[0].due_on == request.follow_up_due
    checks.forget()


def test_requests_stay_within_their_organisation_and_their_filer(client, session):
    checks.forget()
    registry(session, IOM)
    request = tracing_request(session, IOM)
    other_worker, _ = designated(session, RED_CROSS)
    other_partner, _ = staff(session, Role.PARTNER_WORKER, IOM)
    tokens = [token_for(session, other_worker), token_for(session, other_partner)]
    session.commit()
    matches = client.get(f"/api/v1/linkage/tracing/{request.id}/matches", headers=bearer(tokens[0]))
    assert matches.status_code == 404 and matches.json()["error"]
    view = client.get(f"/api/v1/linkage/tracing/{request.id}/requester", headers=bearer(tokens[1]))
    assert view.status_code == 404
    assert client.get("/api/v1/linkage/tracing", headers=bearer(tokens[1])).json() == []
    checks.forget()


def test_a_bad_request_is_a_422_with_a_json_body(client, session):
    user, _ = staff(session, Role.CASE_WORKER, IOM)
    token = token_for(session, user)
    session.commit()
    base = {"given_names": "Hawa", "relationship": "child", "requester_name": "Halima"}
    both = base | {"birth_date": "2016", "approximate_age": 9}
    for body in (both, base | {"relationship": "neighbour"}, base | {"birth_date": "16/5/2016"}):
        answer = client.post("/api/v1/linkage/tracing", json=body, headers=bearer(token))
        assert answer.status_code == 422 and answer.json(), body


def test_the_pages_file_a_request_match_it_and_explain_each_match(client, session):
    checks.forget()
    people = registry(session, IOM)
    user, _ = designated(session, IOM)
    session.commit()
    web_login(client, user.email)
    page = client.get("/linkage/tracing")
    assert page.status_code == 200 and "New tracing request" in page.text
    form = {"csrf_token": csrf_from(page.text), "given_names": "Hawa", "surname": "Yusuf"}
    missing = client.post("/linkage/tracing", data=form | {"requester_name": "Halima"})
    assert missing.status_code == 422 and 'id="relationship-error"' in missing.text
    filled = form | {"requester_name": "Halima", "relationship": "child", "approximate_age": "9"}
    filed = client.post("/linkage/tracing", data=filled, follow_redirects=False)
    assert filed.status_code == 303
    request_page = client.get(filed.headers["location"])
    assert "Look for the person now" in request_page.text
    matched = client.post(
        filed.headers["location"] + "/match", data={"csrf_token": csrf_from(page.text)}
    )
    assert matched.status_code == 200 and people.child.reference in matched.text
    assert "This is the person sought" in matched.text and "same name" in matched.text
    checks.forget()
