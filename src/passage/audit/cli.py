"""`passage audit`: verify the chain (against exported checkpoints), make and export checkpoints."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from passage.audit import service
from passage.errors import PassageError
from passage.kit.cli import cli_transaction

audit_app = typer.Typer(help="Check and anchor the audit trail.", no_args_is_help=True)

CHECKPOINTS_HELP = "Checkpoints exported earlier (JSON lines), kept where the database is not."
TRUST_HELP = "The deployment's keys document (/.well-known/passage-keys.json) kept apart."


@audit_app.command("verify")
def verify(
    checkpoints: Path | None = typer.Option(None, "--checkpoints", help=CHECKPOINTS_HELP),
    trust: Path | None = typer.Option(None, "--trust", help=TRUST_HELP),
) -> None:
    """Chain the entries waiting to be chained, then verify the chain, its MACs and seals, its
    head and its checkpoints; exit 1 at the first problem."""
    try:
        given = service.read_checkpoints(checkpoints.read_text("utf-8")) if checkpoints else []
        trusted = json.loads(trust.read_text("utf-8")) if trust else None
    except (OSError, ValueError, PassageError) as error:
        typer.echo(f"error: {getattr(error, 'message', error)}", err=True)
        raise typer.Exit(2) from None
    with cli_transaction("audit verification") as session:
        report = service.verify(session, checkpoints=given, trusted=trusted)
    if report.pending:
        typer.echo(
            f"chained {report.pending} waiting entr{'y' if report.pending == 1 else 'ies'} first "
            f"(the oldest had waited {report.oldest_pending_seconds:.0f} s)"
        )
    if report.oldest_pending_seconds > service.PENDING_BOUND_SECONDS:
        typer.echo(
            f"warning: entries waited longer than {service.PENDING_BOUND_SECONDS:.0f} s to be "
            "chained: is the job loop running (`passage serve` or `passage jobs run`)?",
            err=True,
        )
    if report.ok:
        typer.echo(
            f"ok: {report.checked} entries, chain intact, "
            f"{report.checkpoints} checkpoint(s) matched"
        )
        return
    problem = report.problem
    assert problem is not None
    typer.echo(f"BROKEN at seq {problem.seq} ({problem.kind}): {problem.message}", err=True)
    if problem.entry_id:
        typer.echo(f"entry id: {problem.entry_id}", err=True)
    raise typer.Exit(1)


@audit_app.command("checkpoint")
def checkpoint(
    output: Path | None = typer.Option(None, "--output", help="Append the line to this file."),
) -> None:
    """Sign a checkpoint of the head now and print it (one JSON line) to keep elsewhere."""
    with cli_transaction("audit anchoring") as session:
        row = service.make_checkpoint(session=session)
        line = service.export_line(row)
    if output:
        with output.open("a", encoding="utf-8") as out:
            out.write(line + "\n")
    typer.echo(line)


@audit_app.command("checkpoints")
def checkpoints_export(
    limit: int = typer.Option(1000, "--limit", min=1, help="How many, newest first."),
) -> None:
    """Print the checkpoints kept in the database, one JSON line each (newest first)."""
    with cli_transaction("audit anchoring") as session:
        lines = [c.to_line() for c in service.list_checkpoints(session=session, limit=limit)]
    for line in lines:
        typer.echo(line)
