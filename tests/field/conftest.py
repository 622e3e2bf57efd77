"""Fixtures of the field tests: a field node on its own SQLite file, enrolled with the central
(the test database) for the Namanga point of entry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from passage.access import Role
from passage.config import get_settings
from passage.db import make_engine
from passage.field import central, sync
from passage.migrate import upgrade
from tests.factories import demo_poe, make_user

CENTRAL = "http://testserver"


@pytest.fixture
def node_factory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[sessionmaker[Session]]:
    """A fresh, migrated SQLite database for the node (no reference data of its own)."""
    monkeypatch.setenv("PASSAGE_FIELD_DOWN_SETTLE_SECONDS", "0")
    get_settings.cache_clear()
    engine = make_engine(f"sqlite:///{tmp_path / 'node.db'}")
    upgrade(engine)
    yield sessionmaker(bind=engine, expire_on_commit=False)
    engine.dispose()
    get_settings.cache_clear()


@pytest.fixture
def enrolment(session: Session, client: TestClient, node_factory: sessionmaker[Session]):
    """The node enrolled with the central for the Namanga POE, then synced once; with the
    enrolment secret (shown once, at enrolment)."""
    poe = demo_poe(session)
    officer = make_user(session, Role.BORDER_OFFICER, scope_type="poe", scope_value=str(poe.id))
    token = central.issue_token(
        session=session, poe_id=poe.id, office=None, organisation=None, actor_id=None
    )
    session.commit()
    node_id, secret = sync.enrol(
        factory=node_factory, client=client, central_url=CENTRAL, token=token, name="Namanga laptop"
    )
    sync.run(factory=node_factory, client=client)
    return node_id, poe, officer, secret


@pytest.fixture
def enrolled(enrolment):
    """The node enrolled and synced once: its id, its POE and an officer there."""
    return enrolment[:3]
