"""Command line for entry rules: evaluate a CertLogic expression, import business rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from passage.errors import PassageError
from passage.kit.cli import cli_transaction, print_json
from passage.rules import service
from passage.rules.certlogic import CertLogicError, evaluate, validate

rules_app = typer.Typer(
    help="Entry rules (EU DCC business rules in CertLogic).", no_args_is_help=True
)

INVALID_EXIT_CODE = 2


@rules_app.callback()
def rules_callback() -> None:
    """Entry rules (EU DCC business rules in CertLogic)."""


def _fail(message: str) -> typer.Exit:
    """Print a message on stderr and return the exit to raise."""
    typer.echo(message, err=True)
    return typer.Exit(INVALID_EXIT_CODE)


def _read_json(path: Path, what: str) -> Any:
    """Parse a JSON file, turning unreadable or malformed input into exit code 2."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _fail(f"cannot read {what} from {path}: {error}") from error


@rules_app.command("eval")
def eval_command(
    logic: Annotated[
        Path, typer.Option("--logic", help="JSON file with the CertLogic expression.")
    ],
    data: Annotated[Path, typer.Option("--data", help="JSON file with the data context.")],
) -> None:
    """Evaluate a CertLogic expression against a data context and print the result as JSON."""
    expression = _read_json(logic, "logic")
    context = _read_json(data, "data")
    errors = validate(expression)
    if errors:
        raise _fail("invalid CertLogic expression:\n" + "\n".join(f"  {e}" for e in errors))
    try:
        result = evaluate(expression, context)
    except CertLogicError as error:
        raise _fail(f"evaluation error: {error}") from error
    typer.echo(json.dumps(result, ensure_ascii=False))


@rules_app.command("import")
def import_command(
    file: Annotated[
        Path, typer.Argument(help="JSON file with one EU DCC business rule or a list of them.")
    ],
) -> None:
    """Import business rules, all or nothing: JSON report on stdout, exit 1 if any is refused."""
    documents = _read_json(file, "rules")
    with cli_transaction("rules import") as session:
        try:
            report = service.import_rules(session=session, documents=documents, uploaded_by="cli")
        except PassageError as error:
            raise _fail(f"cannot import {file}: {error.message}") from error
    print_json(report.to_dict())
    for reason in report.reasons():
        typer.echo(reason, err=True)
    if not report.ok:
        raise typer.Exit(1)
