"""Test fixtures: a migrated database per backend (SQLite always, PostgreSQL when configured),
each test in a transaction rolled back at the end, and app clients bound to that transaction."""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator

os.environ.setdefault("PASSAGE_ENVIRONMENT", "test")
os.environ.setdefault("PASSAGE_ARGON2_TIME_COST", "1")
os.environ.setdefault("PASSAGE_ARGON2_MEMORY_COST", "1024")

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from passage.db import get_session, make_engine, rollback, transaction
from passage.geo.demo import load_reference
from passage.main import create_app
from passage.migrate import upgrade

PG_URL = os.environ.get("PASSAGE_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def _postgres_database(url: str) -> tuple[str, str]:
    """Create a fresh, uniquely named database on the test server; return (url, name)."""
    base = make_url(url.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"passage_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # CI must not silently fall back to SQLite
        pytest.fail(f"PASSAGE_TEST_DATABASE_URL is set but PostgreSQL is unreachable: {error}")
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False), name


def _drop_postgres_database(url: str, name: str) -> None:
    base = make_url(url.replace("postgresql://", "postgresql+psycopg://", 1))
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """A migrated database with reference data (countries, demo crossings), per backend."""
    if request.param == "sqlite":
        url, cleanup = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}", None
    else:
        assert PG_URL
        url, name = _postgres_database(PG_URL)
        cleanup = name
    engine = make_engine(url)
    upgrade(engine)
    with transaction(sessionmaker(bind=engine)) as session:
        load_reference(session, airports=False)
    yield engine
    engine.dispose()
    if cleanup and PG_URL:
        _drop_postgres_database(PG_URL, cleanup)


@pytest.fixture
def backend(engine: Engine) -> str:
    """The name of the database dialect under test."""
    return engine.dialect.name


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test."""
    connection = engine.connect()
    outer = connection.begin()
    db_session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    yield db_session
    db_session.close()
    if outer.is_active:
        outer.rollback()
    connection.close()


@functools.cache
def application() -> FastAPI:
    """One application instance for the whole run (building it is the slow part)."""
    return create_app()


@pytest.fixture(scope="session")
def shared_app() -> FastAPI:
    """The one application instance (tests that need it at collection call `application()`)."""
    return application()


@pytest.fixture
def app(shared_app: FastAPI, session: Session) -> Iterator[FastAPI]:
    """The application, with each request's unit of work bound to the test's transaction."""

    def test_session() -> Iterator[Session]:
        try:
            yield session
            session.commit()
        except BaseException as error:
            rollback(session, error)
            raise

    shared_app.dependency_overrides[get_session] = test_session
    yield shared_app
    shared_app.dependency_overrides.clear()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """An HTTP client for the app (cookies kept between calls, like a browser)."""
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
