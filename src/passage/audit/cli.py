"""`passage audit`: verify the hash chain."""

from __future__ import annotations

import typer

from passage.audit import service
from passage.kit.cli import cli_transaction

audit_app = typer.Typer(help="Check the audit trail.", no_args_is_help=True)


@audit_app.command("verify")
def verify() -> None:
    """Verify the hash chain; exit 1 at the first altered, inserted or deleted entry."""
    with cli_transaction() as session:
        report = service.verify(session)
    if report.ok:
        typer.echo(f"ok: {report.checked} entries, chain intact")
        return
    problem = report.problem
    assert problem is not None
    typer.echo(f"BROKEN at seq {problem.seq} ({problem.kind}): {problem.message}", err=True)
    if problem.entry_id:
        typer.echo(f"entry id: {problem.entry_id}", err=True)
    raise typer.Exit(1)
