"""`passage flows survey form FILE.xlsx` and `passage flows survey import FORM FILE [--point
CODE]`: define a survey from an XLSForm, import a Kobo/ODK export of it. Each rejected row on
stderr as `line N: [question: ]reason`, a JSON summary on stdout; exit 1 when a row was
rejected (the good rows are kept), 2 when a file cannot be read or the form is not known."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from passage.errors import PassageError
from passage.flows.surveys import repository, service
from passage.kit.cli import cli_transaction

survey_app = typer.Typer(help="Flow monitoring surveys: forms (XLSForm) and Kobo/ODK exports.")
UNREADABLE = 2
REJECTED_ROWS = 1


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as problem:
        typer.echo(f"error: {file}: cannot be read ({problem.strerror})", err=True)
        raise typer.Exit(UNREADABLE) from None


@survey_app.command("form")
def form_command(file: Path = typer.Argument(..., help="An XLSForm (.xlsx or .xls).")) -> None:
    """Define a survey from an XLSForm (a form with the same form_id replaces it)."""
    content = _read(file)
    try:
        with cli_transaction("flows") as session:
            survey = service.upload_form(
                session=session, content=content, filename=file.name, actor=None
            )
            summary = {"code": survey.code, "name": survey.name}
    except PassageError as problem:
        typer.echo(f"error: {file.name}: {problem.message % (problem.params or {})}", err=True)
        raise typer.Exit(UNREADABLE) from None
    typer.echo(json.dumps(summary, ensure_ascii=False))


@survey_app.command("import")
def import_command(
    form: str = typer.Argument(..., help="The survey's code (its XLSForm form_id)."),
    file: Path = typer.Argument(..., help="A Kobo or ODK export (CSV or XLSX)."),
    point: str | None = typer.Option(None, "--point", help="The point of rows naming none."),
) -> None:
    """Import a Kobo/ODK export of a survey."""
    content = _read(file)
    try:
        with cli_transaction("flows") as session:
            survey = repository.survey_by_code(session, form)
            if survey is None:
                typer.echo(f"error: no survey has the code {form!r}", err=True)
                raise typer.Exit(UNREADABLE)
            point_id = None
            if point:
                found = repository.points_by_code(session, [point]).get(point)
                if found is None:
                    typer.echo(f"error: no flow monitoring point has the code {point!r}", err=True)
                    raise typer.Exit(UNREADABLE)
                point_id = found.id
            outcome = service.import_export(
                session=session,
                survey_id=survey.id,
                content=content,
                filename=file.name,
                actor=None,
                point_id=point_id,
            )
    except PassageError as problem:
        typer.echo(f"error: {file.name}: {problem.message % (problem.params or {})}", err=True)
        raise typer.Exit(UNREADABLE) from None
    for error in outcome.report.rejected:
        question = f"{error.field}: " if error.field else ""
        typer.echo(f"line {error.line}: {question}{error.reason}", err=True)
    typer.echo(json.dumps(outcome.to_dict(), ensure_ascii=False))
    if outcome.report.rejected:
        raise typer.Exit(REJECTED_ROWS)
