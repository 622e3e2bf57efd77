"""Feed entries pushed to subscribers: webhook endpoints of topic `exchange.feed` receive every
new entry, in cursor order, in batches of at most BATCH entries (the generic outbox does the
sending, retries and dead letters)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from passage.config import get_settings
from passage.exchange import repository
from passage.exchange.entries import signed_entry
from passage.webhooks import repository as webhook_repository
from passage.webhooks import service as webhooks
from passage.webhooks.models import WebhookEndpoint

TOPIC = "exchange.feed"
BATCH = 100


def enqueue_entries(
    session: Session,
    *,
    after: int,
    until: int,
    endpoints: Sequence[WebhookEndpoint] | None = None,
) -> int:
    """Queue the entries after < cursor <= until for the active subscribers (or `endpoints`)."""
    targets = (
        webhook_repository.endpoints(session, TOPIC, active_only=True)
        if endpoints is None
        else endpoints
    )
    queued = 0
    for endpoint in targets:
        for start in range(after, until, BATCH):
            end = min(start + BATCH, until)
            payload = {"after": start, "until": end}
            webhooks.enqueue(session, endpoint=endpoint, payload=payload, sequence=end)
            queued += 1
    return queued


def deployment(session: Session) -> dict[str, str]:
    """This deployment's id and name, as feed pages and deliveries name it."""
    return {
        "id": str(repository.deployment_id(session)),
        "name": get_settings().deployment_name,
    }


def render_entries(session: Session, payload: dict[str, Any]) -> bytes:
    """The body of a delivery: the signed entries of the message's cursor range."""
    after, until = int(payload["after"]), int(payload["until"])
    entries = repository.entries_between(session, after=after, until=until)
    body = {
        "deployment": deployment(session),
        "after": after,
        "until": until,
        "entries": [signed_entry(entry.payload, entry.signature) for entry in entries],
    }
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def install() -> None:
    """Let the webhook outbox render the feed's messages (their bodies are built when sent)."""
    webhooks.register_renderer(TOPIC, render_entries)
