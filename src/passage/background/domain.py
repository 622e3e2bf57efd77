"""The background domain: jobs a user starts (large imports), their progress and reports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from passage.access import STAFF_ROLES
from passage.background import api, models, service, web
from passage.kit.domain import Domain
from passage.kit.jobs import Job

if TYPE_CHECKING:
    from passage.config import Settings


def background_jobs(settings: Settings) -> Sequence[Job]:
    """Claim queued jobs (large imports) and run them in a thread of this process."""
    return (Job("background-jobs", service.run_next, interval_seconds=5.0),)


domain = Domain(
    name="background",
    summary="Jobs a user starts that run in the background (large imports): progress, report.",
    models=(models,),
    routers=(api.router, web.router),
    # every signed-in user may follow their own jobs; the service shows nobody else's
    permissions={"jobs.read": STAFF_ROLES},
    jobs=background_jobs,
)
