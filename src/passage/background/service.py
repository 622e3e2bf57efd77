"""Background jobs a user starts: a large import is submitted as a job (the upload kept with
it), claimed by one process's job loop and run in a thread of its own, with its progress
written every `BEAT_SECONDS` and its report kept when it ends.

Domains register what a kind of job does (`register`); the job runs as the user who started
it, whose permission and scope are checked again when it starts. A job whose heartbeat stopped
(its server was stopped or crashed) is marked failed by the next sweep: never "running" for
ever. Imports are idempotent by reference, so importing the file again completes it.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from passage.access import Principal, Role, can
from passage.auth import repository as auth_repository
from passage.auth.service import principal_for
from passage.background import repository
from passage.background.models import BackgroundJob
from passage.db import get_session_factory, rollback
from passage.errors import Invalid, NotFound, PassageError
from passage.kit import audit
from passage.kit.clock import utcnow
from passage.kit.jobs import wake_after_commit

logger = logging.getLogger("passage.background")

# An upload larger than this runs as a background job (smaller ones answer at once).
LARGE_UPLOAD_BYTES = 1_000_000
BEAT_SECONDS = 2.0
SILENT_SECONDS = 90.0  # a running job without a heartbeat this long was left by a stopped server
INTERRUPTED = (
    "interrupted: the server stopped while the job ran; rows written before are kept, and "
    "importing the same file again completes the import"
)


@dataclass
class Progress:
    """Rows done of the total, updated by the runner and read by the heartbeat."""

    done: int = 0
    total: int | None = None

    def add(self, rows: int = 1) -> None:
        """Count rows done."""
        self.done += rows


@dataclass(frozen=True)
class Work:
    """What a job's runner is given: the uploaded file, its name and the options."""

    content: bytes
    title: str
    options: dict[str, Any] = field(default_factory=dict)


# runner(session, work, actor, progress) -> the report as JSON; it may commit in batches and
# raise PassageError for a file that cannot be imported (the job fails with its message).
Runner = Callable[[Session, Work, Principal, Progress], dict[str, Any]]
_runners: dict[str, Runner] = {}
_pages: dict[str, tuple[str, str]] = {}


def register(kind: str, runner: Runner, page: tuple[str, str]) -> None:
    """Declare what a kind of job does and the page it was started from (url, label marked
    with `N_`); domains call this from `on_install`."""
    _runners[kind] = runner
    _pages[kind] = page


def page_of(kind: str) -> tuple[str, str] | None:
    """The page a kind of job is started from: (url, English label)."""
    return _pages.get(kind)


def is_large(content: bytes) -> bool:
    """True when an upload should run as a background job."""
    return len(content) > LARGE_UPLOAD_BYTES


def submit(
    *,
    session: Session,
    kind: str,
    title: str,
    permission: str,
    content: bytes,
    actor: Principal,
    options: dict[str, Any] | None = None,
) -> BackgroundJob:
    """Queue a job for the actor (who must have `permission`); audited; the job loop of this
    process is woken when the request commits."""
    if kind not in _runners:
        raise Invalid("no background job of kind %(kind)s", field="kind", params={"kind": kind})
    if actor.user_id is None or not can(actor, permission):
        raise Invalid("only a signed-in user with the permission can start a job")
    job = BackgroundJob(
        kind=kind,
        title=title[:300],
        permission=permission,
        options=options or {},
        content=content,
        size_bytes=len(content),
        started_by=actor.user_id,
    )
    session.add(job)
    session.flush()
    details = {"kind": kind, "bytes": len(content)}
    audit.record(
        session,
        action="job.queued",
        object_type="background_job",
        object_id=job.id,
        details=details,
    )
    wake_after_commit(session)
    return job


def _may_see(principal: Principal, job: BackgroundJob) -> bool:
    return job.started_by == principal.user_id or Role.ADMIN in principal.roles


def get_job(*, session: Session, job_id: uuid.UUID, principal: Principal) -> BackgroundJob:
    """A job its starter (or an administrator) may follow; NotFound for anyone else."""
    job = repository.get(session, job_id)
    if job is None or not _may_see(principal, job):
        raise NotFound("no such job", field="job_id")
    return job


def recent_jobs(*, session: Session, principal: Principal) -> Sequence[BackgroundJob]:
    """The principal's latest jobs (an administrator sees everyone's)."""
    everyone = Role.ADMIN in principal.roles
    return repository.recent(session, None if everyone else principal.user_id)


# --- running -------------------------------------------------------------------------------

_thread_lock = threading.Lock()
_thread: threading.Thread | None = None


