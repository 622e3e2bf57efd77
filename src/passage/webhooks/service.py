"""Webhook endpoints and the outbox: enqueue in the caller's transaction, render at send time,
exponential backoff, dead letters and their retry. Flushes only.

Any domain can send webhooks through this module: create an endpoint for its topic, then
`enqueue(session, endpoint=..., payload=...)` inside the transaction that makes the change.
A topic may register a renderer that builds the body at send time from a small payload (the
exchange renders feed entries from a cursor range); without one the payload is the body.
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from pydantic import AnyHttpUrl, TypeAdapter, ValidationError
from sqlalchemy.orm import Session

from passage.config import get_settings
from passage.errors import Conflict, Invalid, NotFound
from passage.kit import audit
from passage.kit.clock import utcnow
from passage.kit.jobs import wake_after_commit
from passage.kit.secretbox import seal, unseal
from passage.webhooks import repository
from passage.webhooks.models import WebhookEndpoint, WebhookMessage
from passage.webhooks.schemas import DeadLetterRead

Renderer = Callable[[Session, dict[str, Any]], bytes]
_renderers: dict[str, Renderer] = {}
_url = TypeAdapter(AnyHttpUrl)


def register_renderer(topic: str, renderer: Renderer) -> None:
    """Build the bodies of a topic's messages at send time with `renderer`."""
    _renderers[topic] = renderer


def render(session: Session, message: WebhookMessage) -> bytes:
    """The body to send for a message."""
    renderer = _renderers.get(message.topic)
    if renderer is None:
        return json.dumps(message.payload, ensure_ascii=False).encode("utf-8")
    return renderer(session, message.payload)


def check_url(url: str) -> str:
    """An absolute http(s) URL, or Invalid naming the url field."""
    try:
        _url.validate_python(url)
    except ValidationError:
        raise Invalid("give an absolute http:// or https:// address", field="url") from None
    return url.strip()


def create_endpoint(
    *, session: Session, topic: str, name: str, url: str, secret: str | None = None
) -> tuple[WebhookEndpoint, str]:
    """A new endpoint of a topic; returns it with its secret (generated when not given)."""
    if repository.endpoint_by_name(session, topic, name.strip()):
        raise Conflict(
            "an endpoint named '%(name)s' already exists", params={"name": name}, field="name"
        )
    secret = secret or secrets.token_urlsafe(32)
    if len(secret) < 16:
        raise Invalid("a shared secret has at least 16 characters", field="secret")
    endpoint = WebhookEndpoint(
        topic=topic, name=name.strip(), url=check_url(url), secret_sealed=seal(secret.encode())
    )
    repository.add(session, endpoint)
    session.flush()
    audit.record(session, action="create", object_type="webhook_endpoint", object_id=endpoint.id)
    return endpoint, secret


def get_endpoint(*, session: Session, endpoint_id: uuid.UUID, topic: str) -> WebhookEndpoint:
    """An endpoint of a topic, or NotFound."""
    endpoint = repository.get_endpoint(session, endpoint_id)
    if endpoint is None or endpoint.topic != topic:
        raise NotFound("no such webhook endpoint")
    return endpoint


def set_active(*, session: Session, endpoint: WebhookEndpoint, active: bool) -> None:
    """Pause or resume an endpoint (paused endpoints get no new messages)."""
    endpoint.is_active = active
    session.flush()
    audit.record(
        session,
        action="update",
        object_type="webhook_endpoint",
        object_id=endpoint.id,
        details={"is_active": active},
    )


def endpoint_secret(endpoint: WebhookEndpoint) -> bytes:
    """The endpoint's shared secret."""
    return unseal(endpoint.secret_sealed)


def enqueue(
    session: Session,
    *,
    endpoint: WebhookEndpoint,
    payload: dict[str, Any],
    sequence: int | None = None,
) -> WebhookMessage:
    """Queue a message for an endpoint; it is sent after the transaction commits."""
    message = WebhookMessage(
        endpoint_id=endpoint.id,
        topic=endpoint.topic,
        payload=payload,
        sequence=sequence,
        status="pending",
        attempts=0,
        next_attempt_at=utcnow(),
    )
    repository.add(session, message)
    wake_after_commit(session)
    return message


def announce(session: Session, *, topic: str, payload: dict[str, Any]) -> int:
    """Queue a message for every active endpoint of a topic; how many (none configured: 0)."""
    found = repository.endpoints(session, topic, active_only=True)
    for endpoint in found:
        enqueue(session, endpoint=endpoint, payload=payload)
    return len(found)


def backoff_seconds(attempts: int) -> float:
    """Wait before the next try after `attempts` failures: base x 2^(attempts-1), capped."""
    settings = get_settings()
    delay = settings.webhook_retry_base_seconds * 2 ** max(0, attempts - 1)
    return float(min(delay, settings.webhook_retry_max_seconds))


def outcome_values(message: WebhookMessage, status_code: int | None, error: str | None) -> dict:
    """The columns to record after one attempt: delivered, retry later, or dead."""
    now = utcnow()
    if error is None and status_code is not None and 200 <= status_code < 300:
        return {"status": "delivered", "delivered_at": now, "attempts": message.attempts + 1,
                "last_status_code": status_code, "last_error": None}  # fmt: skip
    attempts = message.attempts + 1
    values: dict[str, Any] = {
        "attempts": attempts,
        "last_status_code": status_code,
        "last_error": (error or f"HTTP {status_code}")[:500],
    }
    if attempts >= get_settings().webhook_max_attempts:
        return values | {"status": "dead", "dead_at": now}
    return values | {"next_attempt_at": now + timedelta(seconds=backoff_seconds(attempts))}


def _dead_message(session: Session, message_id: uuid.UUID) -> WebhookMessage:
    message = repository.get_message(session, message_id)
    if message is None:
        raise NotFound("no such message")
    if message.status != "dead":
        raise Conflict("this message is %(status)s, not dead", params={"status": message.status})
    return message


def retry_dead(*, session: Session, message_id: uuid.UUID) -> WebhookMessage:
    """Put a dead message back in the queue, due now, with its attempts counted afresh."""
    message = _dead_message(session, message_id)
    message.status, message.attempts, message.dead_at = "pending", 0, None
    message.next_attempt_at = utcnow()
    session.flush()
    audit.record(
        session, action="webhook.retry", object_type="webhook_message", object_id=message.id
    )
    return message


def discard_dead(*, session: Session, message_id: uuid.UUID) -> WebhookMessage:
    """Give up on a dead message for good (it leaves the dead-letter list)."""
    message = _dead_message(session, message_id)
    message.status = "discarded"
    session.flush()
    audit.record(
        session, action="webhook.discard", object_type="webhook_message", object_id=message.id
    )
    return message


def dead_letter_reads(session: Session, topic: str | None) -> list[DeadLetterRead]:
    """Dead messages with their endpoint, newest first."""
    return [
        DeadLetterRead(
            id=message.id,
            endpoint=endpoint.name,
            topic=message.topic,
            url=endpoint.url,
            attempts=message.attempts,
            last_status_code=message.last_status_code,
            last_error=message.last_error,
            sequence=message.sequence,
            created_at=message.created_at,
            dead_at=message.dead_at,
        )
        for message, endpoint in repository.dead_letters(session, topic=topic)
    ]


def dead_letters(*, session: Session) -> Sequence[tuple[WebhookMessage, WebhookEndpoint]]:
    """Messages given up on, newest first, each with its last error."""
    return repository.dead_letters(session)
