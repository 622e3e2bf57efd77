"""Measures API: search and visibility, history (as_of, diffs), workflow, moderation, POE status."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from passage.auth import service as auth_service
from passage.restrictions import service
from passage.restrictions.schemas import MeasureEdit
from tests.factories import bearer, demo_poe, make_user, token_for
from tests.restrictions.factories import make_measure

BODY = {
    "country_iso3": "UGA",
    "measure_type": "origin_ban",
    "title": "Arrivals from India suspended",
    "origins": ["IND"],
    "effective_from": "2021-05-01",
    "sources": [{"title": "Ministry of Health press release", "url": "https://health.go.ug/a"}],
}


def _editor(session, role="coordinator"):
    user = make_user(session, role)
    principal = auth_service.principal_for(user)
    return user, principal, bearer(token_for(session, user))


def test_public_search_hides_drafts_but_editors_see_them(client, session):
    _, principal, headers = _editor(session)
    published = make_measure(session, principal, title="Published quarantine rule")
    draft = make_measure(session, principal, title="Draft quarantine rule", status="draft")
    session.commit()
    public = client.get("/api/v1/measures", params={"country": "KEN", "q": "quarantine rule"})
    assert public.status_code == 200
    ids = {item["measure_id"] for item in public.json()["items"]}
    assert str(published.measure.id) in ids and str(draft.measure.id) not in ids
    assert public.json()["total"] == 1
    staff = client.get(
        "/api/v1/measures", params={"country": "KEN", "q": "quarantine rule"}, headers=headers
    )
    assert {i["measure_id"] for i in staff.json()["items"]} == {
        str(published.measure.id),
        str(draft.measure.id),
    }
    assert client.get(f"/api/v1/measures/{draft.measure.id}").status_code == 404


def test_search_filters_targets_by_kind_class_type_and_date(client, session):
    make_measure(session, measure_type="origin_ban", title="Origin ban", origins=["IND"])
    make_measure(session, measure_type="nationality_ban", title="Nat ban", nationalities=["IND"])
    session.commit()
    by_origin = client.get(
        "/api/v1/measures", params={"target_kind": "origin", "target": "IND", "country": "KEN"}
    ).json()
    assert [i["title"] for i in by_origin["items"]] == ["Origin ban"]
    by_type = client.get("/api/v1/measures", params={"type": "nationality_ban", "country": "KEN"})
    assert [i["title"] for i in by_type.json()["items"]] == ["Nat ban"]
    by_class = client.get("/api/v1/measures", params={"class": "entry_condition", "country": "KEN"})
    assert all(i["measure_class"] == "entry_condition" for i in by_class.json()["items"])
    before = client.get("/api/v1/measures", params={"date": "2020-03-01", "country": "KEN"})
    assert before.json()["total"] == 0


def test_search_pages_with_limit_and_offset(client, session):
    for day in range(1, 6):
        make_measure(session, title=f"Paged measure {day}", effective_from=date(2020, 4, day))
    session.commit()
    params = {"country": "KEN", "q": "paged measure", "limit": 2}
    first = client.get("/api/v1/measures", params=params).json()
    second = client.get("/api/v1/measures", params=params | {"offset": 2}).json()
    assert first["total"] == 5 and len(first["items"]) == 2
    assert [i["title"] for i in first["items"]] == ["Paged measure 5", "Paged measure 4"]
    assert [i["title"] for i in second["items"]] == ["Paged measure 3", "Paged measure 2"]


def test_create_edit_and_stale_edit_is_409(client, session):
    _, _, headers = _editor(session)
    session.commit()
    created = client.post("/api/v1/measures", json=BODY, headers=headers)
    assert created.status_code == 201, created.text
    measure = created.json()
    assert measure["current"]["status"] == "draft" and measure["current"]["level"] == 3
    edit = BODY | {"version": measure["version"], "origins": ["IND", "NPL"], "change_note": "NPL"}
    url = f"/api/v1/measures/{measure['id']}"
    edited = client.put(url, json=edit, headers=headers)
    assert edited.status_code == 200
    assert edited.json()["current"]["origins"] == ["IND", "NPL"]
    stale = client.put(url, json=edit | {"title": "Another change"}, headers=headers)
    assert stale.status_code == 409
    assert stale.json()["field"] == "version"


def test_the_public_cannot_create_or_publish(client, session):
    written = make_measure(session, status="draft")
    session.commit()
    assert client.post("/api/v1/measures", json=BODY).status_code == 401
    url = f"/api/v1/measures/{written.measure.id}/publish"
    assert client.post(url, json={"version": written.measure.version}).status_code == 401


def test_analyst_may_read_but_not_edit(client, session):
    _, _, headers = _editor(session, "analyst")
    session.commit()
    assert client.post("/api/v1/measures", json=BODY, headers=headers).status_code == 403


def test_publish_lift_and_verify_workflow(client, session):
    _, _, headers = _editor(session)
    session.commit()
    measure = client.post("/api/v1/measures", json=BODY, headers=headers).json()
    url = f"/api/v1/measures/{measure['id']}"
    published = client.post(f"{url}/publish", json={"version": measure["version"]}, headers=headers)
    assert published.status_code == 200 and published.json()["current"]["status"] == "published"
    verified = client.post(
        f"{url}/verify",
        json={"version": published.json()["version"], "on": "2021-06-01"},
        headers=headers,
    )
    assert verified.json()["current"]["last_verified_on"] == "2021-06-01"
    no_date = client.post(
        f"{url}/lift", json={"version": verified.json()["version"]}, headers=headers
    )
    assert no_date.status_code == 422 and no_date.json()["field"] == "on"
    lifted = client.post(
        f"{url}/lift",
        json={"version": verified.json()["version"], "on": "2021-07-01"},
        headers=headers,
    )
    assert lifted.json()["current"]["status"] == "lifted"
    assert lifted.json()["current"]["effective_until"] == "2021-06-30"


def test_second_person_review_refuses_self_publication(client, session):
    _, _, headers = _editor(session)
    _, _, other = _editor(session)
    session.commit()
    setting = client.put(
        "/api/v1/countries/UGA/editorial", json={"review_required": True}, headers=headers
    )
    assert setting.json() == {"country": "UGA", "review_required": True}
    measure = client.post("/api/v1/measures", json=BODY, headers=headers).json()
    url = f"/api/v1/measures/{measure['id']}/publish"
    assert (
        client.post(url, json={"version": measure["version"]}, headers=headers).status_code == 403
    )
    assert client.post(url, json={"version": measure["version"]}, headers=other).status_code == 200


def test_as_of_returns_the_version_recorded_then(client, session):
    _, principal, _ = _editor(session)
    written = make_measure(session, principal, quarantine_days=14)
    between = datetime.now(UTC)
    data = MeasureEdit.model_validate(
        {
            **{k: getattr(written.version, k) for k in service.CONTENT_FIELDS},
            "quarantine_days": 10,
            "version": written.measure.version,
        }
    )
    service.edit_measure(session=session, measure_id=written.measure.id, data=data, actor=principal)
    session.commit()
    url = f"/api/v1/measures/{written.measure.id}"
    now = client.get(url).json()
    assert now["current"]["quarantine_days"] == 10 and len(now["versions"]) == 2
    then = client.get(url, params={"as_of": between.isoformat()}).json()
    assert then["current"]["quarantine_days"] == 14 and then["current"]["version_no"] == 1
    earlier = (between - timedelta(days=1)).isoformat()
    assert client.get(url, params={"as_of": earlier}).status_code == 404


def test_versions_show_who_changed_what(client, session):
    user, principal, headers = _editor(session)
    written = make_measure(session, principal, quarantine_days=14)
    session.commit()
    url = f"/api/v1/measures/{written.measure.id}"
    body = client.get(url).json()["current"]
    edit = {k: body[k] for k in BODY if k in body} | {
        "measure_type": "quarantine",
        "quarantine_days": 7,
        "version": written.measure.version,
        "change_note": "shorter quarantine",
    }
    assert client.put(url, json=edit, headers=headers).status_code == 200
    staff = client.get(f"{url}/versions", headers=headers).json()
    assert staff[1]["changes"]["quarantine_days"] == {"before": 14, "after": 7}
    assert staff[1]["recorded_by_name"] == user.full_name
    public = client.get(f"{url}/versions").json()
    assert public[1]["recorded_by_name"] == "an editor"
    assert public[1]["version"]["recorded_by"] is None
    assert user.email not in client.get(f"{url}/versions").text


def test_in_force_answers_valid_and_recorded_time(client, session):
    _, principal, _ = _editor(session)
    written = make_measure(session, principal, country_iso3="TZA", effective_from=date(2020, 4, 1))
    before_lift = datetime.now(UTC)
    service.lift(
        session=session,
        measure_id=written.measure.id,
        version=written.measure.version,
        on=date(2020, 6, 1),
        actor=principal,
    )
    session.commit()
    params = {"country": "TZA", "date": "2020-07-01"}
    assert client.get("/api/v1/measures/in-force", params=params).json() == []
    as_recorded = params | {"as_recorded": before_lift.isoformat()}
    old = client.get("/api/v1/measures/in-force", params=as_recorded).json()
    assert [v["measure_id"] for v in old] == [str(written.measure.id)]


def test_comments_are_for_editors(client, session):
    _, _, headers = _editor(session)
    written = make_measure(session)
    session.commit()
    url = f"/api/v1/measures/{written.measure.id}/comments"
    assert client.post(url, json={"body": "Check the gazette"}, headers=headers).status_code == 201
    assert [c["body"] for c in client.get(url, headers=headers).json()] == ["Check the gazette"]
    assert client.get(url).status_code == 401


def test_public_reports_a_discrepancy_and_a_moderator_resolves_it(client, session):
    _, _, headers = _editor(session)
    written = make_measure(session)
    session.commit()
    sent = client.post(
        f"/api/v1/measures/{written.measure.id}/discrepancies",
        json={"body": "The quarantine is now 7 days", "source_url": "https://example.org/n"},
    )
    assert sent.status_code == 201 and sent.json()["status"] == "open"
    assert client.get("/api/v1/discrepancies").status_code == 401
    queue = client.get("/api/v1/discrepancies", headers=headers).json()
    report = next(r for r in queue if r["id"] == sent.json()["id"])
    resolved = client.post(
        f"/api/v1/discrepancies/{report['id']}/resolve",
        json={"version": report["version"], "status": "accepted", "note": "fixed"},
        headers=headers,
    )
    assert resolved.json()["status"] == "accepted"
    open_ids = {r["id"] for r in client.get("/api/v1/discrepancies", headers=headers).json()}
    assert report["id"] not in open_ids


def test_border_officer_reports_status_only_for_his_poe(client, session):
    own = demo_poe(session, "LND-KEN-NAMANGA")
    other = demo_poe(session, "LND-UGA-BUSIA")
    officer = make_user(session, "border_officer", scope_type="poe", scope_value=str(own.id))
    headers = bearer(token_for(session, officer))
    session.commit()
    body = {"status": "closed", "effective_from": "2020-03-25", "who_may_cross": ["goods_only"]}
    created = client.post(f"/api/v1/poes/{own.id}/statuses", json=body, headers=headers)
    assert created.status_code == 201 and created.json()["recorded_by"] == str(officer.id)
    refused = client.post(f"/api/v1/poes/{other.id}/statuses", json=body, headers=headers)
    assert refused.status_code == 403
    history = client.get(f"/api/v1/poes/{own.id}/statuses").json()
    assert [h["status"] for h in history] == ["closed"] and history[0]["recorded_by"] is None
    assert client.get(f"/api/v1/poes/{other.id}/statuses").json() == []
