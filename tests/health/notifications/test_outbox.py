"""Notifications by e-mail: written to the outbox in the caller's transaction, delivered after
commit to a real SMTP server (aiosmtpd, started here), retried when the server is down."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from passage.access import Role
from passage.health.notifications import repository
from passage.health.notifications import service as notifications
from passage.health.notifications.mail_settings import save
from passage.health.notifications.models import Notification, OutboxMessage
from passage.health.notifications.schemas import MailSettingsInput
from passage.kit.clock import utcnow
from passage.web.middleware import LANGUAGE_COOKIE
from tests.factories import make_user, web_login


class Inbox(Message):
    """Keeps every message the SMTP server receives."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list = []

    def handle_message(self, message) -> None:  # type: ignore[no-untyped-def]
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on the loopback interface."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def factory(session: Session) -> sessionmaker[Session]:
    """Sessions on the test's connection (savepoints), as the sender opens them."""
    return sessionmaker(bind=session.connection(), join_transaction_mode="create_savepoint")


def configure(session: Session, port: int, enabled: bool = True) -> None:
    admin = make_user(session, Role.ADMIN)
    from passage.auth import service as auth_service

    data = MailSettingsInput(
        enabled=enabled, host="127.0.0.1", port=port, security="none", sender="ph@example.org"
    )
    save(session=session, data=data, actor=auth_service.principal_for(admin))


def tell(session: Session, count: int = 1) -> list:
    users = [make_user(session, Role.PORT_HEALTH_OFFICER) for _ in range(count)]
    notifications.notify(
        session,
        users=users,
        kind="case_opened",
        params={"poe": "Namanga"},
        url="/health/cases/x",
    )
    session.commit()
    return users


def test_messages_are_delivered_after_commit(session, smtp, factory):
    inbox, port = smtp
    configure(session, port)
    users = tell(session, 2)
    assert session.scalars(select(OutboxMessage.status)).all() == ["pending", "pending"]
    assert inbox.messages == []  # the commit did not wait on SMTP
    counts = notifications.deliver_due(factory)
    assert counts == {"sent": 2, "retried": 0, "failed": 0}
    assert sorted(m["To"] for m in inbox.messages) == sorted(u.email for u in users)
    assert inbox.messages[0]["Subject"] == "New port-health case at Namanga"
    assert "/health/cases/x" in inbox.messages[0].get_payload()
    session.expire_all()
    assert set(session.scalars(select(OutboxMessage.status))) == {"sent"}
    assert notifications.deliver_due(factory)["sent"] == 0  # nothing is sent twice


def test_an_unreachable_server_is_retried_with_back_off_and_nothing_is_lost(session, smtp, factory):
    inbox, port = smtp
    configure(session, free_port())  # nothing listens there
    tell(session)
    assert notifications.deliver_due(factory) == {"sent": 0, "retried": 1, "failed": 0}
    session.expire_all()
    message = session.scalars(select(OutboxMessage)).one()
    assert message.status == "pending" and message.attempts == 1 and message.last_error
    assert message.next_attempt_at > utcnow() + timedelta(seconds=20)
    assert notifications.deliver_due(factory)["retried"] == 0  # not due yet
    row = repository.mail_settings(session)
    row.port = port
    message.next_attempt_at = utcnow()
    session.commit()
    assert notifications.deliver_due(factory)["sent"] == 1
    assert len(inbox.messages) == 1


def test_a_message_gives_up_after_the_last_attempt_and_can_be_retried(session, factory):
    configure(session, free_port())
    tell(session)
    message = session.scalars(select(OutboxMessage)).one()
    for _ in range(notifications.MAX_ATTEMPTS):
        message.next_attempt_at = utcnow()
        session.commit()
        notifications.deliver_due(factory)
        session.expire_all()
        message = session.scalars(select(OutboxMessage)).one()
    assert message.status == "failed" and message.attempts == notifications.MAX_ATTEMPTS
    assert notifications.retry_failed(session) == 1
    assert message.status == "pending" and message.attempts == 0


def test_a_claimed_message_is_not_sent_by_another_sender(session):
    configure(session, free_port())
    tell(session)
    message = session.scalars(select(OutboxMessage)).one()
    assert repository.claim_outbox(session, message.id, utcnow())
    assert not repository.claim_outbox(session, message.id, utcnow())
    released = repository.release_stuck_outbox(session, utcnow() + timedelta(minutes=1))
    assert released == 1


def test_without_mail_settings_only_the_app_is_told(session):
    tell(session)
    assert session.scalars(select(OutboxMessage)).all() == []
    assert len(session.scalars(select(Notification)).all()) == 1


def test_a_rolled_back_transaction_queues_nothing(session, smtp):
    _, port = smtp
    configure(session, port)
    session.commit()
    nested = session.begin_nested()
    notifications.notify(
        session,
        users=[make_user(session, Role.PORT_HEALTH_OFFICER)],
        kind="case_opened",
        params={"poe": "Namanga"},
        url="/",
    )
    nested.rollback()
    assert session.scalars(select(OutboxMessage)).all() == []


def test_in_app_notifications_are_private(session):
    users = tell(session, 2)
    mine = notifications.list_for(session, users[0].id)
    assert len(mine) == 1
    with pytest.raises(Exception, match="no such notification"):
        notifications.mark_read(session, user_id=users[1].id, notification_id=mine[0].id)
    notice = notifications.mark_read(session, user_id=users[0].id, notification_id=mine[0].id)
    assert notice.read_at is not None


def test_a_notice_is_shown_in_the_readers_language_and_mailed_in_english(session, client):
    [user] = tell(session)
    [notice] = notifications.list_for(session, user.id)
    assert notice.title == "New port-health case at Namanga"  # as e-mailed
    web_login(client, user.email)
    client.cookies.set(LANGUAGE_COOKIE, "fr")
    page = client.get("/notifications")
    assert page.status_code == 200
    assert "Nouveau cas de santé portuaire à Namanga" in page.text
    assert "New port-health case" not in page.text
