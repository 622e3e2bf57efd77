"""`passage restrictions import`: OxCGRT CSV or the Passage template, one pipeline."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress

from passage.db import commit_batch
from passage.kit.cli import cli_transaction, print_json
from passage.restrictions.imports import pipeline
from passage.restrictions.imports.parsing import FileError, Parsed

PROGRESS_FROM = 1000  # candidates; smaller imports finish before a bar would help
SPINNER_FROM = 1_000_000  # bytes; reading a file this large takes a noticeable moment


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for large imports (None for small ones)."""
    if total < PROGRESS_FROM:
        yield None
        return
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("importing measures", total=total)
        yield lambda n: progress.advance(task, n)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def _parse(
    countries: set[str], content: bytes, file: Path, format: str, effective_from: datetime | None
) -> Parsed:
    """Parse with a spinner for large files; an unreadable file exits 2."""
    reading = Console(stderr=True).status(f"reading {file.name}")
    try:
        with reading if len(content) >= SPINNER_FROM else nullcontext():
            return pipeline.parse_file(
                content=content,
                file_name=file.name,
                format=format,
                known_countries=countries,
                effective_from=effective_from.date() if effective_from else None,
            )
    except FileError as error:
        raise _fail(str(error)) from None


def import_command(
    file: Path = typer.Argument(..., help="CSV or XLSX file to import."),
    format: str = typer.Option(
        "passage",
        "--format",
        help="oxcgrt (OxCGRT v1 CSV), passage (template as .csv, .xlsx or HXL-tagged CSV) "
        "or visa (requirements by passport and destination, tidy or matrix CSV).",
    ),
    effective_from: datetime | None = typer.Option(
        None,
        "--effective-from",
        formats=["%Y-%m-%d"],
        help="visa: the day the requirements hold from (else a Date column or a date in the "
        "file name).",
    ),
) -> None:
    """Import measures; prints a JSON report, exits 1 if rows were rejected, 2 if unreadable."""
    try:
        content = file.read_bytes()
    except OSError as error:
        raise _fail(f"cannot read {file}: {error.strerror or error}") from None
    with cli_transaction("restrictions import") as session:
        countries = pipeline.known_countries(session)
        session.commit()  # parse outside any transaction: SQLite's write lock stays free
        parsed = _parse(countries, content, file, format, effective_from)
        with _progress(len(parsed.candidates)) as progress:
            report = pipeline.import_measures(
                session=session,
                parsed=parsed,
                source=file.name,
                format=format,
                progress=progress,
                checkpoint=lambda: commit_batch(session),
            )
    print_json(report.to_dict())
    for row_error in report.rejected:
        typer.echo(f"line {row_error.line}: {row_error.reason}", err=True)
    if report.rejected:
        raise typer.Exit(1)
