"""`passage demo`: load the demo world."""

from __future__ import annotations

import typer

from passage.demo.service import DEMO_PASSWORD, load_demo
from passage.kit.cli import cli_transaction


def demo(
    skip_airports: bool = typer.Option(False, help="Do not load the ~7,500 airports (faster)."),
) -> None:
    """Load deterministic demo data for every domain and one login per role (idempotent)."""
    with cli_transaction("demo world") as session:
        logins = load_demo(session, airports=not skip_airports)
    typer.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for login in logins:
        scope = login.scope_type.value + (f" {login.scope_value}" if login.scope_value else "")
        typer.echo(f"  {login.role.value:<20} {login.email:<32} scope: {scope}")
