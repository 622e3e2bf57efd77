"""Engine and session factories; the request or the CLI command owns the transaction."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from anyio import CancelScope, CapacityLimiter, to_thread
from fastapi import Depends
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from passage.config import get_settings

logger = logging.getLogger("passage")
# Work that must outlive a rollback (`kit.pending.durable`) waits under this key of session.info.
AFTER_ROLLBACK_KEY = "pending_after_rollback"
SQLITE_CACHE_KIB = 16_384  # page cache per SQLite connection (see _prepare_sqlite)


def _prepare_sqlite(engine: Engine, url: str) -> None:
    """WAL, foreign keys, a busy timeout, and transactions SQLAlchemy controls (savepoints work).

    Every transaction begins IMMEDIATE, taking the write lock at its start: a deferred
    transaction that read first cannot upgrade to a writer once another writer has committed
    (SQLite answers "database is locked" at once, whatever the busy timeout), and most requests
    write (audit entries for reads of personal data, token use). Transactions queue on the busy
    timeout instead, one at a time; PostgreSQL is the database for many concurrent users.
    A connection with `isolation_level="AUTOCOMMIT"` reads the latest commit, statement by
    statement, without taking the lock.
    """
    database = url.split("///", 1)[-1]
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        # A page cache of 16 MiB (SQLite's default is 2 MiB), taken only as pages are read: it
        # holds the pages a large import writes to at once (the end of each country's run in
        # the target index), which 2 MiB does not; the index writes take 10-17% less CPU.
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for SQLite or PostgreSQL with the same behaviour on both."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        _prepare_sqlite(engine, url)
        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10, **kwargs)


@lru_cache
def get_engine() -> Engine:
    """The process-wide engine for the configured database."""
    return make_engine(get_settings().database_url)


@lru_cache
def get_session_factory() -> sessionmaker[Session]:
    """The process-wide session factory."""
    return sessionmaker(bind=get_engine(), expire_on_commit=False)


# Called after a unit of work failed and rolled back, with the error: they may leave work under
# AFTER_ROLLBACK_KEY (the audit trail records refused attempts this way).
_failure_hooks: list[Callable[[Session, BaseException], None]] = []


def on_failure(hook: Callable[[Session, BaseException], None]) -> None:
    """Call `hook(session, error)` after every unit of work that fails and rolls back."""
    if hook not in _failure_hooks:
        _failure_hooks.append(hook)


def rollback(session: Session, error: BaseException | None = None) -> None:
    """Roll the unit of work back, then commit what must outlive it (failed sign-ins, refused
    attempts: `kit.pending.durable`, the failure hooks) in a transaction of its own."""
    session.rollback()
    if error is not None:
        for hook in _failure_hooks:
            hook(session, error)
    if not session.info.get(AFTER_ROLLBACK_KEY):
        return
    try:
        session.commit()
    except Exception as error:  # the original error matters more; this one is logged
        session.rollback()
        logger.error("could not record work kept after a rollback: %s", type(error).__name__)


@contextmanager
def transaction(factory: sessionmaker[Session] | None = None) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error (used by the CLI)."""
    session = (factory or get_session_factory())()
    try:
        yield session
    except BaseException as error:
        _abandon(session, error)
        raise
    _finish(session)


# After a batch of long work commits, the writer steps aside this long before the next batch, so
# that requests queued on SQLite's busy timeout (which polls every 100 ms at most) get the lock.
STEP_ASIDE_SECONDS = 0.12


def commit_batch(session: Session) -> None:
    """Commit a batch of long work (an import) and, on SQLite, let queued writers in: a long
    import then holds the write lock one batch at a time, never for its whole run."""
    session.commit()
    if session.get_bind().dialect.name == "sqlite":
        time.sleep(STEP_ASIDE_SECONDS)


def _finish(session: Session) -> None:
    """Commit a request's unit of work (rolling back if the commit fails) and close it."""
    try:
        session.commit()
    except BaseException as error:
        rollback(session, error)
        raise
    finally:
        session.close()


def _abandon(session: Session, error: BaseException) -> None:
    """Roll back a request's unit of work after `error`, then close it."""
    try:
        rollback(session, error)
    finally:
        session.close()


async def get_session() -> AsyncIterator[Session]:
    """Request-scoped session; the request commits when the route returns without error, as
    `transaction` does.

    The session is made on the event loop (it has no connection until its first statement),
    and its commit or rollback and its close run together in one worker thread: a request pays
    one thread hop for its transaction instead of two (the sync generator's entry and exit)."""
    session = get_session_factory()()
    try:
        yield session
    except BaseException as error:
        with CancelScope(shield=True):  # a cancelled request still rolls back and closes
            await to_thread.run_sync(_abandon, session, error, limiter=CapacityLimiter(1))
        raise
    with CancelScope(shield=True):
        # A limiter of its own: the commit must never wait for a worker held by a request that
        # waits for this one's pooled connection.
        await to_thread.run_sync(_finish, session, limiter=CapacityLimiter(1))


# scope="function": the commit happens before the response is sent, so a redirect after a form
# post never races its own commit, and a failed commit is reported instead of lost.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
