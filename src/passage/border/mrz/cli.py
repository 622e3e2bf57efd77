"""`passage mrz parse` reads an MRZ on stdin and prints its JSON."""

from __future__ import annotations

import json
import sys
from datetime import datetime

import typer

from passage.border.mrz import MRZUnreadable, parse

EXIT_VALID, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2

mrz_app = typer.Typer(
    help="Machine readable zones (ICAO Doc 9303) of passports, ID cards and visas.",
    no_args_is_help=True,
)


@mrz_app.callback()
def mrz() -> None:
    """Machine readable zones (ICAO Doc 9303) of passports, ID cards and visas."""


@mrz_app.command("parse")
def parse_command(
    today: datetime | None = typer.Option(
        None, formats=["%Y-%m-%d"], help="Reference date for centuries and expiry (default today)."
    ),
    indent: int = typer.Option(2, min=0, help="JSON indentation (0 for one line)."),
) -> None:
    """Parse the MRZ lines on stdin; exit 0 valid, 1 a check failed, 2 unreadable."""
    text = sys.stdin.read()
    try:
        result = parse(text, today=today.date() if today else None)
    except MRZUnreadable as error:
        typer.echo(f"unreadable MRZ: {error}", err=True)
        typer.echo(json.dumps({"error": "unreadable", "message": str(error)}))
        raise typer.Exit(EXIT_UNREADABLE) from None
    typer.echo(json.dumps(result.to_dict(), indent=indent or None, ensure_ascii=False))
    raise typer.Exit(EXIT_VALID if result.valid else EXIT_INVALID)
