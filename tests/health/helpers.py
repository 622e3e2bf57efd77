"""Helpers of the port-health API and page tests: a signed-in client as each role would use it."""

from __future__ import annotations

from passage.access import Role
from tests.factories import bearer, csrf_from, make_user, token_for, web_login


def headers(session, role, scope_type="global", scope_value=None) -> dict[str, str]:
    user = make_user(session, role, scope_type=scope_type, scope_value=scope_value)
    token = token_for(session, user)
    session.commit()  # survives a request that fails and rolls back
    return bearer(token)


def officer_headers(session, poe) -> dict[str, str]:
    return headers(session, Role.PORT_HEALTH_OFFICER, "poe", str(poe.id))


def screening_body(poe, **changes):
    body = {
        "poe_id": str(poe.id),
        "surname": "OTIENO",
        "given_names": "GRACE",
        "nationality": "KEN",
        "temperature_c": 36.6,
        "contact_with_case": True,
    }
    return body | changes


def sign_in(client, session, role, scope_type="global", scope_value=None):
    user = make_user(session, role, scope_type=scope_type, scope_value=scope_value)
    session.commit()
    client.cookies.clear()
    web_login(client, user.email)
    return user


def post_form(client, path, page_path, data, files=None):
    page = client.get(page_path)
    return client.post(
        path,
        data={"csrf_token": csrf_from(page.text), **data},
        files=files,
        follow_redirects=False,
    )
