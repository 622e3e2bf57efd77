"""The request's unit of work (`db.get_session`, the real one: the other tests bind requests to
their own transaction): committed when the route succeeds, rolled back when it fails (with the
work that must outlive a failure committed on its own), closed either way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from passage import db
from passage.db import AFTER_ROLLBACK_KEY, SessionDep, make_engine
from passage.errors import Conflict
from passage.kit import pending  # noqa: F401  (runs the work kept after a rollback)

CLOSED: list[Session] = []


def _numbers(factory: sessionmaker[Session]) -> list[int]:
    with factory() as session:
        return list(session.execute(text("SELECT n FROM numbers ORDER BY n")).scalars())


@pytest.fixture
def factory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'unit.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE numbers (n INTEGER NOT NULL)"))

    class Tracked(Session):
        def close(self) -> None:
            CLOSED.append(self)
            super().close()

    made = sessionmaker(bind=engine, class_=Tracked)
    monkeypatch.setattr(db, "get_session_factory", lambda: made)
    CLOSED.clear()
    yield made
    engine.dispose()


@pytest.fixture
def client(factory: sessionmaker[Session]) -> Iterator[TestClient]:
    app = FastAPI()

    @app.post("/ok/{n}")
    def ok(n: int, session: SessionDep) -> dict[str, int]:
        session.execute(text("INSERT INTO numbers VALUES (:n)"), {"n": n})
        return {"n": n}

    @app.post("/fails/{n}")
    def fails(n: int, session: SessionDep) -> None:
        session.execute(text("INSERT INTO numbers VALUES (:n)"), {"n": n})

        def kept(other: Session) -> None:
            other.execute(text("INSERT INTO numbers VALUES (:n)"), {"n": -n})

        session.info.setdefault(AFTER_ROLLBACK_KEY, []).append(kept)
        raise Conflict("refused")

    @app.exception_handler(Conflict)
    def conflict(request: object, exc: Conflict) -> object:
        from fastapi.responses import JSONResponse

        return JSONResponse({"error": "conflict"}, status_code=409)

    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_a_route_that_succeeds_is_committed_and_its_session_closed(client, factory):
    assert client.post("/ok/1").status_code == 200
    assert client.post("/ok/2").status_code == 200
    assert _numbers(factory) == [1, 2]
    assert len(CLOSED) >= 2 and all(not session.in_transaction() for session in CLOSED)


def test_a_route_that_fails_is_rolled_back_keeping_what_must_outlive_it(client, factory):
    assert client.post("/ok/1").status_code == 200
    CLOSED.clear()
    assert client.post("/fails/7").status_code == 409
    # 7 was rolled back; the work kept after the rollback (-7) was committed on its own
    assert _numbers(factory) == [-7, 1]
    assert CLOSED and not CLOSED[-1].in_transaction()
