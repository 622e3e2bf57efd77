"""Alert-list and crossings imports write in bounded batches, each its own transaction (#14
item 2): on SQLite another connection takes the write lock between batches, readers see the
rows written so far, a failure keeps the batches written before (importing the same file
again completes it), and a job's progress advances a batch at a time."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request

from passage.access import Role
from passage.background import service as background
from passage.background.models import BackgroundJob
from passage.border.alerts import cache
from passage.border.alerts import jobs as alert_jobs
from passage.border.alerts import service as alerts
from passage.border.alerts.models import AlertList, AlertPerson
from passage.border.alerts.schemas import AlertListCreate
from passage.db import commit_batch, transaction
from passage.errors import Invalid
from passage.geo import jobs as poe_jobs
from passage.geo import service as geo
from passage.geo.models import PointOfEntry
from passage.kit import imports
from passage.kit.imports import ImportStopped
from passage.main import _error_response
from tests.border.alerts.test_screening import HEADER
from tests.factories import bearer, make_user, token_for

BATCH = 10
ROWS = 35  # three full batches and a short one


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 10 rows, so that a small file makes several."""
    monkeypatch.setattr(imports, "BATCH_ROWS", BATCH)


def _persons(prefix: str, rows: int = ROWS) -> bytes:
    lines = [f"{prefix}-{n},Person {prefix} {n},1980,KEN,M,,reason,,,\n" for n in range(rows)]
    return (HEADER + "".join(lines)).encode()


def _crossings(prefix: str, rows: int = ROWS) -> str:
    lines = [f"{prefix}-{n},Crossing {n},land_crossing,KEN\n" for n in range(rows)]
    return "code,name,kind,country\n" + "".join(lines)


def _new_list(factory: sessionmaker[Session]) -> uuid.UUID:
    with transaction(factory) as session:
        data = AlertListCreate(name=f"Batches {uuid.uuid4().hex[:8]}", kind="person")
        return alerts.create_list(session=session, data=data).id


def _persons_in(factory: sessionmaker[Session], list_id: uuid.UUID) -> int:
    with factory() as session:
        where = AlertPerson.list_id == list_id
        return session.scalar(select(func.count()).select_from(AlertPerson).where(where)) or 0


def _crossings_like(factory: sessionmaker[Session], prefix: str) -> int:
    with factory() as session:
        where = PointOfEntry.code.startswith(f"{prefix}-")
        return session.scalar(select(func.count()).select_from(PointOfEntry).where(where)) or 0


