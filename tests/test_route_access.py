"""Every route, every role: allowed or denied exactly as the one table in passage.access declares.

The walk fails when a route declares no permission, so a new route cannot slip through.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute, Mount, Route

from passage.access import PERMISSIONS, Role
from passage.auth import service as auth_service
from passage.auth.deps import SESSION_COOKIE, PermissionCheck
from passage.main import create_app
from passage.web.csrf import CSRF_COOKIE, csrf_token_for
from tests.factories import bearer, make_user, token_for

# Routes that are not APIRoutes: answered by the framework, public by design.
FRAMEWORK_ROUTES = {("GET", "/openapi.json")}
PATH_VALUES = {"iso3": "KEN", "name": "htmx.min.js"}


def iter_routes(routes: list[BaseRoute]) -> Iterator[BaseRoute]:
    """Every route of the app, expanding included routers."""
    for route in routes:
        nested = getattr(route, "original_router", None)
        if nested is not None:
            yield from iter_routes(nested.routes)
        else:
            yield route


def declared_permission(route: APIRoute) -> str | None:
    """The permission a route declares through a PermissionCheck dependency."""
    pending = list(route.dependant.dependencies)
    while pending:
        dependency = pending.pop()
        if isinstance(dependency.call, PermissionCheck):
            return dependency.call.permission
        pending.extend(dependency.dependencies)
    return None


def api_and_web_routes() -> list[tuple[str, str, APIRoute]]:
    """(method, path, route) for every APIRoute of the application."""
    found = []
    for route in iter_routes(create_app().routes):
        if isinstance(route, APIRoute):
            found += [(method, route.path, route) for method in sorted(route.methods)]
    return found


ROUTES = api_and_web_routes()


def test_every_route_declares_a_known_permission():
    missing = [f"{m} {p}" for m, p, r in ROUTES if declared_permission(r) is None]
    assert not missing, f"routes without a declared permission: {missing}"
    unknown = {declared_permission(r) for _, _, r in ROUTES} - set(PERMISSIONS)
    assert not unknown


def test_only_framework_routes_are_outside_the_walk():
    others = {
        (m, r.path)
        for r in iter_routes(create_app().routes)
        if isinstance(r, Route) and not isinstance(r, APIRoute)
        for m in (r.methods or [])
        if m != "HEAD"
    }
    assert others == FRAMEWORK_ROUTES
    mounts = [r.path for r in iter_routes(create_app().routes) if isinstance(r, Mount)]
    assert mounts == ["/static"]


def _fill(path: str) -> str:
    return re.sub(
        r"\{(\w+)(:\w+)?\}", lambda m: PATH_VALUES.get(m.group(1), str(uuid.uuid4())), path
    )


def _call(client: TestClient, method: str, path: str, headers: dict[str, str]) -> Any:
    kwargs: dict[str, Any] = {"headers": headers, "follow_redirects": False}
    if method in {"POST", "PUT", "PATCH"}:
        kwargs["json"] = {}
    return client.request(method, _fill(path), **kwargs)


def _credentials(session, client: TestClient, role: Role, api: bool) -> dict[str, str]:
    """Headers (and cookies on the client) making the request come from a user with `role`."""
    anchor = "route-walk-anchor"
    client.cookies.set(CSRF_COOKIE, anchor)
    headers = {"X-CSRF-Token": csrf_token_for(anchor)}
    if role is Role.PUBLIC:
        return headers
    user = make_user(session, role)
    if api:
        headers |= bearer(token_for(session, user))
    else:
        client.cookies.set(
            SESSION_COOKIE, auth_service.start_web_session(session=session, user=user)
        )
    session.commit()  # set-up data survives the request's own rollback (the test still rolls back)
    return headers


# Who may call a route is decided before any query, the same on both databases: the walk of
# every route x role (4,000+ requests) runs once, on SQLite, to keep CI within its time. What
# a role reaches in the database (scope) is walked on both: tests/test_route_scope.py.
@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize(
    ("method", "path", "route"), ROUTES, ids=[f"{m} {p}" for m, p, _ in ROUTES]
)
def test_route_allows_exactly_the_declared_roles(app: FastAPI, session, method, path, route, role):
    permission = declared_permission(route)
    assert permission is not None
    allowed = role in PERMISSIONS[permission]
    with TestClient(app, raise_server_exceptions=False) as client:
        headers = _credentials(session, client, role, api=path.startswith("/api/"))
        response = _call(client, method, path, headers)
    assert response.status_code < 500, f"{method} {path} as {role}: {response.status_code}"
    denied = response.status_code in (401, 403) or (
        response.status_code == 303
        and response.headers["location"].startswith("/login")
        and method == "GET"
        and not allowed
    )
    if allowed:
        assert response.status_code not in (401, 403), f"{role} should reach {method} {path}"
    else:
        assert denied, f"{role} must not reach {method} {path} (got {response.status_code})"
        if role is Role.PUBLIC and path.startswith("/api/"):
            assert response.status_code == 401
        elif role is not Role.PUBLIC:
            assert response.status_code == 403


def test_framework_routes_are_public(client):
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/static/css/passage.css").status_code == 200
