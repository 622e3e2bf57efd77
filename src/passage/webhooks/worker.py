"""Sending due webhook messages: claim under a lease, send outside any transaction, record the
outcome. Safe with several workers and processes (each message has one lease holder)."""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

import httpx
from sqlalchemy.orm import Session, sessionmaker

from passage import __version__
from passage.config import get_settings
from passage.db import transaction
from passage.kit.clock import utcnow
from passage.webhooks import repository, service, signing
from passage.webhooks.models import WebhookMessage

logger = logging.getLogger("passage.webhooks")
LEASE_SECONDS = 300
KEEP_DELIVERED_DAYS = 30


@dataclass(frozen=True)
class Delivery:
    """One claimed message, ready to send: where, what and with which secret."""

    message_id: uuid.UUID
    url: str
    topic: str
    body: bytes
    secret: bytes


def _owner() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _prepare(session: Session, message: WebhookMessage, owner: str) -> Delivery | None:
    """Render the body and unseal the secret; a failure there counts as a failed attempt."""
    endpoint = repository.get_endpoint(session, message.endpoint_id)
    try:
        assert endpoint is not None  # the foreign key guarantees it
        return Delivery(
            message.id,
            endpoint.url,
            message.topic,
            service.render(session, message),
            service.endpoint_secret(endpoint),
        )
    except Exception as error:  # a bad renderer must not stop the queue; recorded, retried
        values = service.outcome_values(message, None, f"could not prepare: {error}")
        repository.finish(session, message.id, owner, values)
        return None


def send(client: httpx.Client, delivery: Delivery) -> tuple[int | None, str | None]:
    """POST the body with its signature; (status code, error) where a 2xx has no error."""
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": f"Passage/{__version__}",
        signing.SIGNATURE_HEADER: signing.signature_header(
            delivery.secret, delivery.body, timestamp
        ),
        signing.DELIVERY_HEADER: str(delivery.message_id),
        signing.TOPIC_HEADER: delivery.topic,
    }
    try:
        response = client.post(delivery.url, content=delivery.body, headers=headers)
    except httpx.HTTPError as error:
        return None, f"{type(error).__name__}: {error}"[:500]
    if 200 <= response.status_code < 300:
        return response.status_code, None
    return response.status_code, f"HTTP {response.status_code}: {response.text[:300]}"


def deliver_due(
    *,
    factory: sessionmaker[Session] | None = None,
    client: httpx.Client | None = None,
    limit: int = 20,
) -> int:
    """Send every due message (at most `limit`); how many attempts were made."""
    owner, now = _owner(), utcnow()
    with transaction(factory) as session:
        if not repository.any_due(session, now):
            return 0
    with transaction(factory) as session:
        ids = repository.claim(
            session,
            owner=owner,
            now=now,
            lease_until=now + timedelta(seconds=LEASE_SECONDS),
            limit=limit,
        )
    if not ids:
        return 0
    with transaction(factory) as session:
        prepared = [_prepare(session, m, owner) for m in repository.messages(session, ids)]
    deliveries = [delivery for delivery in prepared if delivery is not None]
    outcomes = _send_all(client, deliveries)
    with transaction(factory) as session:
        sent = repository.messages(session, [delivery.message_id for delivery, _, _ in outcomes])
        by_id = {message.id: message for message in sent}
        for delivery, status_code, error in outcomes:
            _record(session, by_id[delivery.message_id], owner, status_code, error)
    return len(ids)


def purge_delivered(
    *, factory: sessionmaker[Session] | None = None, keep_days: int = KEEP_DELIVERED_DAYS
) -> int:
    """Forget messages delivered more than `keep_days` ago (each endpoint keeps its newest)."""
    with transaction(factory) as session:
        return repository.purge_delivered(session, before=utcnow() - timedelta(days=keep_days))


def _send_all(
    client: httpx.Client | None, deliveries: list[Delivery]
) -> list[tuple[Delivery, int | None, str | None]]:
    if client is not None:
        return [(delivery, *send(client, delivery)) for delivery in deliveries]
    timeout = get_settings().webhook_timeout_seconds
    with httpx.Client(timeout=timeout, follow_redirects=False) as own_client:
        return [(delivery, *send(own_client, delivery)) for delivery in deliveries]


def _record(
    session: Session,
    message: WebhookMessage,
    owner: str,
    status_code: int | None,
    error: str | None,
) -> None:
    message_id = message.id
    values = service.outcome_values(message, status_code, error)
    if not repository.finish(session, message_id, owner, values):
        logger.warning("webhook message %s: lease lost before its outcome was recorded", message_id)
    elif values.get("status") == "dead":
        logger.warning(
            "webhook message %s is dead after %s attempts", message_id, values["attempts"]
        )
