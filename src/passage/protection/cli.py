"""`passage protection ...`: import Kobo/ODK submissions, re-score with a model's new version,
send reminders, store the reports."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from passage.access import Principal
from passage.border.referrals import service as border_referrals
from passage.db import transaction
from passage.protection.cases import plan, screening
from passage.protection.reports.service import make_snapshots
from passage.protection.scoring import service as scoring
from passage.protection.scoring.xlsform import FormProblems, read_form

protection_app = typer.Typer(
    help="Protection: scoring, imports, reminders, reports.", no_args_is_help=True
)
SYSTEM = Principal(user_id=None, label="command line")


@protection_app.command("models")
def models() -> None:
    """Store the shipped scoring models if missing, then list the current versions (JSON)."""
    with transaction() as session:
        scoring.ensure_shipped(session)
        rows = [
            {"code": r.code, "version": r.version_no, "name": r.name}
            for r in scoring.current_models(session)
        ]
    typer.echo(json.dumps(rows, indent=2))


@protection_app.command("rescore")
def rescore(code: str) -> None:
    """Score every case again with the current version of a model."""
    with transaction() as session:
        count = screening.rescore_all(session=session, model_code=code)
    typer.echo(json.dumps({"model": code, "cases": count}))


@protection_app.command("remind")
def remind() -> None:
    """Remind case workers of overdue follow-ups (the background job does this hourly)."""
    with transaction() as session:
        typer.echo(json.dumps({"reminders": plan.send_reminders(session)}))


@protection_app.command("reports")
def reports() -> None:
    """Store the reports of the weeks and months that ended."""
    with transaction() as session:
        typer.echo(json.dumps({"stored": make_snapshots(session)}))


@protection_app.command("notify-webhook")
def notify_webhook(name: str, url: str) -> None:
    """Tell a webhook endpoint of every new referral (no personal data); prints its secret."""
    with transaction() as session:
        secret = border_referrals.subscribe(session=session, name=name, url=url)
    typer.echo(json.dumps({"topic": border_referrals.NEW_REFERRALS_TOPIC, "secret": secret}))


@protection_app.command("check-form")
def check_form(path: Path) -> None:
    """Read an XLSForm and print the scoring model it defines (or each problem with its row)."""
    try:
        typer.echo(json.dumps(read_form(path.read_bytes(), path.name), indent=2))
    except FormProblems as error:
        for problem in error.problems:
            typer.echo(problem, err=True)
        raise typer.Exit(1) from None
