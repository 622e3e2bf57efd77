"""The `passage` command: the shell's commands (db, serve, demo, jobs) and every installed
domain's (`Domain.commands`)."""

from __future__ import annotations

import typer

from passage.demo.cli import demo
from passage.installed import DOMAINS
from passage.jobs import jobs_app
from passage.kit.domain import Command

app = typer.Typer(
    help="Passage: health, border and mobility management. "
    "Start with `passage db upgrade`, `passage demo`, then `passage serve`.",
    no_args_is_help=True,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Create or migrate the database schema (SQLite or PostgreSQL, from PASSAGE_DATABASE_URL)."""
    from passage.db import get_engine
    from passage.migrate import upgrade

    upgrade(get_engine(), revision)
    typer.echo("database is at revision " + revision)


@app.command()
def serve(
    host: str = typer.Option(None, help="Address to bind (default PASSAGE_HOST or 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default PASSAGE_PORT or 8000)."),
    workers: int = typer.Option(1, help="Worker processes (use PostgreSQL for more than one)."),
    reload: bool = typer.Option(False, help="Restart on code changes (development)."),
    access_log: bool = typer.Option(True, help="Log every request (off for benchmarks)."),
    jobs: bool = typer.Option(
        True, help="Also run the background jobs (webhook deliveries, scheduled pulls)."
    ),
) -> None:
    """Serve the web app and the API."""
    import os

    import uvicorn

    from passage.config import get_settings

    os.environ["PASSAGE_RUN_JOBS"] = "true" if jobs else "false"  # read by every worker process
    get_settings.cache_clear()
    settings = get_settings()
    uvicorn.run(
        "passage.main:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        # a worker imports the whole app before it answers the supervisor's ping: on a busy
        # machine that takes more than uvicorn's default 5 s, and the worker was killed
        timeout_worker_healthcheck=60,
        reload=reload,
        proxy_headers=True,
        log_level="info",
    )


def _add(command: Command) -> None:
    """A domain's sub-app (`passage NAME ...`) or single command (`passage NAME`)."""
    if isinstance(command.target, typer.Typer):
        app.add_typer(command.target, name=command.name)
    else:
        app.command(command.name)(command.target)


app.add_typer(db_app, name="db")
app.command("demo")(demo)
for domain in DOMAINS:
    for command in domain.commands:
        _add(command)
app.add_typer(jobs_app, name="jobs")
