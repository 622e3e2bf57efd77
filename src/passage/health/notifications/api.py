"""JSON routes of notifications: mail settings and delivery (administrators, no personal data)
and each user's own notifications."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.health.notifications import mail_settings, service
from passage.health.notifications.schemas import (
    MailSettingsInput,
    MailSettingsRead,
    NotificationRead,
)

router = APIRouter(prefix="/api/v1", tags=["port health administration"])


@router.get("/health/mail-settings")
def read_mail_settings(
    session: SessionDep, principal: Annotated[Principal, Require("health.admin")]
) -> MailSettingsRead:
    """The effective SMTP settings (never the password)."""
    return mail_settings.settings_read(session)


@router.put("/health/mail-settings")
def save_mail_settings(
    data: MailSettingsInput,
    session: SessionDep,
    principal: Annotated[Principal, Require("health.admin")],
) -> MailSettingsRead:
    """Save the SMTP settings (409 when someone saved them meanwhile)."""
    mail_settings.save(session=session, data=data, actor=principal)
    return mail_settings.settings_read(session)


@router.get("/health/outbox")
def outbox_status(
    session: SessionDep, principal: Annotated[Principal, Require("health.admin")]
) -> dict[str, int]:
    """Messages waiting, sent and failed."""
    return service.outbox_counts(session=session)


@router.post("/health/outbox/retry")
def retry_outbox(
    session: SessionDep, principal: Annotated[Principal, Require("health.admin")]
) -> dict[str, int]:
    """Give failed messages another round of attempts."""
    return {"retried": service.retry_failed(session)}


@router.get("/notifications")
def my_notifications(
    session: SessionDep,
    principal: Annotated[Principal, Require("notifications.read")],
    unread: bool = False,
) -> list[NotificationRead]:
    """Your notifications, newest first."""
    found = service.list_for(session, service.user_id_of(principal), unread_only=unread)
    return [NotificationRead.model_validate(item) for item in found]


@router.post("/notifications/{notification_id}/read")
def mark_notification_read(
    notification_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("notifications.read")],
) -> NotificationRead:
    """Mark one of your notifications read."""
    notice = service.mark_read(
        session, user_id=service.user_id_of(principal), notification_id=notification_id
    )
    return NotificationRead.model_validate(notice)
