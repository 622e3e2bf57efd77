"""The `passage` command: each domain registers its own sub-app here."""

from __future__ import annotations

import typer

import passage.installed  # noqa: F401 - declares the permissions (transitional)
from passage.audit.cli import audit_app
from passage.auth.cli import users_app
from passage.border.alerts.cli import alerts_app
from passage.border.mrz.cli import mrz_app
from passage.demo.cli import demo
from passage.exchange.cli import exchange_app
from passage.geo.cli import poe_app
from passage.health.cli import certificates_app, health_app
from passage.jobs import jobs_app
from passage.journeys.cli import journeys_app
from passage.overview.cli import overview_command
from passage.restrictions.cli import restrictions_app
from passage.rules.cli import rules_app

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
        reload=reload,
        proxy_headers=True,
        log_level="info",
    )


app.add_typer(db_app, name="db")
app.command("demo")(demo)
app.add_typer(users_app, name="users")
app.add_typer(poe_app, name="poe")
app.add_typer(audit_app, name="audit")
app.add_typer(restrictions_app, name="restrictions")
app.add_typer(alerts_app, name="alerts")
app.add_typer(rules_app, name="rules")
app.add_typer(journeys_app, name="journeys")
app.add_typer(mrz_app, name="mrz")
app.add_typer(certificates_app, name="certificates")
app.add_typer(health_app, name="health")
app.command("overview")(overview_command)
app.add_typer(exchange_app, name="exchange")
app.add_typer(jobs_app, name="jobs")
