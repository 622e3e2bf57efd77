"""Command line of port health: ``passage health ...`` (screening criteria, outbox delivery, and
the DCC trust imports of `passage.dcc.cli`, which keep their place in this group)."""

from __future__ import annotations

import json

import typer

from passage.db import get_session_factory, transaction
from passage.dcc.cli import HEALTH_COMMANDS
from passage.health.notifications.service import deliver_due
from passage.health.screening import criteria
from passage.health.screening.schemas import CriteriaRead

health_app = typer.Typer(
    help="Port health: DCC trust lists and value sets, screening criteria, e-mail delivery.",
    no_args_is_help=True,
)
for name, command in HEALTH_COMMANDS:
    health_app.command(name)(command)


@health_app.callback()
def health() -> None:
    """Port health: DCC trust lists and value sets, screening criteria, e-mail delivery."""


@health_app.command("criteria")
def criteria_list() -> None:
    """Print the current screening criteria of every disease as JSON."""
    with transaction() as session:
        rows = [
            CriteriaRead.model_validate(r).model_dump(mode="json")
            for r in criteria.current(session)
        ]
    typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))


@health_app.command("deliver")
def deliver() -> None:
    """Send the notification e-mails that are due (for a cron job instead of the server)."""
    typer.echo(json.dumps(deliver_due(get_session_factory())))
