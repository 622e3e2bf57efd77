"""Flows fixtures: a fresh database (SQLite file, or a new PostgreSQL database when configured)
that the `passage flows` commands open as the configured one."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from typer.testing import CliRunner, Result

from passage.cli import app
from passage.config import get_settings
from passage.db import get_engine, get_session_factory
from tests.conftest import BACKENDS, PG_URL, _drop_postgres_database, _postgres_database


def _clear() -> None:
    get_engine.cache_clear()
    get_session_factory.cache_clear()
    get_settings.cache_clear()


@pytest.fixture(scope="module", params=BACKENDS)
def cli_database(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[str]:
    """A new, empty database for the commands (the first command creates the schema)."""
    if request.param == "sqlite":
        url, name = f"sqlite:///{tmp_path_factory.mktemp('flows') / 'cli.db'}", None
    else:
        assert PG_URL
        url, name = _postgres_database(PG_URL)
    yield url
    if name and PG_URL:
        _drop_postgres_database(PG_URL, name)


@pytest.fixture
def flows_cli(
    cli_database: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., Result]]:
    """Run `passage flows ...` against the fresh database."""
    monkeypatch.setenv("PASSAGE_DATABASE_URL", cli_database)
    _clear()

    def run(*args: str) -> Result:
        return CliRunner().invoke(app, ["flows", *args])

    yield run
    get_engine().dispose()
    monkeypatch.undo()
    _clear()
