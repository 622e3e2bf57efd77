"""Every query of notifications: mail settings, who is told, in-app notices and the outbox."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from passage.auth.models import Grant, User
from passage.health.notifications.models import MailSettings, Notification, OutboxMessage


def mail_settings(session: Session) -> MailSettings | None:
    """The administrator's SMTP settings row, if saved."""
    return session.scalars(select(MailSettings).order_by(MailSettings.created_at)).first()


def users_with_roles(session: Session, roles: Sequence[str]) -> list[tuple[User, Grant]]:
    """Active users holding one of the roles, with the grant (for scope checks)."""
    statement = (
        select(User, Grant)
        .join(Grant, Grant.user_id == User.id)
        .where(Grant.role.in_(roles), User.is_active.is_(True))
        .order_by(User.email)
    )
    return [(row[0], row[1]) for row in session.execute(statement).all()]


def notifications_for(
    session: Session, user_id: uuid.UUID, *, unread_only: bool = False, limit: int = 50
) -> Sequence[Notification]:
    """A user's notifications, newest first."""
    statement = select(Notification).where(Notification.recipient_id == user_id)
    if unread_only:
        statement = statement.where(Notification.read_at.is_(None))
    statement = statement.order_by(Notification.created_at.desc(), Notification.id.desc())
    return session.scalars(statement.limit(limit)).all()


def due_outbox(session: Session, now: datetime, limit: int) -> Sequence[OutboxMessage]:
    """Pending messages whose next attempt is due, oldest first (each is claimed before use)."""
    statement = (
        select(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    return session.scalars(statement).all()


def outbox_counts(session: Session) -> dict[str, int]:
    """Messages per status."""
    rows = session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ).all()
    return {str(row[0]): int(row[1]) for row in rows}


def recent_outbox(session: Session, limit: int = 20) -> Sequence[OutboxMessage]:
    """The newest messages (for the administrator's delivery view)."""
    statement = select(OutboxMessage).order_by(OutboxMessage.created_at.desc()).limit(limit)
    return session.scalars(statement).all()


def claim_outbox(session: Session, message_id: uuid.UUID, now: datetime) -> bool:
    """Mark a pending message as being sent; False when another sender claimed it first."""
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "pending")
        .values(status="sending", next_attempt_at=now)
    )
    result = session.execute(statement.execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0) == 1


def release_stuck_outbox(session: Session, before: datetime) -> int:
    """Put messages left in `sending` by a crashed sender back to pending (at-least-once)."""
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.status == "sending", OutboxMessage.next_attempt_at < before)
        .values(status="pending")
    )
    result = session.execute(statement.execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)
