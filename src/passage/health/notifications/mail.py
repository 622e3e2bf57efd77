"""E-mail through SMTP: the effective settings (administrator's row, else PASSAGE_SMTP_*) and
one send function. The password only ever comes from PASSAGE_SMTP_PASSWORD."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy.orm import Session

from passage.config import get_settings
from passage.health.notifications import repository


@dataclass(frozen=True)
class MailConfig:
    """Everything needed to send one message."""

    enabled: bool
    host: str
    port: int
    security: str
    username: str | None
    password: str
    sender: str
    timeout: float
    source: str
    version: int | None = None


def effective_config(session: Session) -> MailConfig:
    """The administrator's saved settings, else the environment's."""
    settings = get_settings()
    row = repository.mail_settings(session)
    if row is not None:
        return MailConfig(
            enabled=row.enabled and bool(row.host and row.sender),
            host=row.host,
            port=row.port,
            security=row.security,
            username=row.username or None,
            password=settings.smtp_password,
            sender=row.sender,
            timeout=settings.smtp_timeout_seconds,
            source="administrator",
            version=row.version,
        )
    return MailConfig(
        enabled=bool(settings.smtp_host and settings.smtp_sender),
        host=settings.smtp_host,
        port=settings.smtp_port,
        security=settings.smtp_security,
        username=settings.smtp_username or None,
        password=settings.smtp_password,
        sender=settings.smtp_sender,
        timeout=settings.smtp_timeout_seconds,
        source="environment",
    )


def send_email(config: MailConfig, *, to: str, subject: str, body: str) -> None:
    """Send a plain-text message; raises OSError or smtplib.SMTPException on failure."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = config.sender, to, subject
    message.set_content(body)
    context = ssl.create_default_context()
    if config.security == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            config.host, config.port, timeout=config.timeout, context=context
        )
    else:
        client = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
    with client:
        if config.security == "starttls":
            client.starttls(context=context)
        if config.username:
            client.login(config.username, config.password)
        client.send_message(message)
