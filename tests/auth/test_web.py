"""Browser sign-in: cookies, CSRF on every form, sign-out, password change, tokens page."""

from __future__ import annotations

from tests.factories import PASSWORD, csrf_from, make_user, web_login


def test_login_sets_an_httponly_samesite_session_cookie(client, session):
    user = make_user(session)
    session.commit()
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "passage_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert client.get("/").text.count(user.full_name) >= 1


def test_form_post_without_csrf_token_is_refused(client, session):
    user = make_user(session)
    session.commit()
    client.get("/login")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 403


def test_form_post_with_a_token_for_another_browser_is_refused(client, session):
    user = make_user(session)
    session.commit()
    token = csrf_from(client.get("/login").text)
    client.cookies.set("passage_csrf", "someone-elses-anchor")
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 403


def test_wrong_password_shows_the_form_again(client, session):
    user = make_user(session)
    session.commit()
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "email": user.email,
            "password": "nope nope nope",
            "csrf_token": csrf_from(page.text),
        },
    )
    assert response.status_code == 401
    assert 'name="password"' in response.text


def test_staff_page_redirects_the_public_to_sign_in(client):
    response = client.get("/account", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/account"


def test_logout_ends_the_session(client, session):
    user = make_user(session)
    session.commit()
    web_login(client, user.email)
    page = client.get("/account")
    assert page.status_code == 200
    client.post("/logout", data={"csrf_token": csrf_from(page.text)}, follow_redirects=False)
    assert client.get("/account", follow_redirects=False).status_code == 303


def test_token_secret_is_shown_once_on_the_account_page(client, session):
    user = make_user(session)
    session.commit()
    web_login(client, user.email)
    page = client.get("/account")
    created = client.post(
        "/account/tokens", data={"name": "laptop", "days": "30", "csrf_token": csrf_from(page.text)}
    )
    assert 'data-testid="new-token"' in created.text
    assert 'data-testid="new-token"' not in client.get("/account").text


def test_admin_creates_a_user_from_the_form(client, session):
    admin = make_user(session)
    session.commit()
    web_login(client, admin.email)
    page = client.get("/admin/users")
    response = client.post(
        "/admin/users",
        data={
            "csrf_token": csrf_from(page.text),
            "email": "new.officer@example.org",
            "full_name": "New Officer",
            "password": "a long enough password",
            "role": "border_officer",
            "scope_type": "country",
            "scope_value": "KEN",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "new.officer@example.org" in client.get("/admin/users").text


def test_admin_user_form_reports_a_short_password(client, session):
    admin = make_user(session)
    session.commit()
    web_login(client, admin.email)
    page = client.get("/admin/users")
    response = client.post(
        "/admin/users",
        data={
            "csrf_token": csrf_from(page.text),
            "email": "x@example.org",
            "full_name": "X",
            "password": "short",
            "role": "analyst",
        },
    )
    assert response.status_code == 422
    assert "password" in response.text
