"""Throw-away databases for benchmarks: SQLite in a folder, or a PostgreSQL database created and
dropped on the given server."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from passage.db import make_engine


@contextmanager
def fresh_database(workdir: Path, postgres_url: str | None) -> Iterator[str]:
    """Yield the URL of an empty database; a PostgreSQL one is created and dropped here."""
    if not postgres_url:
        yield f"sqlite:///{workdir / 'bench.db'}"
        return
    server = make_url(postgres_url)
    name = "passage_bench_" + secrets.token_hex(4)
    admin = make_engine(
        server.set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
