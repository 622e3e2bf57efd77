"""Alert-list API and pages: lists, import, ad-hoc screening, hits and their resolution."""

from __future__ import annotations

from datetime import date

import pytest

from passage.access import Role, ScopeType
from passage.border.alerts.cache import CACHE
from tests.border.alerts.test_screening import WATCH_LIST, load_lists, screen
from tests.factories import bearer, csrf_from, demo_poe, make_user, token_for, web_login


@pytest.fixture(autouse=True)
def fresh_cache():
    CACHE.reset()
    yield
    CACHE.reset()


def headers_for(session, role=Role.ADMIN, **scope):
    user = make_user(session, role, **scope)
    return bearer(token_for(session, user))


def officer_headers(session, poe_code="LND-KEN-NAMANGA"):
    poe_id = str(demo_poe(session, poe_code).id)
    return headers_for(session, Role.BORDER_OFFICER, scope_type=ScopeType.POE, scope_value=poe_id)


def test_an_admin_creates_a_list_imports_a_csv_and_sees_the_counts(client, session):
    admin = headers_for(session)
    session.commit()
    created = client.post(
        "/api/v1/alert-lists", json={"name": "Watch", "kind": "person"}, headers=admin
    )
    assert created.status_code == 201, created.text
    list_id = created.json()["id"]
    files = {"file": ("watch.csv", WATCH_LIST.encode(), "text/csv")}
    imported = client.post(f"/api/v1/alert-lists/{list_id}/import", files=files, headers=admin)
    assert imported.status_code == 200, imported.text
    assert imported.json()["created"] == 3 and imported.json()["rejected"] == []
    lists = client.get("/api/v1/alert-lists", headers=admin).json()
    assert [(item["name"], item["entries"], item["valid_entries"]) for item in lists] == [
        ("Watch", 3, 2)
    ]
    duplicate = client.post(
        "/api/v1/alert-lists", json={"name": "Watch", "kind": "person"}, headers=admin
    )
    assert duplicate.status_code == 409


def test_an_unreadable_upload_is_a_422_and_a_border_officer_cannot_manage_lists(client, session):
    admin = headers_for(session)
    officer = officer_headers(session)
    session.commit()
    list_id = client.post(
        "/api/v1/alert-lists", json={"name": "L", "kind": "document"}, headers=admin
    ).json()["id"]
    files = {"file": ("x.csv", b"a,b\n1,2\n", "text/csv")}
    bad = client.post(f"/api/v1/alert-lists/{list_id}/import", files=files, headers=admin)
    assert bad.status_code == 422 and bad.json()["field"] == "file"
    assert client.get("/api/v1/alert-lists", headers=officer).status_code == 403


def test_ad_hoc_screening_finds_candidates_and_stores_nothing(client, session):
    load_lists(session)
    officer = officer_headers(session)
    session.commit()
    body = {
        "surname": "Иванов",
        "given_names": "Александр",
        "birth_date": "1980-05-12",
        "document_number": "PO123456",
    }
    response = client.post("/api/v1/alerts/screen", json=body, headers=officer)
    assert response.status_code == 200, response.text
    kinds = sorted(match["kind"] for match in response.json()["matches"])
    assert kinds == ["document", "person"]
    assert client.post("/api/v1/alerts/screen", json={}, headers=officer).status_code == 422