def run_next() -> int:
    """The job loop's step: mark silent jobs failed, then claim the oldest queued job and run
    it in a thread of this process (one at a time per process). Returns 1 when it started one."""
    global _thread
    factory = get_session_factory()
    _sweep(factory)
    with _thread_lock:
        if _thread is not None and _thread.is_alive():
            return 0
        job_id = _claim(factory)
        if job_id is None:
            return 0
        _thread = threading.Thread(
            target=run_job, args=(job_id, factory), name=f"passage-job-{job_id}", daemon=True
        )
        _thread.start()
    return 1


def wait_for_running() -> None:
    """Wait until the job this process runs (if any) has ended (`passage jobs run --once`)."""
    with _thread_lock:
        running = _thread
    if running is not None:
        running.join()


def drain(factory: sessionmaker[Session] | None = None) -> int:
    """Run every queued job in the calling thread (the CLI's `jobs run --once`, tests)."""
    factory = factory or get_session_factory()
    ran = 0
    _sweep(factory)
    while (job_id := _claim(factory)) is not None:
        run_job(job_id, factory)
        ran += 1
    return ran


def _sweep(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        before = utcnow() - timedelta(seconds=SILENT_SECONDS)
        failed = repository.fail_silent(session, before, INTERRUPTED)
        session.commit()
    if failed:
        logger.warning("%d background job(s) interrupted by a stopped server", failed)
    return failed


def _claim(factory: sessionmaker[Session]) -> uuid.UUID | None:
    with factory() as session:
        job_id = repository.claim_next(session)
        session.commit()
        return job_id


class _Heartbeat(threading.Thread):
    """Writes a running job's progress every BEAT_SECONDS in a transaction of its own."""

    def __init__(self, job_id: uuid.UUID, progress: Progress, factory: sessionmaker[Session]):
        super().__init__(name=f"passage-job-beat-{job_id}", daemon=True)
        self.job_id, self.progress, self.factory = job_id, progress, factory
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(BEAT_SECONDS):
            try:
                with self.factory() as session:
                    alive = repository.beat(
                        session, self.job_id, self.progress.done, self.progress.total
                    )
                    session.commit()
            except Exception as error:  # a missed beat is retried; the sweep allows many
                logger.info("job heartbeat skipped: %s", type(error).__name__)
                continue
            if not alive:
                return


def run_job(job_id: uuid.UUID, factory: sessionmaker[Session] | None = None) -> None:
    """Run a claimed job to its end as the user who started it; the job ends done (with its
    report) or failed (with the reason), never running."""
    factory = factory or get_session_factory()
    progress = Progress()
    beat = _Heartbeat(job_id, progress, factory)
    beat.start()
    session = factory()
    try:
        report = _run(session, job_id, progress)
        beat.stopped.set()
        repository.finish(
            session,
            job_id,
            status="done",
            done=progress.done,
            total=progress.total,
            report=report,
        )
        session.commit()
    except Exception as error:
        beat.stopped.set()
        rollback(session, error)
        _fail(factory, job_id, progress, error)
    finally:
        beat.stopped.set()
        session.close()


def _run(session: Session, job_id: uuid.UUID, progress: Progress) -> dict[str, Any]:
    job = repository.get(session, job_id)
    content = repository.content_of(session, job_id)
    if job is None or content is None:
        raise Invalid("the job's file is gone")
    user = auth_repository.get_user(session, job.started_by)
    actor = principal_for(user) if user is not None and user.is_active else None
    if actor is None or not can(actor, job.permission):
        raise Invalid("the user who started the job may no longer do this work")
    context = audit.AuditContext("user", str(job.started_by), f"job:{job_id}", route="job")
    audit.set_context(session, context)
    work = Work(content=content, title=job.title, options=dict(job.options))
    runner = _runners.get(job.kind)
    if runner is None:
        raise Invalid("no background job of kind %(kind)s", params={"kind": job.kind})
    session.commit()  # the reads end before the (long) parse: no lock held meanwhile
    return runner(session, work, actor, progress)


def _fail(
    factory: sessionmaker[Session], job_id: uuid.UUID, progress: Progress, error: Exception
) -> None:
    if isinstance(error, PassageError):
        reason = error.message
    else:
        logger.exception("background job %s failed", job_id)
        reason = f"unexpected error ({type(error).__name__}); the server log names job {job_id}"
    with factory() as session:
        repository.finish(
            session,
            job_id,
            status="failed",
            done=progress.done,
            total=progress.total,
            error=reason[:500],
        )
        session.commit()
