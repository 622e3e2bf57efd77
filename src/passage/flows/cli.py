"""`passage flows import FILE.csv` and `passage flows alerts [--point P] [--from PERIOD]
[--to PERIOD]`; `passage flows survey form|import` (`flows/surveys/cli.py`).

import: each rejected row on stderr as `line N: [column: ]reason`, a JSON summary on stdout;
exit 1 when a row was rejected (the good rows are kept), 2 when the file cannot be read.
alerts: a JSON list on stdout. A new, empty database is created at the current schema first
(so the commands work on any CSV without a set-up step); a database behind the schema is left
alone with a message to run `passage db upgrade` (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from sqlalchemy import inspect

from passage.db import get_engine
from passage.flows import alerts, crossings, imports
from passage.flows.engine import Period
from passage.flows.reading import Unreadable, read_period
from passage.flows.surveys.cli import survey_app
from passage.kit.cli import cli_transaction, print_json
from passage.migrate import upgrade

flows_app = typer.Typer(help="Flow monitoring: import count series, list alerts.")
flows_app.add_typer(survey_app, name="survey")
UNREADABLE = 2
REJECTED_ROWS = 1


def _ready() -> None:
    """Create the schema in a new database; refuse one that is behind."""
    engine = get_engine()
    tables = set(inspect(engine).get_table_names())
    if not tables:
        typer.echo("note: new database, creating the schema", err=True)
        upgrade(engine)
    elif {"flow_counts", "flow_surveys"} - tables:
        typer.echo("error: the database is behind; run `passage db upgrade`", err=True)
        raise typer.Exit(UNREADABLE)


@survey_app.callback()
def survey_ready() -> None:
    """Flow monitoring surveys: forms (XLSForm) and Kobo/ODK exports."""
    _ready()


@flows_app.command("import")
def import_command(file: Path = typer.Argument(..., help="A CSV of counts.")) -> None:
    """Import counts: columns point, period, count; optional direction, nationality, sex,
    age_band (and origin, destination, transport, vulnerability)."""
    try:
        content = file.read_bytes()
    except OSError as problem:
        typer.echo(f"error: {file}: cannot be read ({problem.strerror})", err=True)
        raise typer.Exit(UNREADABLE) from None
    _ready()
    try:
        with cli_transaction("flows") as session:
            outcome = imports.import_counts(session, content=content, filename=file.name)
    except Unreadable as problem:
        typer.echo(f"error: {file.name}: {problem}", err=True)
        raise typer.Exit(UNREADABLE) from None
    for error in outcome.report.rejected:
        column = f"{error.field}: " if error.field else ""
        typer.echo(f"line {error.line}: {column}{error.reason}", err=True)
    summary = outcome.to_dict()
    typer.echo(json.dumps(summary, ensure_ascii=False))
    if outcome.report.rejected:
        raise typer.Exit(REJECTED_ROWS)


def _period(value: str | None) -> Period | None:
    if value is None:
        return None
    try:
        return read_period(value)
    except ValueError as problem:
        raise typer.BadParameter(str(problem)) from None


@flows_app.command("alerts")
def alerts_command(
    point: str | None = typer.Option(None, "--point", help="A point's code or label."),
    start: str | None = typer.Option(None, "--from", help="First period (day, week or month)."),
    end: str | None = typer.Option(None, "--to", help="Last period (day, week or month)."),
) -> None:
    """The alerts of every series (a point's total per period), as a JSON list."""
    first, last = _period(start), _period(end)
    _ready()
    with cli_transaction("flows") as session:
        found = alerts.judge(session, point=point, start=first, end=last)
    print_json(found)


@flows_app.command("crossings")
def crossings_command() -> None:
    """Count again the border crossings of every point linked to a point of entry (they are
    counted as they are registered; this rebuilds the counts, never adding to them)."""
    _ready()
    with cli_transaction("flows") as session:
        done = crossings.sync_all(session)
    print_json(done)
