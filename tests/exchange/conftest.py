"""Two deployments in one process for the exchange: each its own fresh, migrated database and
its own app, reached through an HTTP client (pulls and webhooks go over real HTTP requests to
the other app). Module-scoped: tests compare cursors and counts before and after, never totals."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from passage.db import get_session, make_engine, transaction
from passage.geo.demo import load_reference
from passage.main import create_app
from passage.migrate import upgrade
from tests.conftest import PG_URL, _drop_postgres_database, _postgres_database


@dataclass
class Deployment:
    """One Passage deployment under test."""

    name: str
    engine: Engine
    factory: sessionmaker[Session]
    app: FastAPI
    client: TestClient

    @property
    def base_url(self) -> str:
        """Where its app answers."""
        return f"http://{self.name}.test"


def _session_dependency(factory: sessionmaker[Session]) -> Callable[[], Iterator[Session]]:
    def dependency() -> Iterator[Session]:
        with transaction(factory) as session:
            yield session

    return dependency


def _fresh_database(backend: str, folder: Path) -> tuple[str, str | None]:
    if backend == "sqlite":
        return f"sqlite:///{folder / 'exchange.db'}", None
    assert PG_URL
    return _postgres_database(PG_URL)


@pytest.fixture(scope="module")
def deployments(
    engine: Engine, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Deployment, Deployment]]:
    """Deployments "a" and "b" on the backend under test."""
    made, cleanups = [], []
    for name in ("a", "b"):
        url, database = _fresh_database(engine.dialect.name, tmp_path_factory.mktemp(name))
        cleanups.append(database)
        own_engine = make_engine(url)
        upgrade(own_engine)
        factory = sessionmaker(bind=own_engine, expire_on_commit=False)
        with transaction(factory) as session:
            load_reference(session, airports=False)
        app = create_app()
        app.dependency_overrides[get_session] = _session_dependency(factory)
        client = TestClient(app, base_url=f"http://{name}.test", raise_server_exceptions=False)
        made.append(Deployment(name, own_engine, factory, app, client))
    yield made[0], made[1]
    for deployment, database in zip(made, cleanups, strict=True):
        deployment.client.close()
        deployment.engine.dispose()
        if database and PG_URL:
            _drop_postgres_database(PG_URL, database)
