"""The embedded SQLite database under concurrent writers: a transaction that reads first and
writes later must wait for another writer, never fail with "database is locked"."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from passage.db import make_engine, transaction


def test_sqlite_transactions_that_read_then_write_wait_for_each_other(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'concurrent.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE counter (n INTEGER NOT NULL)"))
        connection.execute(text("INSERT INTO counter VALUES (0)"))
    factory = sessionmaker(bind=engine)
    both_read = threading.Barrier(2)
    errors: list[BaseException] = []

    def read_then_write() -> None:
        try:
            with transaction(factory) as session:
                n = session.execute(text("SELECT n FROM counter")).scalar_one()
                # The other reads meanwhile if it can; if it cannot (it waits for this
                # transaction, as it should) the barrier breaks after a second.
                with contextlib.suppress(threading.BrokenBarrierError):
                    both_read.wait(timeout=1)
                session.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=read_then_write) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    with engine.connect() as connection:
        # no lost update either: each transaction saw the other's result
        assert connection.execute(text("SELECT n FROM counter")).scalar_one() == 2
    engine.dispose()
