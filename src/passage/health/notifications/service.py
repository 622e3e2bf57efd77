"""Notifications: in-app notices, plus messages on other channels written to an outbox in the
same transaction and delivered after it commits by a sender that retries with back-off.

A commit never waits on SMTP, and no message is lost: a message is claimed (pending -> sending)
before it is sent and marked sent after; a failure schedules a retry; a sender that dies while
sending leaves the message to be released and sent again (at least once). Each channel is a
function in CHANNELS keyed by OutboxMessage.channel: e-mail today; a webhook channel is one more
entry plus where its address comes from (recipients carry the channel and the address).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from passage.access import GrantView, Principal, Role, ScopeTarget, ScopeType, grant_covers
from passage.auth.models import User
from passage.config import get_settings
from passage.errors import NotAuthenticated, NotFound
from passage.geo.models import PointOfEntry
from passage.health.notifications import repository
from passage.health.notifications.mail import MailConfig, effective_config, send_email
from passage.health.notifications.models import Notification, OutboxMessage
from passage.kit.clock import utcnow
from passage.kit.i18n import N_, gettext_
from passage.kit.jobs import wake_after_commit

logger = logging.getLogger("passage.outbox")
MAX_ATTEMPTS = 8
FIRST_RETRY_SECONDS = 30
LONGEST_RETRY_SECONDS = 3600
STUCK_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class Recipient:
    """Who receives a notice and on which channel (e-mail address; later a webhook URL)."""

    user_id: uuid.UUID
    channel: str
    address: str


Sender = Callable[[MailConfig, OutboxMessage], None]


def _send_email(config: MailConfig, message: OutboxMessage) -> None:
    send_email(config, to=message.recipient, subject=message.subject, body=message.body)


CHANNELS: dict[str, Sender] = {"email": _send_email}


# ---------------------------------------------------------------- who is told


def responsible_users(
    session: Session, poe: PointOfEntry, roles: Iterable[Role] = (Role.PORT_HEALTH_OFFICER,)
) -> list[User]:
    """Active users whose grant of one of the roles reaches the POE."""
    target = ScopeTarget(country=poe.country_iso3, poe_id=poe.id)
    found: dict[uuid.UUID, User] = {}
    for user, grant in repository.users_with_roles(session, [role.value for role in roles]):
        view = GrantView(Role(grant.role), ScopeType(grant.scope_type), grant.scope_value)
        if grant_covers(view, target):
            found.setdefault(user.id, user)
    return list(found.values())


def recipients(users: Sequence[User]) -> list[Recipient]:
    """Each user by e-mail (the one channel users have today)."""
    return [Recipient(user.id, "email", user.email) for user in users]


# kind -> title; the parameters never name the traveller (notices and e-mail leave the health
# pages). Stored in English (e-mail) with its parameters, shown in the reader's language.
TITLES = {
    "case_opened": N_("New port-health case at %(poe)s"),
    "follow_up_symptomatic": N_("Symptoms reported at a follow-up (case at %(poe)s)"),
    "case_referred": N_("Referral to a health facility from %(poe)s"),
    "case_confirmed": N_("Confirmed case from %(poe)s"),
    "case_escalated": N_("Danger signs at a follow-up: case escalated at %(poe)s"),
}


def title_of(notice: Notification) -> str:
    """A notice's title in the current language (the stored English one for an unknown kind)."""
    template = TITLES.get(notice.kind)
    try:
        return gettext_(template) % notice.params if template else notice.title
    except (KeyError, TypeError, ValueError):
        return notice.title


def notify(
    session: Session, *, users: Sequence[User], kind: str, params: dict[str, str], url: str
) -> list[Notification]:
    """An in-app notice to each user, and an outbox message per channel when mail is on."""
    title = TITLES[kind] % params
    notices = [
        Notification(recipient_id=u.id, kind=kind, title=title, params=params, url=url)
        for u in users
    ]
    session.add_all(notices)
    session.flush()
    config = effective_config(session)
    if config.enabled:
        base = get_settings().public_url.rstrip("/")
        by_user = {notice.recipient_id: notice for notice in notices}
        for recipient in recipients(users):
            session.add(_message(recipient, by_user[recipient.user_id], title, f"{base}{url}"))
        wake_after_commit(session)
    return notices


