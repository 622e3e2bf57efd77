"""`passage overview` (being written)."""

import typer


def overview_command(
    date: str = typer.Option(..., "--date", help="YYYY-MM-DD."),
    format: str = typer.Option("json", "--format", help="json, csv or pdf."),
    output: str = typer.Option("", "--output", help="File to write (default stdout)."),
) -> None:
    """Print the Global Mobility Restriction Overview (being written)."""
    raise typer.Exit(2)
