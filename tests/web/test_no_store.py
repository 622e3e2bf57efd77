"""No response that may carry personal data is kept by a browser or a shared cache: every route
answers with `Cache-Control: no-store`, whoever asks and whatever the outcome; only the
front-end files may be cached. Walked from the route table, so a new route is covered."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from passage.auth import service as auth_service
from passage.auth.deps import SESSION_COOKIE
from tests.factories import PASSWORD, make_user
from tests.test_route_access import ROUTES, _fill

GETS = sorted({path for method, path, _ in ROUTES if method == "GET"})
# Front-end files served outside /static/: the feedback service worker must sit within the
# scope it controls; it is the same for everyone and holds no personal data.
FRONT_END = {"/feedback/sw.js"}


@pytest.mark.parametrize("path", GETS)
def test_every_page_and_api_answer_is_not_stored(app, session, path):
    admin = make_user(session)
    cookie = auth_service.start_web_session(session=session, user=admin)
    session.commit()
    with TestClient(app, raise_server_exceptions=False) as client:
        client.cookies.set(SESSION_COOKIE, cookie)
        response = client.get(_fill(path), follow_redirects=False)
    if path.startswith("/static/") or path in FRONT_END:
        assert "no-store" not in response.headers.get("cache-control", "no-cache")
        return
    assert response.headers.get("cache-control") == "no-store", (path, response.status_code)


def test_a_new_api_token_is_not_stored(client, session):
    user = make_user(session)
    session.commit()
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 201
    assert response.headers["cache-control"] == "no-store"


def test_front_end_files_may_be_cached(client):
    assert "no-store" not in client.get("/static/css/passage.css").headers.get("cache-control", "")
