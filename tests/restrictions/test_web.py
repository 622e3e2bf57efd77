"""Measures pages: search, no-JS forms with CSRF, workflow, history, moderation, POE status."""

from __future__ import annotations

from passage.auth import service as auth_service
from passage.restrictions import repository
from tests.factories import csrf_from, demo_poe, make_user, web_login
from tests.restrictions.factories import make_measure

FORM = {
    "country_iso3": "UGA",
    "measure_type": "quarantine",
    "title": "Fourteen-day quarantine",
    "origins": "ind, npl",
    "nationalities": "",
    "poe_scope": "all",
    "exemptions": ["diplomats", "students"],
    "exemptions_other": "truck drivers",
    "quarantine_days": "14",
    "effective_from": "2020-04-01",
    "source_title_0": "Ministry of Health press release",
    "source_url_0": "https://health.go.ug/release",
    "source_publisher_0": "Ministry of Health",
    "source_retrieved_on_0": "2020-04-02",
    "status": "draft",
}


def _signed_in(client, session, role="coordinator", **grant):
    user = make_user(session, role, **grant)
    session.commit()
    web_login(client, user.email)
    return user


def test_search_page_filters_and_hides_drafts_from_the_public(client, session):
    make_measure(session, title="Published web measure")
    make_measure(session, title="Draft web measure", status="draft")
    session.commit()
    page = client.get("/measures", params={"country": "KEN", "q": "web measure"})
    assert page.status_code == 200
    assert "Published web measure" in page.text and "Draft web measure" not in page.text
    partial = client.get("/measures", params={"q": "web measure"}, headers={"HX-Request": "true"})
    assert partial.text.lstrip().startswith('<div id="measure-results">')


