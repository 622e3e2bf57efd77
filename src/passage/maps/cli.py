"""`passage restrictions level` (being written)."""

import typer


def level_command(
    country: str = typer.Option(..., "--country", help="ISO 3166-1 alpha-3."),
    date: str = typer.Option(..., "--date", help="YYYY-MM-DD."),
) -> None:
    """Print a country's level on a date as JSON (being written)."""
    raise typer.Exit(2)
