"""A domain declares itself once; the app, menu, dashboard, permissions and job loop read it."""

from __future__ import annotations

from typing import Annotated

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient

from passage.access import PERMISSIONS, Principal, Role, declare_permissions
from passage.auth.deps import Require
from passage.db import get_session
from passage.installed import DOMAINS
from passage.jobs import registered_jobs
from passage.kit.domain import Domain, MenuEntry, TaskCard, install
from passage.kit.jobs import Job
from passage.main import create_app
from tests.factories import make_user, web_login

router = APIRouter()


@router.get("/api/v1/example/ping")
def ping(principal: Annotated[Principal, Require("example.read")]) -> dict[str, str]:
    """The example domain's one route."""
    return {"pong": "yes"}


EXAMPLE = Domain(
    name="example",
    summary="A domain declared by a test, as docs/architecture.md walks through.",
    routers=(router,),
    permissions={"example.read": frozenset({Role.ANALYST})},
    menu=(MenuEntry("Example", "/example", "example.read", 55),),
    tasks=(TaskCard("example.read", "Example work", "Things to do", "/example", 450),),
    jobs=lambda settings: [Job("example.tick", lambda: 0, 60.0)],
)


@pytest.fixture
def example_app(session) -> FastAPI:
    install([EXAMPLE])
    app = create_app(domains=(*DOMAINS, EXAMPLE))

    def test_session():
        yield session

    app.dependency_overrides[get_session] = test_session
    return app


def test_every_installed_domain_has_a_unique_name_and_declares_its_permissions():
    names = [domain.name for domain in DOMAINS]
    assert len(names) == len(set(names))
    declared = {name for domain in DOMAINS for name in domain.permissions}
    assert declared | {"public"} == set(PERMISSIONS) - {"example.read"}


def test_a_permission_cannot_be_declared_twice_with_other_roles():
    with pytest.raises(ValueError, match="other roles"):
        declare_permissions({"audit.read": frozenset({Role.ANALYST})}, owner="intruder")


def test_menu_entries_of_every_domain_are_shown_in_their_positions(client):
    positions = [entry.position for entry in client.app.state.menu]
    assert positions == sorted(positions)
    assert client.app.state.menu[0].url == "/"


def test_a_new_domain_joins_routes_menu_and_dashboard(example_app, session):
    user = make_user(session, role=Role.ANALYST)
    with TestClient(example_app) as client:
        web_login(client, user.email)
        assert client.get("/api/v1/example/ping").json() == {"pong": "yes"}
        home = client.get("/").text
    assert 'href="/example"' in home and "Example work" in home


def test_the_job_loop_runs_every_installed_domains_jobs():
    names = {job.name for job in registered_jobs()}
    assert {"webhooks.deliver", "webhooks.purge", "exchange.pull"} <= names