def _take_write_lock(factory: sessionmaker[Session]) -> None:
    """On SQLite, take the write lock from another connection without waiting: raises
    "database is locked" while the import holds it."""
    engine = factory.kw["bind"]
    if engine.dialect.name != "sqlite":
        return
    other = sqlite3.connect(engine.url.database, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def _probing(
    session: Session, factory: sessionmaker[Session], seen: Callable[[], int], counts: list[int]
) -> Callable[[], None]:
    """A checkpoint that commits, then has another connection write and read."""

    def checkpoint() -> None:
        commit_batch(session)
        _take_write_lock(factory)
        counts.append(seen())

    return checkpoint


def _import_persons(session: Session, list_id: uuid.UUID, content: bytes, checkpoint):
    alert_list = session.get(AlertList, list_id)
    assert alert_list is not None
    return alerts.import_csv(
        session=session, alert_list=alert_list, content=content, checkpoint=checkpoint
    )


def test_an_alert_list_import_lets_other_writers_in_between_batches(factory):
    list_id, counts = _new_list(factory), []
    generation = cache.CACHE.generation
    with factory() as session:
        checkpoint = _probing(session, factory, lambda: _persons_in(factory, list_id), counts)
        report = _import_persons(session, list_id, _persons("AB"), checkpoint)
        session.commit()
    assert (report.created, report.rejected) == (ROWS, [])
    assert counts == [0, 0, 10, 20, 30, 35]  # the parse, the reads, then each batch
    assert cache.CACHE.generation >= generation + 4  # screening looks again after each batch


def test_an_unchanged_alert_list_import_writes_no_batch(factory):
    list_id, counts = _new_list(factory), []
    with transaction(factory) as session:
        _import_persons(session, list_id, _persons("AU"), None)
    with factory() as session:
        checkpoint = _probing(session, factory, lambda: _persons_in(factory, list_id), counts)
        report = _import_persons(session, list_id, _persons("AU"), checkpoint)
        session.commit()
    assert (report.created, report.updated, report.unchanged) == (0, 0, ROWS)
    assert len(counts) == 2  # the parse and the reads only: no batch was committed


def test_a_failed_alert_list_import_keeps_its_batches_and_a_second_run_completes_it(factory):
    list_id = _new_list(factory)
    with factory() as session:
        calls = []

        def failing() -> None:
            calls.append(1)
            if len(calls) == 4:  # the second batch's commit
                raise RuntimeError("disk full")
            commit_batch(session)

        with pytest.raises(ImportStopped) as stopped:
            _import_persons(session, list_id, _persons("AF"), failing)
        session.rollback()
    assert stopped.value.kept == BATCH and "10 rows" in stopped.value.message
    assert _persons_in(factory, list_id) == BATCH
    with transaction(factory) as session:
        again = _import_persons(session, list_id, _persons("AF"), lambda: commit_batch(session))
    assert (again.created, again.unchanged) == (ROWS - BATCH, BATCH)


def test_a_crossings_import_lets_other_writers_in_between_batches(factory):
    counts: list[int] = []
    with factory() as session:
        checkpoint = _probing(session, factory, lambda: _crossings_like(factory, "PB"), counts)
        report = geo.import_poes_csv(
            session=session, text=_crossings("PB"), source="t.csv", checkpoint=checkpoint
        )
        session.commit()
    assert (report.created, report.rejected) == (ROWS, [])
    assert counts == [0, 0, 10, 20, 30, 35]
    with factory() as session:
        counts.clear()
        checkpoint = _probing(session, factory, lambda: _crossings_like(factory, "PB"), counts)
        again = geo.import_poes_csv(
            session=session, text=_crossings("PB"), source="t.csv", checkpoint=checkpoint
        )
        session.commit()
    assert (again.created, again.updated, again.unchanged, len(counts)) == (0, 0, ROWS, 2)


def test_a_failed_crossings_import_keeps_its_batches_and_a_second_run_completes_it(factory):
    with factory() as session:
        calls = []

        def failing() -> None:
            calls.append(1)
            if len(calls) == 5:  # the third batch's commit
                raise RuntimeError("disk full")
            commit_batch(session)

        with pytest.raises(ImportStopped) as stopped:
            geo.import_poes_csv(
                session=session, text=_crossings("PF"), source="t.csv", checkpoint=failing
            )
        session.rollback()
    assert stopped.value.kept == 2 * BATCH
    assert _crossings_like(factory, "PF") == 2 * BATCH
    with transaction(factory) as session:
        again = geo.import_poes_csv(
            session=session,
            text=_crossings("PF"),
            source="t.csv",
            checkpoint=lambda: commit_batch(session),
        )
    assert (again.created, again.unchanged) == (ROWS - 2 * BATCH, 2 * BATCH)


def _counting(monkeypatch: pytest.MonkeyPatch, module: object) -> list[int]:
    """Count the commits of a job module's batches."""
    commits: list[int] = []

    def counted(session: Session) -> None:
        commits.append(1)
        commit_batch(session)

    monkeypatch.setattr(module, "commit_batch", counted)
    return commits


def _job(factory: sessionmaker[Session], job_id: str) -> BackgroundJob:
    with factory() as session:
        job = session.get(BackgroundJob, uuid.UUID(job_id))
        assert job is not None
        return job


def test_the_import_jobs_commit_each_batch_and_count_progress(
    committing_client, factory, monkeypatch
):
    with transaction(factory) as session:
        token = token_for(session, make_user(session, Role.ADMIN))
    list_id = _new_list(factory)
    alert_commits = _counting(monkeypatch, alert_jobs)
    files = {"file": ("watch.csv", _persons("AJ"), "text/csv")}
    response = committing_client.post(
        f"/api/v1/alert-lists/{list_id}/import", params={"background": "true"}, files=files,
        headers=bearer(token),
    )  # fmt: skip
    assert response.status_code == 202 and background.drain(factory) == 1
    job = _job(factory, response.json()["id"])
    assert (job.status, job.rows_done, job.rows_total) == ("done", ROWS, ROWS)
    assert len(alert_commits) == 2 + 4  # the parse, the reads, four batches

    poe_commits = _counting(monkeypatch, poe_jobs)
    files = {"file": ("crossings.csv", _crossings("PJ").encode(), "text/csv")}
    response = committing_client.post(
        "/api/v1/poes/import", params={"background": "true"}, files=files, headers=bearer(token)
    )
    assert response.status_code == 202 and background.drain(factory) == 1
    job = _job(factory, response.json()["id"])
    assert (job.status, job.rows_done, job.rows_total) == ("done", ROWS, ROWS)
    assert len(poe_commits) == 2 + 4


def test_an_import_stopped_by_the_lock_answers_503_with_retry_after():
    """A busy database mid-way (SQLite's lock not obtained) is a 503 the client may retry after
    Retry-After seconds, naming the rows kept; another failure keeps its cause's status."""
    stopped = ImportStopped(20, sqlite3.OperationalError("database is locked"))
    assert stopped.status == 503
    request = Request(
        {
            "type": "http",
            "method": "POST",
            "path": "/api/v1/poes/import",
            "headers": [],
            "query_string": b"",
        }
    )
    response = _error_response(request, stopped)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert b"20" in response.body
    refused = ImportStopped(20, Invalid("bad row"))
    assert refused.status == 422 and refused.retry_after is None
    assert "Retry-After" not in _error_response(request, refused).headers
