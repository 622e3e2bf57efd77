"""Large imports run as background jobs (#14 item 2): 202 with the job's URL, progress while it
runs, the report (every rejected row with line and reason) kept with the job, the user can
leave and come back, nobody else sees it, and a job left by a stopped server ends failed."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from passage.access import Role
from passage.audit.models import AuditEntry
from passage.auth.models import User
from passage.background import repository, service
from passage.background.models import BackgroundJob
from passage.db import transaction
from passage.kit.clock import utcnow
from passage.restrictions.imports import template
from passage.restrictions.models import Measure
from tests.border.alerts.test_screening import WATCH_LIST
from tests.factories import bearer, make_user, token_for

IMPORT = "/api/v1/restrictions/import"


def _template(rows: int, prefix: str, bad_every: int = 0) -> bytes:
    lines = [",".join(template.NAMES)]
    for number in range(rows):
        row = dict.fromkeys(template.NAMES, "")
        country = "XXX" if bad_every and number % bad_every == 0 else "KEN"
        row |= {
            "ref": f"{prefix}-{number}",
            "country": country,
            "measure_type": "origin_ban",
            "title": f"Ban {number}",
            "origins": "UGA TZA",
            "effective_from": "2021-01-01",
            "status": "published",
        }
        lines.append(",".join(row[name] for name in template.NAMES))
    return ("\n".join(lines) + "\n").encode()


def _user(factory: sessionmaker[Session], role: Role = Role.ADMIN, **scope: str) -> str:
    with transaction(factory) as session:
        return token_for(session, make_user(session, role, **scope))


def _upload(client, token: str, content: bytes, **params: str):
    files = {"file": ("big.csv", content, "text/csv")}
    return client.post(IMPORT, params=params, files=files, headers=bearer(token))


def test_a_large_import_answers_202_and_the_job_keeps_its_report(committing_client, factory):
    token = _user(factory, Role.COORDINATOR)
    response = _upload(
        committing_client, token, _template(30, "bg", bad_every=10), background="true"
    )
    assert response.status_code == 202
    job = response.json()
    assert response.headers["location"] == job["url"] == f"/api/v1/jobs/{job['id']}"
    assert job["status"] == "queued" and job["kind"] == "measures" and job["title"] == "big.csv"

    assert service.drain(factory) == 1
    followed = committing_client.get(job["url"], headers=bearer(token)).json()
    assert followed["status"] == "done"
    assert (followed["rows_done"], followed["rows_total"]) == (30, 30)
    report = followed["report"]
    assert (report["rows"], report["created"], len(report["rejected"])) == (30, 27, 3)
    assert report["rejected"][0] == {
        "line": 2,
        "reason": report["rejected"][0]["reason"],
        "field": "country",
    }
    with factory() as session:
        stored = session.scalar(
            select(func.count(Measure.id)).where(Measure.external_ref.like("%bg-%"))
        )
        assert stored == 27
        job_row = session.get(BackgroundJob, uuid.UUID(job["id"]))
        assert job_row is not None and job_row.finished_at is not None
        assert repository.content_of(session, job_row.id) is None  # the upload is dropped
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.action.in_(["job.queued", "import"]))
        ).all()
        assert {"job.queued", "import"} <= set(actions)


def test_a_small_import_still_answers_at_once(committing_client, factory):
    token = _user(factory)
    response = _upload(committing_client, token, _template(3, "small"))
    assert response.status_code == 200
    assert response.json()["created"] == 3


def test_the_size_threshold_makes_a_job_without_asking(committing_client, factory, monkeypatch):
    monkeypatch.setattr(service, "LARGE_UPLOAD_BYTES", 100)
    token = _user(factory)
    assert _upload(committing_client, token, _template(5, "threshold")).status_code == 202
    service.drain(factory)


def test_only_the_starter_and_administrators_follow_a_job(committing_client, factory):
    starter = _user(factory, Role.COORDINATOR)
    job = _upload(committing_client, starter, _template(2, "mine"), background="true").json()
    other = _user(factory, Role.COORDINATOR)
    assert committing_client.get(job["url"], headers=bearer(other)).status_code == 404
    assert all(
        j["id"] != job["id"]
        for j in committing_client.get("/api/v1/jobs", headers=bearer(other)).json()
    )
    listed = committing_client.get("/api/v1/jobs", headers=bearer(starter)).json()
    assert [j["id"] for j in listed][:1] == [job["id"]] and listed[0]["report"] is None
    admin = _user(factory)
    assert committing_client.get(job["url"], headers=bearer(admin)).status_code == 200
    assert committing_client.get(job["url"]).status_code == 401
    service.drain(factory)


def test_a_job_keeps_the_importers_scope(committing_client, factory):
    token = _user(factory, Role.COORDINATOR, scope_type="country", scope_value="UGA")
    job = _upload(committing_client, token, _template(4, "scoped"), background="true").json()
    service.drain(factory)
    report = committing_client.get(job["url"], headers=bearer(token)).json()["report"]
    assert report["created"] == 0 and len(report["rejected"]) == 4  # KEN is outside UGA


def test_a_job_whose_user_lost_the_right_fails(committing_client, factory):
    token = _user(factory, Role.COORDINATOR)
    job = _upload(committing_client, token, _template(2, "lost"), background="true").json()
    with transaction(factory) as session:
        row = session.get(BackgroundJob, uuid.UUID(job["id"]))
        assert row is not None
        session.execute(update(User).where(User.id == row.started_by).values(is_active=False))
    service.drain(factory)
    with factory() as session:
        row = session.get(BackgroundJob, uuid.UUID(job["id"]))
        assert row is not None and row.status == "failed" and "no longer" in (row.error or "")


def test_an_unreadable_file_fails_the_job_with_the_reason(committing_client, factory):
    token = _user(factory)
    job = _upload(committing_client, token, b"\xff\xfe\x00garbage", background="true").json()
    service.drain(factory)
    followed = committing_client.get(job["url"], headers=bearer(token)).json()
    assert followed["status"] == "failed" and followed["error"]


def test_a_job_left_running_by_a_stopped_server_is_marked_failed(committing_client, factory):
    token = _user(factory)
    job = _upload(committing_client, token, _template(2, "stopped"), background="true").json()
    with transaction(factory) as session:
        assert repository.claim_next(session) == uuid.UUID(job["id"])  # a server took it ...
        long_ago = utcnow() - timedelta(seconds=service.SILENT_SECONDS + 5)
        session.execute(
            update(BackgroundJob)
            .where(BackgroundJob.id == uuid.UUID(job["id"]))
            .values(heartbeat_at=long_ago)
        )  # ... and stopped
    assert service.drain(factory) == 0
    followed = committing_client.get(job["url"], headers=bearer(token)).json()
    assert followed["status"] == "failed" and followed["error"].startswith("interrupted")


def test_the_loop_runs_a_job_in_a_thread_with_progress(committing_client, factory, monkeypatch):
    monkeypatch.setattr(service, "BEAT_SECONDS", 0.05)
    token = _user(factory)
    job = _upload(committing_client, token, _template(400, "thread"), background="true").json()
    monkeypatch.setattr("passage.background.service.get_session_factory", lambda: factory)
    assert service.run_next() == 1
    assert service.run_next() == 0  # one job at a time per process
    deadline = time.monotonic() + 120
    statuses = set()
    while time.monotonic() < deadline:
        followed = committing_client.get(job["url"], headers=bearer(token)).json()
        statuses.add(followed["status"])
        if followed["status"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert followed["status"] == "done", followed["error"]
    assert followed["rows_done"] == followed["rows_total"] == 400
    assert "running" in statuses


@pytest.mark.parametrize("status", ["queued", "running", "done", "failed"])
def test_the_job_page_shows_status_progress_and_report(committing_client, factory, status):
    with transaction(factory) as session:
        user = make_user(session, Role.COORDINATOR)
        job = BackgroundJob(
            kind="measures", status=status, title="page.csv", permission="measures.import",
            started_by=user.id, rows_done=5, rows_total=10,
            report={"rows": 10, "created": 9, "updated": 0, "unchanged": 0, "skipped": 0,
                    "rejected": [{"line": 4, "field": "country", "reason": "unknown country"}]}
            if status == "done" else None,
            error="interrupted" if status == "failed" else None,
        )  # fmt: skip
        session.add(job)
        session.flush()
        token = token_for(session, user)
    from passage.auth import service as auth_service
    from passage.auth.deps import SESSION_COOKIE

    with transaction(factory) as session:
        user_row = session.get(User, job.started_by)
        assert user_row is not None
        committing_client.cookies.set(
            SESSION_COOKIE, auth_service.start_web_session(session=session, user=user_row)
        )
    page = committing_client.get(f"/jobs/{job.id}")
    assert page.status_code == 200
    assert f'data-status="{status}"' in page.text
    assert ("hx-trigger" in page.text) == (status in ("queued", "running"))
    if status == "done":
        assert "unknown country" in page.text
    assert "page.csv" in committing_client.get("/jobs").text
    committing_client.cookies.clear()
    assert token


def _finished(client, token: str, response, factory) -> dict:
    assert response.status_code == 202, response.text
    service.drain(factory)
    followed = client.get(response.json()["url"], headers=bearer(token)).json()
    assert followed["status"] == "done", followed["error"]
    return followed["report"]


def test_a_crossings_import_runs_as_a_job(committing_client, factory):
    token = _user(factory, Role.COORDINATOR)
    csv_text = "code,name,kind,country\nJOB-1,Ok,land_crossing,KEN\nJOB-2,Bad,rocket,KEN\n"
    files = {"file": ("crossings.csv", csv_text, "text/csv")}
    response = committing_client.post(
        "/api/v1/poes/import", params={"background": "true"}, files=files, headers=bearer(token)
    )
    report = _finished(committing_client, token, response, factory)
    assert report["created"] == 1 and [r["line"] for r in report["rejected"]] == [3]


def test_an_alert_list_import_runs_as_a_job(committing_client, factory):
    token = _user(factory)
    created = committing_client.post(
        "/api/v1/alert-lists", json={"name": f"Watch {uuid.uuid4().hex[:6]}", "kind": "person"},
        headers=bearer(token),
    )  # fmt: skip
    list_id = created.json()["id"]
    files = {"file": ("watch.csv", WATCH_LIST.encode(), "text/csv")}
    response = committing_client.post(
        f"/api/v1/alert-lists/{list_id}/import", params={"background": "true"}, files=files,
        headers=bearer(token),
    )  # fmt: skip
    report = _finished(committing_client, token, response, factory)
    assert report["created"] == 3 and report["rejected"] == []
