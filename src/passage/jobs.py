"""The background jobs of every domain (like models.py for tables): `passage jobs run` and the
in-process loop of `passage serve` run these."""

from __future__ import annotations

import typer

from passage.config import get_settings
from passage.kit.jobs import Job, JobLoop, run_once

jobs_app = typer.Typer(
    help="Background jobs: webhook deliveries, scheduled pulls from partners, notification "
    "e-mails.",
    no_args_is_help=True,
)


def registered_jobs() -> list[Job]:
    """Webhook deliveries (and the purge of old delivered ones), scheduled pulls, e-mails."""
    import passage.exchange.deliveries  # noqa: F401 - registers the feed's webhook bodies
    from passage.db import get_session_factory
    from passage.exchange.jobs import pull_due
    from passage.health.notifications.service import deliver_due as deliver_mail
    from passage.webhooks.worker import deliver_due, purge_delivered

    settings = get_settings()
    poll = settings.jobs_poll_seconds
    jobs = [
        Job("webhooks.deliver", lambda: deliver_due(), poll),
        Job("exchange.pull", lambda: pull_due(), max(poll, 5.0)),
        Job("webhooks.purge", lambda: purge_delivered(), 3600.0),
    ]
    if settings.outbox_interval_seconds > 0:  # 0: mail is sent by cron (`passage health deliver`)
        mail = Job(
            "health.mail",
            lambda: sum(deliver_mail(get_session_factory()).values()),
            settings.outbox_interval_seconds,
        )
        jobs.append(mail)
    return jobs


@jobs_app.command("run")
def run(
    once: bool = typer.Option(False, help="Run every job once, print what it did, exit."),
) -> None:
    """Run the jobs until interrupted (safe beside `passage serve` and other workers)."""
    jobs = registered_jobs()
    if once:
        for name, done in run_once(jobs).items():
            typer.echo(f"{name}: {done}")
        return
    typer.echo(f"running {', '.join(job.name for job in jobs)} (Ctrl+C to stop)")
    try:
        JobLoop(jobs, get_settings().jobs_poll_seconds).run()
    except KeyboardInterrupt:
        typer.echo("stopped")
