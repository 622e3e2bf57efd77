"""The background jobs of the installed domains: `passage jobs run` and the in-process loop of
`passage serve` run these."""

from __future__ import annotations

import typer

from passage.background import service as background
from passage.config import get_settings
from passage.installed import DOMAINS
from passage.kit.jobs import Job, JobLoop, run_once

jobs_app = typer.Typer(
    help="Background jobs: webhook deliveries, scheduled pulls from partners, notification "
    "e-mails, large imports users started.",
    no_args_is_help=True,
)


def registered_jobs() -> list[Job]:
    """Every installed domain's background jobs (webhook deliveries, pulls, e-mails ...)."""
    settings = get_settings()
    return [job for domain in DOMAINS if domain.jobs for job in domain.jobs(settings)]


@jobs_app.command("run")
def run(
    once: bool = typer.Option(False, help="Run every job once, print what it did, exit."),
) -> None:
    """Run the jobs until interrupted (safe beside `passage serve` and other workers)."""
    jobs = registered_jobs()
    if once:
        for name, done in run_once(jobs).items():
            typer.echo(f"{name}: {done}")
        background.wait_for_running()  # an import started by this run ends before it exits
        return
    typer.echo(f"running {', '.join(job.name for job in jobs)} (Ctrl+C to stop)")
    try:
        JobLoop(jobs, get_settings().jobs_poll_seconds).run()
    except KeyboardInterrupt:
        typer.echo("stopped")
