"""`passage overview`: the Global Mobility Restriction Overview as JSON, CSV or PDF."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import typer
from sqlalchemy.orm import Session

from passage.kit.cli import cli_transaction, print_json
from passage.overview.service import build_overview, export_overview

FORMATS = ("json", "csv", "pdf")


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(f"--date must be YYYY-MM-DD, got {value!r}") from None


def _emit(content: str | bytes, output: str) -> None:
    if output:
        path = Path(output)
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(
            content, "utf-8"
        )
        typer.echo(f"wrote {path}", err=True)
    elif isinstance(content, bytes):
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(content)


def write_overview(
    session: Session, *, on: date, format: str, output: str, stale_days: int
) -> None:
    """Build the overview and write it in a format; CSV and PDF are audited as exports."""
    if format != "json":
        content = export_overview(session=session, on=on, stale_days=stale_days, format=format)
        _emit(content, output)
        return
    overview = build_overview(session=session, on=on, stale_days=stale_days)
    if output:
        _emit(json.dumps(overview, indent=2, ensure_ascii=False) + "\n", output)
    else:
        print_json(overview)


def overview_command(
    date: str = typer.Option(..., "--date", help="YYYY-MM-DD."),
    format: str = typer.Option("json", "--format", help="json, csv or pdf."),
    output: str = typer.Option("", "--output", help="File to write (default stdout)."),
    stale_days: int = typer.Option(30, "--stale-days", min=1, help="Days before data is stale."),
) -> None:
    """Print or write the Global Mobility Restriction Overview for a date."""
    on = _parse_date(date)
    if format not in FORMATS:
        raise _fail(f"--format must be one of {', '.join(FORMATS)}")
    if format == "pdf" and not output and sys.stdout.isatty():
        raise _fail("a PDF is binary: give --output FILE or redirect stdout")
    with cli_transaction("overview") as session:
        write_overview(session, on=on, format=format, output=output, stale_days=stale_days)
