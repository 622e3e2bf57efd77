"""The node's own web app over its sealed database: an officer's sign-in opens the data key
(or wraps it for them while it is open), pages that need the data say the node is locked when
no one holds the key, `/field/unlock` opens it with the enrolment secret, and signing out of
the last session locks it again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from passage.db import get_session, transaction
from passage.kit import atrest
from passage.main import create_app
from tests.factories import csrf_from, web_login
from tests.field.test_at_rest import _work_at_the_node


@pytest.fixture
def node_client(node_factory: sessionmaker[Session]) -> Iterator[TestClient]:
    """A client of the node's web app, each request in its own unit of work on the node."""
    app = create_app()

    def node_session() -> Iterator[Session]:
        with transaction(node_factory) as session:
            yield session

    app.dependency_overrides[get_session] = node_session
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _unlock(client: TestClient, password: str, secret: str) -> int:
    page = client.get("/field/unlock")
    data = {"password": password, "secret": secret, "csrf_token": csrf_from(page.text)}
    return client.post("/field/unlock", data=data, follow_redirects=False).status_code


def test_the_node_locks_without_a_holder_and_opens_with_the_secret_then_the_password(
    enrolment, node_factory, node_client
):
    _node_id, poe, officer, secret = enrolment
    _work_at_the_node(node_factory, poe.id, officer.id)  # a crossing registered here
    ring = atrest.keyring(node_factory.kw["bind"].dialect)
    ring.close()  # the enrolling process has ended: no one holds the key
    web_login(node_client, officer.email)  # their first sign-in here: no wrap, no holder
    assert not ring.is_open
    locked = node_client.get("/border/crossings")
    assert locked.status_code == 423
    assert "locked" in locked.text and "/field/unlock" in locked.text
    assert 'href="/field/unlock"' in node_client.get("/field/sync").text
    assert _unlock(node_client, "correct horse battery staple", "WRONG-SECRET") == 403
    assert _unlock(node_client, "correct horse battery staple", secret) == 303
    assert ring.is_open
    assert node_client.get("/border/crossings").status_code == 200
    page = node_client.get("/border/crossings")
    node_client.post("/logout", data={"csrf_token": csrf_from(page.text)}, follow_redirects=False)
    assert not ring.is_open  # the last holder signed out
    web_login(node_client, officer.email)  # now their password opens it
    assert ring.is_open
    assert node_client.get("/border/crossings").status_code == 200