def test_coordinator_creates_a_measure_with_a_plain_form_post(client, session):
    _signed_in(client, session)
    form = client.get("/measures/new")
    assert 'optgroup label="Condition for authorised entry"' in form.text  # in words, not codes
    response = client.post(
        "/measures/new",
        data=FORM | {"csrf_token": csrf_from(form.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"])
    assert "Fourteen-day quarantine" in page.text
    assert "IND, NPL" in page.text and "truck drivers" in page.text


def test_form_post_without_csrf_is_refused(client, session):
    _signed_in(client, session)
    assert client.post("/measures/new", data=FORM).status_code == 403


def test_invalid_form_shows_errors_next_to_fields_and_keeps_input(client, session):
    _signed_in(client, session)
    form = client.get("/measures/new")
    bad = FORM | {"origins": "ZZZ", "csrf_token": csrf_from(form.text)}
    response = client.post("/measures/new", data=bad)
    assert response.status_code == 422
    assert 'id="origins-error"' in response.text and "ZZZ" in response.text
    assert 'value="Fourteen-day quarantine"' in response.text
    no_date = FORM | {"effective_from": "", "csrf_token": csrf_from(form.text)}
    assert 'id="effective_from-error"' in client.post("/measures/new", data=no_date).text


def test_edit_form_records_a_new_version_shown_in_the_diff(client, session):
    user = _signed_in(client, session)
    written = make_measure(session, auth_service.principal_for(user), quarantine_days=14)
    session.commit()
    url = f"/measures/{written.measure.id}"
    form = client.get(f"{url}/edit")
    assert 'value="14"' in form.text
    edit = FORM | {
        "country_iso3": "KEN",
        "title": written.version.title,
        "origins": "",
        "exemptions": [],
        "exemptions_other": "",
        "quarantine_days": "7",
        "effective_from": "2020-03-20",
        "version": str(written.measure.version),
        "change_note": "shorter",
        "csrf_token": csrf_from(form.text),
    }
    assert client.post(f"{url}/edit", data=edit, follow_redirects=False).status_code == 303
    page = client.get(url)
    assert "<strong>Quarantine days</strong>: 14 → 7" in page.text  # the field in words
    assert user.full_name in page.text
    stale = client.post(f"{url}/edit", data=edit | {"quarantine_days": "5"})
    assert stale.status_code == 409


def test_public_history_names_no_one(client, session):
    user = make_user(session, "coordinator")
    make = make_measure(session, auth_service.principal_for(user))
    session.commit()
    page = client.get(f"/measures/{make.measure.id}")
    assert "an editor" in page.text
    assert user.full_name not in page.text and user.email not in page.text
    assert "/publish" not in page.text and "/lift" not in page.text


def test_workflow_buttons_publish_and_lift(client, session):
    _signed_in(client, session)
    written = make_measure(session, status="draft")
    session.commit()
    url = f"/measures/{written.measure.id}"
    page = client.get(url)
    assert f"{url}/publish" in page.text
    version = str(written.measure.version)
    token = csrf_from(page.text)
    published = client.post(
        f"{url}/publish", data={"version": version, "csrf_token": token}, follow_redirects=False
    )
    assert published.status_code == 303
    page = client.get(url)
    assert f"{url}/lift" in page.text
    version = str(repository.get_measure(session, written.measure.id).version)
    lifted = client.post(
        f"{url}/lift",
        data={"version": version, "on": "2020-05-01", "csrf_token": token},
        follow_redirects=False,
    )
    assert lifted.status_code == 303
    assert repository.current_version(session, written.measure.id).status == "lifted"


def test_analyst_sees_no_workflow_and_cannot_publish(client, session):
    _signed_in(client, session, "analyst")
    written = make_measure(session)
    session.commit()
    page = client.get(f"/measures/{written.measure.id}")
    assert "/verify" not in page.text
    response = client.post(
        f"/measures/{written.measure.id}/lift",
        data={"version": "1", "on": "2020-05-01", "csrf_token": csrf_from(page.text)},
    )
    assert response.status_code == 403


def test_public_reports_a_discrepancy_and_a_moderator_dismisses_it(client, session):
    written = make_measure(session)
    moderator = make_user(session, "coordinator")
    session.commit()
    page = client.get(f"/measures/{written.measure.id}")
    sent = client.post(
        f"/measures/{written.measure.id}/discrepancies",
        data={"body": "The quarantine ended in May", "csrf_token": csrf_from(page.text)},
    )
    assert sent.status_code == 200 and "Thank you" in sent.text
    too_short = client.post(
        f"/measures/{written.measure.id}/discrepancies",
        data={"body": "no", "csrf_token": csrf_from(page.text)},
    )
    assert too_short.status_code == 422
    assert client.get("/moderation", follow_redirects=False).status_code == 303
    web_login(client, moderator.email)
    queue = client.get("/moderation")
    assert "The quarantine ended in May" in queue.text
    report = repository.discrepancies(session, measure_id=written.measure.id)[0]
    resolved = client.post(
        f"/moderation/{report.id}",
        data={
            "version": str(report.version),
            "status": "dismissed",
            "csrf_token": csrf_from(queue.text),
        },
        follow_redirects=False,
    )
    assert resolved.status_code == 303
    assert "The quarantine ended in May" not in client.get("/moderation").text


def test_border_officer_records_status_only_at_his_poe(client, session):
    own, other = demo_poe(session, "LND-KEN-NAMANGA"), demo_poe(session, "LND-UGA-BUSIA")
    _signed_in(client, session, "border_officer", scope_type="poe", scope_value=str(own.id))
    page = client.get(f"/poes/{own.id}/status")
    assert 'name="status"' in page.text
    body = {
        "status": "partially_operational",
        "effective_from": "2020-08-01",
        "who_may_cross": ["nationals", "goods_only"],
        "health_measures": "temperature screening",
        "csrf_token": csrf_from(page.text),
    }
    created = client.post(f"/poes/{own.id}/status", data=body, follow_redirects=False)
    assert created.status_code == 303
    history = client.get(f"/poes/{own.id}/status")
    assert "Partially operational" in history.text and "temperature screening" in history.text
    other_page = client.get(f"/poes/{other.id}/status")
    assert 'name="who_may_cross"' not in other_page.text
    assert client.post(f"/poes/{other.id}/status", data=body).status_code == 403
