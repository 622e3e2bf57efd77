"""Every query of the webhook outbox."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from passage.webhooks.models import WebhookEndpoint, WebhookMessage

M = WebhookMessage


def add(session: Session, record: object) -> None:
    """Stage a new endpoint or message."""
    session.add(record)


def get_endpoint(session: Session, endpoint_id: uuid.UUID) -> WebhookEndpoint | None:
    """An endpoint by id."""
    return session.get(WebhookEndpoint, endpoint_id)


def endpoints(session: Session, topic: str, *, active_only: bool = False) -> list[WebhookEndpoint]:
    """The endpoints of a topic, by name."""
    statement = select(WebhookEndpoint).where(WebhookEndpoint.topic == topic)
    if active_only:
        statement = statement.where(WebhookEndpoint.is_active.is_(True))
    return list(session.scalars(statement.order_by(WebhookEndpoint.name)))


def endpoint_by_name(session: Session, topic: str, name: str) -> WebhookEndpoint | None:
    """An endpoint of a topic by name."""
    statement = select(WebhookEndpoint).where(
        WebhookEndpoint.topic == topic, WebhookEndpoint.name == name
    )
    return session.scalars(statement).one_or_none()


def any_due(session: Session, now: datetime) -> bool:
    """Whether some message may be due (a read only: idle workers never take a write lock)."""
    statement = select(M.id).where(M.status == "pending", M.next_attempt_at <= now).limit(1)
    return session.scalars(statement).first() is not None


def claim(
    session: Session, *, owner: str, now: datetime, lease_until: datetime, limit: int
) -> list[uuid.UUID]:
    """Lease the oldest due message of each endpoint (none while an older one is undelivered).

    One UPDATE ... RETURNING whose subquery skips rows other workers hold (FOR UPDATE SKIP
    LOCKED on PostgreSQL; SQLite runs the statement under its single writer lock). Run it first
    in its transaction: SQLite then waits for the writer lock instead of failing.
    """
    earlier = aliased(M)
    older_pending = exists().where(
        earlier.endpoint_id == M.endpoint_id, earlier.status == "pending", earlier.id < M.id
    )
    due = (
        select(M.id)
        .where(
            M.status == "pending",
            M.next_attempt_at <= now,
            or_(M.lease_until.is_(None), M.lease_until < now),
            ~older_pending,
        )
        .order_by(M.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    statement = (
        update(M)
        .where(M.id.in_(due.scalar_subquery()))
        .values(lease_owner=owner, lease_until=lease_until)
        .returning(M.id)
        .execution_options(synchronize_session=False)
    )
    return list(session.scalars(statement))


def messages(session: Session, ids: Sequence[uuid.UUID]) -> list[WebhookMessage]:
    """Messages by id, oldest first."""
    if not ids:
        return []
    statement = select(M).where(M.id.in_(list(ids))).order_by(M.id)
    return list(session.scalars(statement.execution_options(populate_existing=True)))


def finish(session: Session, message_id: uuid.UUID, owner: str, values: dict[str, Any]) -> bool:
    """Record an attempt's outcome if this worker still holds the lease; False otherwise."""
    statement = (
        update(M)
        .where(M.id == message_id, M.lease_owner == owner)
        .values(lease_owner=None, lease_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    return bool(session.execute(statement).rowcount)  # type: ignore[attr-defined]


def get_message(session: Session, message_id: uuid.UUID) -> WebhookMessage | None:
    """A message by id."""
    return session.get(M, message_id)


def dead_letters(
    session: Session, *, topic: str | None = None, limit: int = 200
) -> list[tuple[WebhookMessage, WebhookEndpoint]]:
    """Dead messages with their endpoint, newest first."""
    statement = select(M, WebhookEndpoint).join(
        WebhookEndpoint, WebhookEndpoint.id == M.endpoint_id
    )
    statement = statement.where(M.status == "dead")
    if topic:
        statement = statement.where(M.topic == topic)
    rows = session.execute(statement.order_by(M.dead_at.desc()).limit(limit)).all()
    return [(row[0], row[1]) for row in rows]


@dataclass(frozen=True)
class EndpointStats:
    """Counts of an endpoint's messages and the last sequence delivered."""

    pending: int = 0
    dead: int = 0
    delivered: int = 0
    delivered_sequence: int | None = None
    last_delivered_at: datetime | None = None
    last_error: str | None = None


def endpoint_stats(
    session: Session, endpoint_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, EndpointStats]:
    """Per endpoint: pending, dead and delivered counts, the highest delivered sequence."""
    if not endpoint_ids:
        return {}
    delivered = M.status == "delivered"
    statement = (
        select(
            M.endpoint_id,
            func.count().filter(M.status == "pending"),
            func.count().filter(M.status == "dead"),
            func.count().filter(delivered),
            func.max(M.sequence).filter(delivered),
            func.max(M.delivered_at),
        )
        .where(M.endpoint_id.in_(list(endpoint_ids)))
        .group_by(M.endpoint_id)
    )
    stats = {row[0]: EndpointStats(*row[1:]) for row in session.execute(statement)}
    errors = select(M.endpoint_id, M.last_error).where(
        M.endpoint_id.in_(list(endpoint_ids)), M.status == "pending", M.last_error.is_not(None)
    )
    for endpoint_id, error in session.execute(errors):
        current = stats.get(endpoint_id, EndpointStats())
        stats[endpoint_id] = EndpointStats(**(current.__dict__ | {"last_error": error}))
    return stats


def purge_delivered(session: Session, *, before: datetime) -> int:
    """Delete messages delivered before `before`, except each endpoint's newest; how many."""
    newer = aliased(M)
    newer_delivered = exists().where(
        newer.endpoint_id == M.endpoint_id,
        newer.status == "delivered",
        newer.delivered_at > M.delivered_at,
    )
    statement = delete(M).where(
        and_(M.status == "delivered", M.delivered_at < before, newer_delivered)
    )
    return int(session.execute(statement).rowcount)  # type: ignore[attr-defined]
