"""Long work never takes the site down (#14 item 2): on SQLite an import parses outside the
write transaction and commits in batches, so other transactions (every request takes the write
lock) get through during it; a lock timeout is a 503 with Retry-After, never a 500."""

from __future__ import annotations

import sqlite3
import threading
import time

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from passage.db import commit_batch, make_engine
from passage.main import _install_error_handlers
from passage.migrate import upgrade
from passage.restrictions.imports import pipeline, template, writer

MEASURES = 1500  # several batches
BUSY_MS = 5000  # other transactions give up after this long (a request waits 10 s)


def _template(codes: list[str]) -> bytes:
    lines = [",".join(template.NAMES)]
    for number in range(MEASURES):
        row = dict.fromkeys(template.NAMES, "")
        row |= {
            "ref": f"long-{number}",
            "country": codes[number % len(codes)],
            "measure_type": "origin_ban",
            "title": f"Ban {number}",
            "origins": " ".join(codes[(number % 50) : (number % 50) + 100]),
            "effective_from": "2021-01-01",
            "status": "published",
        }
        lines.append(",".join(row[name] for name in template.NAMES))
    return ("\n".join(lines) + "\n").encode()


def _short_waiting(engine) -> None:
    @event.listens_for(engine, "connect")
    def _busy(dbapi_connection, _record) -> None:
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_MS}")


def test_requests_read_and_write_during_a_long_sqlite_import(tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "HOLD_SECONDS", 0.05)  # batches as a slow machine makes them
    url = f"sqlite:///{tmp_path / 'long.db'}"
    importer_engine, other_engine = make_engine(url), make_engine(url)
    upgrade(importer_engine)
    _short_waiting(other_engine)
    with Session(importer_engine) as session:
        content = _template(sorted(pipeline.known_countries(session))[:150])
    done, failures, seen = threading.Event(), [], set()

    def run_import() -> None:
        with Session(importer_engine, expire_on_commit=False) as session:
            report = pipeline.import_upload(
                session=session, content=content, file_name="long.csv", format="passage",
                actor=None, checkpoint=lambda: commit_batch(session),
            )  # fmt: skip
            session.commit()
            assert report.created == MEASURES
        done.set()

    worker = threading.Thread(target=run_import)
    worker.start()
    while not done.is_set() and worker.is_alive():
        try:
            with other_engine.begin() as connection:  # BEGIN IMMEDIATE, as every request
                seen.add(connection.scalar(text("SELECT count(*) FROM measures")))
                connection.execute(text("UPDATE countries SET version = version WHERE iso3='KEN'"))
        except OperationalError as error:
            failures.append(str(error.orig))
        time.sleep(0.05)
    worker.join()
    importer_engine.dispose()
    other_engine.dispose()
    assert done.is_set(), "the import failed"
    assert failures == []
    assert any(0 < count < MEASURES for count in seen), seen  # it ran during the import


def test_a_database_lock_timeout_is_a_503_with_retry_after():
    app = FastAPI()
    _install_error_handlers(app)

    @app.get("/api/v1/busy")
    def busy() -> None:
        raise OperationalError(
            "BEGIN IMMEDIATE", None, sqlite3.OperationalError("database is locked")
        )

    response = TestClient(app, raise_server_exceptions=False).get("/api/v1/busy")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5" and response.json()["error"] == "busy"


def test_an_unchanged_reimport_writes_nothing_and_commits_no_batch(tmp_path):
    """Re-importing an unchanged file (#14: an import must not make requests wait) counts
    its rows without writing: one commit ends the reads, then no batch takes the lock."""
    url = f"sqlite:///{tmp_path / 'again.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with Session(engine) as session:
        content = _template(sorted(pipeline.known_countries(session))[:150])
    reports, commits = [], []
    for _ in range(2):
        commits.clear()
        with Session(engine, expire_on_commit=False) as session:

            def checkpoint(session=session) -> None:
                commits.append(1)
                commit_batch(session)

            report = pipeline.import_upload(
                session=session, content=content, file_name="long.csv",
                format="passage", actor=None, checkpoint=checkpoint,
            )  # fmt: skip
            reports.append(report)
            session.commit()
    with engine.connect() as connection:
        versions = connection.scalar(text("SELECT count(*) FROM measure_versions"))
    engine.dispose()
    assert reports[1].unchanged == MEASURES and reports[1].created == reports[1].updated == 0
    assert versions == MEASURES
    assert len(commits) == 2  # the sign-in's read before the parse, and the reads' end
