"""Background jobs run in a loop: by `passage jobs run`, or in a thread of `passage serve` so
that the single-node setup needs no second process. Jobs must be safe to run in several
processes at once (they claim work with leases); each returns how much work it did."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

logger = logging.getLogger("passage.jobs")
WAKE_KEY = "jobs_wake"
_wake = threading.Event()


def wake_after_commit(session: Session) -> None:
    """Ask the job loops of this process to run at once when the session's transaction commits
    (e.g. a message was queued); a rollback asks nothing."""
    session.info[WAKE_KEY] = True


@event.listens_for(Session, "after_commit")
def _wake_on_commit(session: Session) -> None:
    if session.info.pop(WAKE_KEY, False):
        _wake.set()


@event.listens_for(Session, "after_transaction_end")
def _forget_wake(session: Session, transaction: SessionTransaction) -> None:
    # after_commit has already consumed the request of a committed transaction
    if transaction.parent is None:
        session.info.pop(WAKE_KEY, None)


@dataclass(frozen=True)
class Job:
    """A named unit of background work, run again every `interval_seconds` (sooner while busy)."""

    name: str
    run: Callable[[], int]
    interval_seconds: float


def run_once(jobs: Sequence[Job]) -> dict[str, int]:
    """Run every job once; a failing job is logged (by type only) and the others still run."""
    done: dict[str, int] = {}
    for job in jobs:
        try:
            done[job.name] = job.run()
        except Exception as error:  # a job's bug must not stop deliveries of the others
            logger.error("job %s failed: %s", job.name, type(error).__name__)
            done[job.name] = 0
    return done


class JobLoop:
    """Runs jobs until stopped; a job that did work runs again at once, else after its interval."""

    def __init__(self, jobs: Sequence[Job], poll_seconds: float = 1.0):
        self.jobs, self.poll_seconds = list(jobs), poll_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run(self) -> None:
        """Loop in the calling thread until `stop()`."""
        due = dict.fromkeys((job.name for job in self.jobs), 0.0)
        _wake.clear()  # every job runs first anyway; a stale wake-up is moot
        while not self._stop.is_set():
            now = time.monotonic()
            for job in [job for job in self.jobs if due[job.name] <= now]:
                busy = run_once([job])[job.name] > 0
                due[job.name] = time.monotonic() + (0 if busy else job.interval_seconds)
            next_due = min(due.values(), default=time.monotonic() + self.poll_seconds)
            if _wake.wait(max(0.05, next_due - time.monotonic())):
                _wake.clear()
                due = dict.fromkeys(due, 0.0)

    def start(self) -> None:
        """Run the loop in a daemon thread."""
        self._thread = threading.Thread(target=self.run, name="passage-jobs", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the loop to stop and wait for the current job to finish."""
        self._stop.set()
        _wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
