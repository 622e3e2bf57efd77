"""User administration in the pages: edit, deactivate, re-activate, roles picked from lists
(#15.4 scope pick-list, #15.5 administration)."""

from __future__ import annotations

import re

from sqlalchemy import select

from passage.audit.models import AuditEntry
from passage.auth import repository
from tests.factories import PASSWORD, bearer, csrf_from, demo_poe, make_user, token_for, web_login


def _admin_client(client, session):
    admin = make_user(session, "admin")
    session.commit()
    web_login(client, admin.email)
    return admin


def _post(client, path, **data):
    page = client.get("/admin/users")
    return client.post(path, data={"csrf_token": csrf_from(page.text), **data})


def test_the_new_user_form_does_not_preselect_a_role(client, session):
    _admin_client(client, session)
    page = client.get("/admin/users").text
    select = page[page.index('name="role"') : page.index("</select>", page.index('name="role"'))]
    options = re.findall(r'<option value="([^"]*)"( selected)?', select)
    assert options[0] == ("", " selected"), "the first, chosen option is 'Choose a role'"
    assert all(not chosen for value, chosen in options[1:])
    response = _post(
        client,
        "/admin/users",
        email="amina@example.org",
        full_name="Amina Diallo",
        password=PASSWORD,
    )
    assert response.status_code == 422 and "Choose a role." in response.text
    assert repository.get_user_by_email(session, "amina@example.org") is None


def test_a_poe_scope_is_picked_by_code_and_shown_by_name(client, session):
    _admin_client(client, session)
    poe = demo_poe(session, "LND-KEN-NAMANGA")
    page = client.get("/admin/users").text
    assert '<option value="LND-KEN-NAMANGA">' in page and '<option value="KEN">' in page
    response = _post(
        client,
        "/admin/users",
        email="officer@example.org",
        full_name="Otieno Officer",
        password=PASSWORD,
        role="border_officer",
        scope_type="poe",
        scope_value="LND-KEN-NAMANGA",
    )
    assert response.status_code == 200, response.text  # redirected to the list
    user = repository.get_user_by_email(session, "officer@example.org")
    assert [g.scope_value for g in repository.grants_of(session, user.id)] == [str(poe.id)]
    assert "Namanga One Stop Border Post (LND-KEN-NAMANGA)" in response.text
    assert str(poe.id) not in response.text


def test_an_unknown_scope_value_is_refused_with_a_sentence(client, session):
    _admin_client(client, session)
    response = _post(
        client,
        "/admin/users",
        email="nobody@example.org",
        full_name="No Body",
        password=PASSWORD,
        role="border_officer",
        scope_type="poe",
        scope_value="NOWHERE-123",
    )
    assert response.status_code == 422
    assert "Pick a point of entry from the list" in response.text


def test_an_administrator_edits_an_account(client, session):
    _admin_client(client, session)
    user = make_user(session, "analyst")
    session.commit()
    assert client.get(f"/admin/users/{user.id}").status_code == 200
    response = _post(
        client,
        f"/admin/users/{user.id}",
        version=str(user.version),
        full_name="Renamed Analyst",
        organisation="IOM",
        language="fr",
    )
    assert response.status_code == 200
    session.expire_all()
    edited = repository.get_user(session, user.id)
    assert (edited.full_name, edited.organisation, edited.language) == (
        "Renamed Analyst",
        "IOM",
        "fr",
    )


def test_deactivating_signs_out_and_revokes_then_reactivating_lets_in(client, session, app):
    _admin_client(client, session)
    user = make_user(session, "analyst")
    token = token_for(session, user)
    session.commit()
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    response = _post(
        client, f"/admin/users/{user.id}/active", version=str(user.version), active="0"
    )
    assert response.status_code == 200 and "Deactivated: cannot sign in" in response.text
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    session.expire_all()
    user = repository.get_user(session, user.id)
    response = _post(
        client, f"/admin/users/{user.id}/active", version=str(user.version), active="1"
    )
    assert response.status_code == 200 and "Deactivate this account" in response.text
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401  # stays revoked
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.object_id == str(user.id))
    ).all()
    assert actions.count("update") == 2


def test_an_administrator_cannot_deactivate_themselves(client, session):
    admin = _admin_client(client, session)
    response = _post(
        client, f"/admin/users/{admin.id}/active", version=str(admin.version), active="0"
    )
    assert response.status_code == 403
    assert "you cannot deactivate your own account" in response.text


def test_roles_are_given_and_taken_away(client, session):
    _admin_client(client, session)
    user = make_user(session, "analyst")
    session.commit()
    response = _post(
        client,
        f"/admin/users/{user.id}/grants",
        role="coordinator",
        scope_type="country",
        scope_value="KEN",
    )
    assert response.status_code == 200 and "Kenya (KEN)" in response.text
    grants = repository.grants_of(session, user.id)
    assert [(g.role, g.scope_value) for g in grants] == [("analyst", None), ("coordinator", "KEN")]
    removed = _post(client, f"/admin/users/{user.id}/grants/{grants[0].id}/remove")
    assert removed.status_code == 200
    assert [g.role for g in repository.grants_of(session, user.id)] == ["coordinator"]
    last = _post(client, f"/admin/users/{user.id}/grants/{grants[1].id}/remove")
    assert last.status_code == 409
