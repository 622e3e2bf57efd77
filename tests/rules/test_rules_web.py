"""Rule set pages: public list and detail, upload form with per-rule errors (no JavaScript)."""

from __future__ import annotations

import json

from passage.rules import repository, service
from tests.factories import csrf_from, make_user, web_login
from tests.rules.test_rule_sets import make_rule


def _store(session, *rules):
    service.upload_rules(session=session, documents=list(rules), uploaded_by="test")
    session.commit()


def _signed_in(client, session, role="coordinator"):
    user = make_user(session, role)
    session.commit()
    web_login(client, user.email)


def test_the_public_lists_rules_and_filters_by_country_and_type(client, session):
    _store(session, make_rule("VR-KE-0001"), make_rule("TR-KE-0001"), make_rule("VR-FR-0001"))
    page = client.get("/rules", params={"country": "KEN"})
    assert page.status_code == 200
    assert "VR-KE-0001" in page.text and "TR-KE-0001" in page.text
    assert "VR-FR-0001" not in page.text
    tests_only = client.get("/rules", params={"country": "KEN", "certificate_type": "Test"})
    assert "TR-KE-0001" in tests_only.text and "VR-KE-0001" not in tests_only.text
    partial = client.get("/rules", headers={"HX-Request": "true"})
    assert partial.text.lstrip().startswith('<div id="rule-results">')


def test_the_rule_page_speaks_the_readers_language_and_shows_logic_and_versions(client, session):
    _store(session, make_rule(version="1.0.0"))
    _store(session, make_rule(version="1.1.0"))
    english = client.get("/rules/VR-KE-0001")
    assert english.status_code == 200
    assert "The vaccination schedule must be complete." in english.text
    assert "<pre" in english.text and "&#34;payload.v.0.dn&#34;" in english.text
    assert "1.0.0" in english.text and "1.1.0" in english.text
    french = client.get("/rules/VR-KE-0001", headers={"Accept-Language": "fr"})
    assert "Le schéma vaccinal doit être complet." in french.text
    older = repository.versions_of(session, "VR-KE-0001")[-1]
    assert "version 1.0.0" in client.get(f"/rules/{older.id}").text


def test_the_upload_form_needs_the_manage_permission(client, session):
    anonymous = client.get("/rules/upload", follow_redirects=False)
    assert anonymous.status_code == 303 and "/login" in anonymous.headers["location"]
    _signed_in(client, session, "border_officer")
    assert client.get("/rules/upload").status_code == 403


def test_pasted_rules_with_bad_logic_show_each_error_and_store_nothing(client, session):
    _signed_in(client, session)
    form = client.get("/rules/upload")
    rules = [make_rule("VR-KE-0001"), make_rule("TR-KE-0001", Logic={"and": [True, {"!": []}]})]
    response = client.post(
        "/rules/upload",
        data={"rules_json": json.dumps(rules), "csrf_token": csrf_from(form.text)},
    )
    assert response.status_code == 422
    assert "Nothing was stored" in response.text
    assert "at and[1]" in response.text and "TR-KE-0001" in response.text
    assert repository.versions_of(session, "VR-KE-0001") == []


def test_an_uploaded_file_is_stored(client, session):
    _signed_in(client, session)
    form = client.get("/rules/upload")
    content = json.dumps(
        make_rule("RR-KE-0001", Logic={"===": [{"var": "payload.r.0.tg"}, "840539006"]})
    )
    response = client.post(
        "/rules/upload",
        data={"csrf_token": csrf_from(form.text)},
        files={"file": ("rules.json", content.encode(), "application/json")},
    )
    assert response.status_code == 201, response.text
    assert "1 rule stored." in response.text
    assert len(repository.versions_of(session, "RR-KE-0001")) == 1


def test_unreadable_json_is_explained_on_the_form(client, session):
    _signed_in(client, session)
    form = client.get("/rules/upload")
    response = client.post(
        "/rules/upload", data={"rules_json": "{nope", "csrf_token": csrf_from(form.text)}
    )
    assert response.status_code == 422
    assert "the JSON cannot be read" in response.text
