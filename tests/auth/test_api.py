"""Accounts API: token login, own profile, token lifecycle, user administration, error shape."""

from __future__ import annotations

from tests.factories import PASSWORD, bearer, make_user, token_for


def test_token_login_returns_a_working_bearer_token(client, session):
    user = make_user(session)
    session.commit()
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 201
    token = response.json()["token"]
    assert client.get("/api/v1/me", headers=bearer(token)).json()["id"] == str(user.id)


def test_token_login_with_wrong_password_is_401_json(client, session):
    user = make_user(session)
    session.commit()
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": "wrong!"})
    assert response.status_code == 401
    assert response.json() == {
        "error": "not_authenticated",
        "detail": "wrong e-mail or password",
        "field": None,
    }


def test_revoked_token_stops_working_at_once(client, session):
    user = make_user(session)
    token = token_for(session, user)
    session.commit()
    created = client.post("/api/v1/me/tokens", json={"name": "ci"}, headers=bearer(token)).json()
    assert client.get("/api/v1/me", headers=bearer(created["token"])).status_code == 200
    client.delete(f"/api/v1/me/tokens/{created['id']}", headers=bearer(token))
    assert client.get("/api/v1/me", headers=bearer(created["token"])).status_code == 401
    listed = client.get("/api/v1/me/tokens", headers=bearer(token)).json()
    assert all("token" not in item for item in listed)


def test_garbage_token_is_401(client):
    assert client.get("/api/v1/me", headers=bearer("psg_nonsense")).status_code == 401


def test_admin_creates_and_updates_a_user_with_optimistic_locking(client, session):
    admin = make_user(session)
    token = token_for(session, admin)
    session.commit()
    body = {
        "email": "analyst.two@example.org",
        "full_name": "Analyst Two",
        "password": "long enough password",
        "grants": [{"role": "analyst", "scope_type": "country", "scope_value": "KEN"}],
    }
    created = client.post("/api/v1/users", json=body, headers=bearer(token))
    assert created.status_code == 201
    user = created.json()
    first = client.patch(
        f"/api/v1/users/{user['id']}",
        json={"version": user["version"], "full_name": "A"},
        headers=bearer(token),
    )
    assert first.status_code == 200 and first.json()["version"] == user["version"] + 1
    stale = client.patch(
        f"/api/v1/users/{user['id']}",
        json={"version": user["version"], "full_name": "B"},
        headers=bearer(token),
    )
    assert stale.status_code == 409
    assert stale.json()["error"] == "conflict"
    assert (
        client.get(f"/api/v1/users/{user['id']}", headers=bearer(token)).json()["full_name"] == "A"
    )


def test_invalid_body_is_a_422_naming_the_field(client, session):
    admin = make_user(session)
    token = token_for(session, admin)
    session.commit()
    response = client.post(
        "/api/v1/users",
        json={
            "email": "not-an-email",
            "full_name": "x",
            "password": "long enough password",
            "grants": [{"role": "analyst"}],
        },
        headers=bearer(token),
    )
    assert response.status_code == 422
    assert response.json()["field"] == "email"


def test_unknown_user_is_404_json(client, session):
    admin = make_user(session)
    token = token_for(session, admin)
    session.commit()
    response = client.get(
        "/api/v1/users/01a2e3d4-0000-7000-8000-000000000000", headers=bearer(token)
    )
    assert response.status_code == 404
    assert set(response.json()) == {"error", "detail", "field"}


def test_malformed_uuid_in_path_is_422_not_500(client, session):
    admin = make_user(session)
    token = token_for(session, admin)
    session.commit()
    assert client.get("/api/v1/users/42", headers=bearer(token)).status_code == 422


def test_cookie_authenticated_api_write_needs_the_csrf_header(client, session):
    from tests.factories import web_login

    user = make_user(session)
    session.commit()
    web_login(client, user.email)
    response = client.post("/api/v1/me/tokens", json={"name": "x"})
    assert response.status_code == 403
