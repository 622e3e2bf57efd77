"""The background job loop: jobs run again at once while busy, after their interval when idle;
a failing job is logged and the others still run; `passage jobs run --once`."""

from __future__ import annotations

import threading

from sqlalchemy import text
from typer.testing import CliRunner

from passage.cli import app
from passage.kit.jobs import Job, JobLoop, run_once, wake_after_commit


def test_a_failing_job_does_not_stop_the_others(caplog):
    def broken() -> int:
        raise ValueError("a bug")

    done = run_once([Job("broken", broken, 1), Job("fine", lambda: 3, 1)])
    assert done == {"broken": 0, "fine": 3}
    assert "job broken failed: ValueError" in caplog.text


def test_the_loop_drains_busy_jobs_and_stops_when_asked():
    work, runs, drained = [5], [], threading.Event()

    def job() -> int:
        runs.append(work[0])
        if work[0] == 0:
            drained.set()
            return 0
        work[0] -= 1
        return 1

    loop = JobLoop([Job("drain", job, interval_seconds=60)])
    loop.start()
    assert drained.wait(5)  # busy: ran again at once, not after 60 s
    loop.stop(5)
    assert runs[:6] == [5, 4, 3, 2, 1, 0]
    assert loop._thread is not None and not loop._thread.is_alive()


def test_jobs_run_once_from_the_command_line(monkeypatch):
    from passage import jobs

    monkeypatch.setattr(jobs, "registered_jobs", lambda: [Job("webhooks.deliver", lambda: 2, 1)])
    result = CliRunner().invoke(app, ["jobs", "run", "--once"])
    assert result.exit_code == 0 and "webhooks.deliver: 2" in result.stdout


def _idle_loop(runs: list[int], ran: threading.Event) -> JobLoop:
    def job() -> int:
        runs.append(1)
        ran.set()
        return 0

    return JobLoop([Job("idle", job, interval_seconds=60)])


def test_a_commit_that_queued_work_wakes_an_idle_loop(session):
    runs: list[int] = []
    ran = threading.Event()
    loop = _idle_loop(runs, ran)
    loop.start()
    try:
        assert ran.wait(5)  # the first round at start
        ran.clear()
        with session.begin_nested():
            wake_after_commit(session)
        session.commit()
        assert ran.wait(5)  # woken, not after the 60 s interval
        assert len(runs) == 2
    finally:
        loop.stop(5)


def test_a_rolled_back_transaction_wakes_nothing(session):
    runs: list[int] = []
    ran = threading.Event()
    loop = _idle_loop(runs, ran)
    loop.start()
    try:
        assert ran.wait(5)
        ran.clear()
        session.execute(text("SELECT 1"))  # work queued inside a transaction...
        wake_after_commit(session)
        session.rollback()  # ...that is rolled back
        session.commit()
        assert not ran.wait(0.5)
        assert runs == [1]
    finally:
        loop.stop(5)
