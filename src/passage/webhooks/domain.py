"""The webhooks domain: an outbox of HMAC-signed webhook messages any domain can send."""

from __future__ import annotations

from passage.access import Role
from passage.config import Settings
from passage.kit.domain import Domain
from passage.kit.jobs import Job
from passage.webhooks import api, models, web
from passage.webhooks.worker import deliver_due, purge_delivered


def webhook_jobs(settings: Settings) -> list[Job]:
    """Deliver due messages at every poll; purge old delivered ones hourly."""
    return [
        Job("webhooks.deliver", lambda: deliver_due(), settings.jobs_poll_seconds),
        Job("webhooks.purge", lambda: purge_delivered(), 3600.0),
    ]


domain = Domain(
    name="webhooks",
    summary="Webhook outbox: signed, ordered per endpoint, retried with backoff, dead letters.",
    models=(models,),
    routers=(api.router, web.router),
    permissions={"webhooks.manage": frozenset({Role.ADMIN})},
    jobs=webhook_jobs,
)
