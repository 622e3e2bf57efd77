"""`passage alerts`: import alert lists from CSV and show the lists."""

from __future__ import annotations

import uuid
from pathlib import Path

import typer

from passage.border.alerts import service
from passage.db import commit_batch
from passage.errors import PassageError
from passage.kit.cli import cli_transaction, print_json

alerts_app = typer.Typer(help="Alert lists: import and screening.", no_args_is_help=True)


@alerts_app.callback()
def alerts_callback() -> None:
    """Alert lists: import and screening."""


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


@alerts_app.command("import")
def import_command(
    file: Path = typer.Argument(..., help="CSV file of persons or documents."),
    list_name: str = typer.Option(..., "--list", help="Name of the list (created if missing)."),
    kind: str = typer.Option(..., "--kind", help="person or document."),
) -> None:
    """Import a CSV into a list; prints a JSON report, exits 1 on rejected rows, 2 if unreadable."""
    if kind not in ("person", "document"):
        raise _fail("--kind must be person or document")
    try:
        content = file.read_bytes()
    except OSError as error:
        raise _fail(f"cannot read {file}: {error.strerror or error}") from None
    try:
        with cli_transaction("alert list import") as session:
            result = service.import_into_named_list(
                session=session,
                name=list_name,
                kind=kind,
                content=content,
                checkpoint=lambda: commit_batch(session),
            )
            list_id = str(result.alert_list.id)
    except PassageError as error:
        raise _fail(error.message) from None
    print_json({"list_id": list_id, "list_created": result.list_created, **result.report.to_dict()})
    for row_error in result.report.rejected:
        typer.echo(f"line {row_error.line}: {row_error.reason}", err=True)
    if result.report.rejected:
        raise typer.Exit(1)


@alerts_app.command("share")
def share_command(
    list_id: str = typer.Argument(..., help="Id of the list."),
    poe: list[str] = typer.Option([], "--poe", help="Id of a point of entry (repeat for more)."),
    every_post: bool = typer.Option(False, "--every-post", help="Share with every post."),
) -> None:
    """Set which posts' field nodes receive a list; the others remove it at their next sync."""
    if every_post == bool(poe):
        raise _fail("give --poe (one or more) or --every-post")
    try:
        poe_ids = None if every_post else [uuid.UUID(value) for value in poe]
        with cli_transaction("alert list sharing") as session:
            alert_list = service.share_list(
                session=session, list_id=uuid.UUID(list_id), poe_ids=poe_ids
            )
            shared = alert_list.shared_poe_ids
    except ValueError:
        raise _fail("not an id") from None
    except PassageError as error:
        raise _fail(error.message) from None
    print_json({"list_id": list_id, "shared_poe_ids": shared})


@alerts_app.command("lists")
def lists_command() -> None:
    """Print every alert list with its entry counts as JSON."""
    with cli_transaction("alert lists") as session:
        lists = [item.model_dump(mode="json") for item in service.list_lists(session=session)]
    print_json(lists)