def _message(recipient: Recipient, notice: Notification, title: str, link: str) -> OutboxMessage:
    body = f"{title}\n\n{link}\n\nPassage port health (sign in to see the details)."
    return OutboxMessage(
        notification_id=notice.id,
        channel=recipient.channel,
        recipient=recipient.address,
        subject=title,
        body=body,
        next_attempt_at=utcnow(),
    )


# ---------------------------------------------------------------- in-app


def user_id_of(principal: Principal) -> uuid.UUID:
    """The signed-in user's id (notifications are per user; a token without a user has none)."""
    if principal.user_id is None:
        raise NotAuthenticated("sign in to continue")
    return principal.user_id


def list_for(
    session: Session, user_id: uuid.UUID, *, unread_only: bool = False
) -> Sequence[Notification]:
    """A user's notifications, newest first."""
    return repository.notifications_for(session, user_id, unread_only=unread_only)


def mark_read(session: Session, *, user_id: uuid.UUID, notification_id: uuid.UUID) -> Notification:
    """Mark one of the user's notifications read (another user's is not found)."""
    notice = session.get(Notification, notification_id)
    if notice is None or notice.recipient_id != user_id:
        raise NotFound("no such notification")
    if notice.read_at is None:
        notice.read_at = utcnow()
        session.flush()
    return notice


# ---------------------------------------------------------------- delivery


def deliver_due(factory: sessionmaker[Session], *, limit: int = 50) -> dict[str, int]:
    """Send the messages that are due; return counts of sent, retried and failed."""
    counts = {"sent": 0, "retried": 0, "failed": 0}
    with factory.begin() as session:
        config = effective_config(session)
        if not config.enabled:
            return counts
        now = utcnow()
        repository.release_stuck_outbox(session, now - STUCK_AFTER)
        due = [(m.id, m.channel) for m in repository.due_outbox(session, now, limit)]
    for message_id, channel in due:
        outcome = _deliver_one(factory, message_id, CHANNELS.get(channel), config)
        if outcome:
            counts[outcome] += 1
    return counts


def _deliver_one(
    factory: sessionmaker[Session], message_id: uuid.UUID, sender: Sender | None, config: MailConfig
) -> str | None:
    with factory.begin() as session:
        if not repository.claim_outbox(session, message_id, utcnow()):
            return None  # another sender has it
        message = session.get(OutboxMessage, message_id)
        assert message is not None
        snapshot = OutboxMessage(
            channel=message.channel,
            recipient=message.recipient,
            subject=message.subject,
            body=message.body,
        )
    error = _attempt(sender, config, snapshot)
    with factory.begin() as session:
        message = session.get(OutboxMessage, message_id)
        assert message is not None
        return _settle(message, error, utcnow())


def _attempt(sender: Sender | None, config: MailConfig, message: OutboxMessage) -> str | None:
    if sender is None:
        return f"no sender for channel {message.channel}"
    try:
        sender(config, message)
    except Exception as error:  # any transport failure is retried, never lost
        return f"{type(error).__name__}: {error}"[:300]
    return None


def _settle(message: OutboxMessage, error: str | None, now: datetime) -> str:
    message.attempts += 1
    if error is None:
        message.status, message.sent_at, message.last_error = "sent", now, None
        return "sent"
    message.last_error = error
    if message.attempts >= MAX_ATTEMPTS:
        message.status = "failed"
        logger.warning("outbox message %s failed after %s attempts", message.id, message.attempts)
        return "failed"
    delay = min(FIRST_RETRY_SECONDS * 2 ** (message.attempts - 1), LONGEST_RETRY_SECONDS)
    message.status, message.next_attempt_at = "pending", now + timedelta(seconds=delay)
    return "retried"


def retry_failed(session: Session) -> int:
    """Give failed messages another round of attempts (administrator's action)."""
    count = 0
    for message in repository.recent_outbox(session, limit=500):
        if message.status == "failed":
            message.status, message.attempts, message.next_attempt_at = "pending", 0, utcnow()
            count += 1
    session.flush()
    return count


def outbox_counts(*, session: Session) -> dict[str, int]:
    """Messages per status (for the administrator)."""
    return repository.outbox_counts(session)


def recent_outbox(*, session: Session, limit: int = 20) -> Sequence[OutboxMessage]:
    """The newest messages (for the administrator's delivery view)."""
    return repository.recent_outbox(session, limit=limit)
