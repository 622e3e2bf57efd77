"""`passage restrictions import` (being written)."""

import typer


def import_command(
    file: str = typer.Argument(..., help="File to import."),
    format: str = typer.Option("passage", "--format", help="oxcgrt or passage"),
) -> None:
    """Import measures (being written)."""
    raise typer.Exit(2)
