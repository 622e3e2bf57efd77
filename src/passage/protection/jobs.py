"""The protection domain's background jobs: reminders of overdue follow-ups and the weekly and
monthly reports, each in its own transaction."""

from __future__ import annotations

from passage.db import transaction
from passage.protection.cases.plan import send_reminders
from passage.protection.reports.service import make_snapshots


def remind() -> int:
    """Remind case workers of their overdue follow-ups; how many reminders were made."""
    with transaction() as session:
        return send_reminders(session)


def report() -> int:
    """Store the reports of the weeks and months that ended; how many were stored."""
    with transaction() as session:
        return make_snapshots(session)
