"""`passage poe`: load and import points of entry."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import Progress

from passage.db import commit_batch
from passage.errors import Invalid
from passage.geo import service
from passage.kit.cli import cli_transaction, print_json
from passage.kit.imports import ImportStopped

poe_app = typer.Typer(
    help="Points of entry: import crossings, load airports.", no_args_is_help=True
)


@poe_app.command("import")
def import_csv(
    file: Path = typer.Argument(
        ...,
        exists=True,
        dir_okay=False,
        help="CSV with columns code,name,kind,country,admin_area,latitude,longitude[,iata,icao].",
    ),
) -> None:
    """Import land, sea and other crossings; prints a JSON report, exits 1 if rows were rejected,
    2 if the file is not a crossings CSV."""
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        typer.echo("error: the file is not UTF-8 text", err=True)
        raise typer.Exit(2) from None
    try:
        with cli_transaction("reference data import") as session:
            report = service.import_poes_csv(
                session=session,
                text=text,
                source=file.name,
                checkpoint=lambda: commit_batch(session),
            )
    except Invalid as refused:  # not a crossings file: nothing was imported
        typer.echo(f"error: {refused.message}", err=True)
        raise typer.Exit(2) from None
    except ImportStopped as stopped:  # the batches written before are kept
        typer.echo(f"error: {stopped.message}", err=True)
        raise typer.Exit(2) from None
    print_json(report.to_dict())
    for error in report.rejected:
        typer.echo(f"line {error.line}: {error.reason}", err=True)
    if report.rejected:
        raise typer.Exit(1)


@poe_app.command("load-reference")
def load_reference() -> None:
    """Load countries (HDX taxonomy, UN M49) and airports (airportsdata); idempotent."""
    with cli_transaction("reference data import") as session, Progress() as progress:
        countries = service.load_countries(session=session)
        task = progress.add_task("airports", total=None)
        airports = service.load_airports(
            session=session, progress=lambda n: progress.advance(task, n)
        )
    print_json({"countries": countries.to_dict(), "airports": airports.to_dict()})
