"""Background jobs run in threads with sessions of their own: these tests use a database of
their own per backend, with real commits, instead of the rolled-back test transaction."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from passage.db import get_session, make_engine, transaction
from passage.geo.demo import load_reference
from passage.migrate import upgrade
from tests.conftest import BACKENDS, PG_URL, _drop_postgres_database, _postgres_database


@pytest.fixture(scope="module", params=BACKENDS)
def factory(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[sessionmaker[Session]]:
    """A session factory on a fresh, migrated database with the reference data."""
    name = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('jobs') / 'jobs.db'}"
    else:
        assert PG_URL
        url, name = _postgres_database(PG_URL)
    engine = make_engine(url)
    upgrade(engine)
    made = sessionmaker(bind=engine, expire_on_commit=False)
    with transaction(made) as session:
        load_reference(session, airports=False)
    yield made
    engine.dispose()
    if name and PG_URL:
        _drop_postgres_database(PG_URL, name)


@pytest.fixture
def committing_client(shared_app: FastAPI, factory: sessionmaker[Session]) -> Iterator[TestClient]:
    """A client whose requests commit to the factory's database, as in production."""

    def own_session() -> Iterator[Session]:
        with transaction(factory) as session:
            yield session

    shared_app.dependency_overrides[get_session] = own_session
    with TestClient(shared_app, raise_server_exceptions=False) as client:
        yield client
    shared_app.dependency_overrides.clear()
