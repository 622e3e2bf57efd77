"""Throttling of the public channel: submissions and wrong tracking codes per source.

The source address is kept only as a keyed hash, and only for the window (an hour): an item
never holds it. A limit of 0 turns that limit off (a load test from one address)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from passage.auth.secrets import token_hash
from passage.config import get_settings
from passage.errors import TooManyRequests
from passage.feedback import repository
from passage.feedback.models import FeedbackAttempt
from passage.kit.clock import utcnow
from passage.kit.i18n import N_

WINDOW = timedelta(hours=1)
SUBMIT, CODE = "submit", "code"


def _key(source: str | None) -> str:
    return token_hash("feedback-source:" + (source or "unknown"))


def _limit(kind: str) -> int:
    settings = get_settings()
    if kind == SUBMIT:
        return settings.feedback_submissions_per_hour
    return settings.feedback_code_failures_per_hour


def check(session: Session, *, kind: str, source: str | None) -> None:
    """Refuse (429) when this source reached the limit of this kind within the hour."""
    limit = _limit(kind)
    if limit <= 0:
        return
    since = utcnow() - WINDOW
    if repository.count_attempts(session, kind=kind, key_hash=_key(source), since=since) >= limit:
        message = (
            N_("too many submissions from this connection; try again later")
            if kind == SUBMIT
            else N_("too many wrong codes from this connection; try again later")
        )
        raise TooManyRequests(message, retry_after=int(WINDOW.total_seconds()))


def count(session: Session, *, kind: str, source: str | None) -> None:
    """Count one attempt (and forget those older than the window)."""
    if _limit(kind) <= 0:
        return
    now = utcnow()
    repository.purge_attempts(session, now - WINDOW)
    repository.add(session, FeedbackAttempt(kind=kind, key_hash=_key(source), at=now))