def test_hits_are_listed_in_scope_and_resolved_through_the_api(client, session):
    load_lists(session)
    hits = screen(session, "IVANOV", "ALEKSANDR", birth=date(1980, 5, 12), nationality="RUS")
    crossing_id = hits[0].crossing_id
    officer = officer_headers(session)
    outsider = headers_for(
        session, Role.BORDER_OFFICER, scope_type=ScopeType.COUNTRY, scope_value="TZA"
    )
    session.commit()
    listed = client.get(f"/api/v1/crossings/{crossing_id}/hits", headers=officer)
    assert listed.status_code == 200 and [h["id"] for h in listed.json()] == [str(hits[0].id)]
    assert client.get(f"/api/v1/crossings/{crossing_id}/hits", headers=outsider).status_code == 403
    hit = listed.json()[0]
    no_reason = {"version": hit["version"], "status": "confirmed", "reason": ""}
    assert (
        client.post(
            f"/api/v1/hits/{hit['id']}/resolve", json=no_reason, headers=officer
        ).status_code
        == 422
    )
    body = {"version": hit["version"], "status": "false_positive", "reason": "different person"}
    assert (
        client.post(f"/api/v1/hits/{hit['id']}/resolve", json=body, headers=outsider).status_code
        == 403
    )
    resolved = client.post(f"/api/v1/hits/{hit['id']}/resolve", json=body, headers=officer)
    assert resolved.status_code == 200 and resolved.json()["status"] == "false_positive"
    again = client.post(f"/api/v1/hits/{hit['id']}/resolve", json=body, headers=officer)
    assert again.status_code == 409


def test_the_alert_lists_page_creates_a_list_and_shows_rejected_rows(client, session):
    admin = make_user(session)
    session.commit()
    web_login(client, admin.email)
    page = client.get("/alert-lists")
    assert page.status_code == 200 and "Create a list" in page.text
    token = csrf_from(page.text)
    created = client.post(
        "/alert-lists",
        data={"name": "Web list", "kind": "person", "csrf_token": token},
        follow_redirects=False,
    )
    assert created.status_code == 303
    page = client.get("/alert-lists")
    assert "Web list" in page.text
    list_id = page.text.split('action="/alert-lists/')[1].split("/import")[0]
    content = WATCH_LIST + "W4,No Reason,1970,KEN,F,,,,,\n"
    result = client.post(
        f"/alert-lists/{list_id}/import",
        data={"csrf_token": csrf_from(page.text)},
        files={"file": ("w.csv", content.encode(), "text/csv")},
    )
    assert result.status_code == 200
    assert "Created 3, updated 0, unchanged 0, rejected 1." in result.text
    assert "<td>5</td><td>reason</td>" in result.text


def test_the_hit_page_shows_both_sides_and_resolves_with_the_form(client, session):
    load_lists(session)
    hits = screen(session, "IVANOV", "ALEKSANDR", birth=date(1980, 5, 12), nationality="RUS")
    poe_id = str(demo_poe(session).id)
    officer = make_user(session, Role.BORDER_OFFICER, scope_type=ScopeType.POE, scope_value=poe_id)
    session.commit()
    web_login(client, officer.email)
    page = client.get(f"/hits/{hits[0].id}")
    assert page.status_code == 200
    assert (
        "IVANOV" in page.text and "Саша Иванов" in page.text and "Secret reason alpha" in page.text
    )
    token = csrf_from(page.text)
    missing = client.post(
        f"/hits/{hits[0].id}/resolve",
        data={
            "csrf_token": token,
            "version": hits[0].version,
            "status": "confirmed",
            "reason": " ",
        },
    )
    assert missing.status_code == 422 and "reason" in missing.text
    done = client.post(
        f"/hits/{hits[0].id}/resolve",
        data={
            "csrf_token": token,
            "version": hits[0].version,
            "status": "confirmed",
            "reason": "same person",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303
    after = client.get(f"/hits/{hits[0].id}")
    assert 'data-testid="status">confirmed' in after.text and "same person" in after.text
    assert len(after.content) < 100_000


def test_the_hit_page_gives_the_reasons_of_the_score_in_words(client, session):
    load_lists(session)
    hits = screen(session, "IVANOV", "ALEKSANDR", birth=date(1980, 12, 5), nationality="RUS")
    poe_id = str(demo_poe(session).id)
    officer = make_user(session, Role.BORDER_OFFICER, scope_type=ScopeType.POE, scope_value=poe_id)
    session.commit()
    web_login(client, officer.email)
    page = client.get(f"/hits/{hits[0].id}")
    assert page.status_code == 200
    assert "same birth date with day and month swapped" in page.text
    assert "same nationality" in page.text and "estimated probability" in page.text
