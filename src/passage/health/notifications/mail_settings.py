"""The administrator's SMTP settings: read the effective ones, save changes (no password)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.health.notifications import repository
from passage.health.notifications.mail import effective_config
from passage.health.notifications.models import MailSettings
from passage.health.notifications.schemas import MailSettingsInput, MailSettingsRead
from passage.kit import audit
from passage.kit.repository import check_version

FIELDS = ("enabled", "host", "port", "security", "username", "sender")


def settings_read(session: Session) -> MailSettingsRead:
    """The effective settings and where they come from."""
    config = effective_config(session)
    return MailSettingsRead(
        enabled=config.enabled,
        host=config.host,
        port=config.port,
        security=config.security,
        username=config.username,
        sender=config.sender,
        password_set=bool(config.password),
        source=config.source,
        version=config.version,
    )


def save(*, session: Session, data: MailSettingsInput, actor: Principal) -> MailSettings:
    """Create or update the settings row (optimistic locking on its version)."""
    row = repository.mail_settings(session)
    if row is None:
        row = MailSettings()
        session.add(row)
    elif data.version is not None:
        check_version(row, data.version)
    for name in FIELDS:
        setattr(row, name, getattr(data, name))
    row.updated_by = actor.user_id
    session.flush()
    audit.record(
        session,
        action="health.mail_settings.save",
        object_type="mail_settings",
        object_id=row.id,
        details={"enabled": row.enabled},
    )
    return row
