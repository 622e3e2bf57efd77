"""Throw-away databases for benchmarks: SQLite in a folder, or a PostgreSQL database created and
dropped on the given server."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


@contextmanager
def fresh_database(workdir: Path, postgres_url: str | None) -> Iterator[str]:
    """Yield the URL of an empty database; a PostgreSQL one is created and dropped here."""
    if not postgres_url:
        yield f"sqlite:///{workdir / 'bench.db'}"
        return
    admin_url = make_url(postgres_url.replace("postgresql://", "postgresql+psycopg://", 1))
    name = "passage_bench_" + secrets.token_hex(4)
    admin = create_engine(admin_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
