"""`passage restrictions`: import measures, a country's level on a date."""

from __future__ import annotations

from datetime import date as Date

import typer

from passage.errors import PassageError
from passage.kit.cli import cli_transaction, print_json
from passage.restrictions import service
from passage.restrictions.imports.cli import import_command
from passage.restrictions.schemas import LevelRead

restrictions_app = typer.Typer(help="Travel restrictions: import, levels.", no_args_is_help=True)
restrictions_app.command("import")(import_command)


def _parse_date(value: str) -> Date:
    try:
        return Date.fromisoformat(value.strip())
    except ValueError:
        typer.echo(f"error: --date must be a date as YYYY-MM-DD, not {value!r}", err=True)
        raise typer.Exit(2) from None


@restrictions_app.command("level")
def level_command(
    country: str = typer.Option(..., "--country", help="ISO 3166-1 alpha-3."),
    date: str = typer.Option(..., "--date", help="YYYY-MM-DD."),
) -> None:
    """Print a country's level on a date as JSON (level null: no data); exit 2 on bad input."""
    on = _parse_date(date)
    try:
        with cli_transaction("restrictions level") as session:
            answer = service.level_on(session=session, country=country, on=on)
    except PassageError as error:
        typer.echo(f"error: {error.message}", err=True)
        raise typer.Exit(2) from None
    print_json(LevelRead(**answer).model_dump(mode="json"))
