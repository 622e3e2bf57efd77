"""The header's notice of new referrals (#15.2): a partner worker sees how many referrals to
their organisation arrived since they last opened their list, a case worker how many came from
points of entry that they may take up (a child's or a trafficking referral only for a
designated case worker); opening the list clears it. The text names no person.

Every page draws the header, so the counts are cheap: one query per list, kept per user for
`TTL_SECONDS`. A change to referrals, to the cases they become or to the lists' "seen" marks
(a referral arrives, is answered or taken up; a list is opened) empties the cache of the
process that made it at flush and again at commit; other processes see it within the TTL."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, UOWTransaction

from passage.access import Principal, can
from passage.border.referrals.models import Referral
from passage.kit.i18n import ngettext_
from passage.protection.cases.models import Case
from passage.protection.intake import border
from passage.protection.referrals import service as referrals
from passage.protection.referrals.models import QueueSeen, ServiceReferral
from passage.web import notices
from passage.web.notices import Badge

PARTNER_LIST = "/protection/partner?status=pending"
BORDER_LIST = "/protection/border-referrals"
TTL_SECONDS = 30.0
WATCHED = (Referral, ServiceReferral, Case, QueueSeen)
CHANGED_KEY = "protection_referrals_changed"


class CountCache:
    """Counts per (list, principal), each kept `TTL_SECONDS` and dropped by `invalidate`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[tuple[str, Principal], tuple[float, int, int]] = {}
        self.generation = 0

    def get(self, key: tuple[str, Principal]) -> int | None:
        """The count kept for this key, unless it is older than the TTL or a change."""
        with self._lock:
            kept = self._counts.get(key)
        if kept is None:
            return None
        at, generation, count = kept
        if generation != self.generation or time.monotonic() - at > TTL_SECONDS:
            return None
        return count

    def put(self, key: tuple[str, Principal], generation: int, count: int) -> None:
        """Keep a count read while the cache was at `generation`."""
        with self._lock:
            if len(self._counts) > 10_000:  # users come and go: forget the old ones at once
                self._counts.clear()
            self._counts[key] = (time.monotonic(), generation, count)

    def invalidate(self) -> None:
        """Referrals changed: every count must be read again."""
        with self._lock:
            self.generation += 1
            self._counts.clear()


CACHE = CountCache()


def _changing(session: Session) -> bool:
    """Whether this transaction changed referrals, cases or seen marks (flushed or not): it
    counts what it sees itself, and keeps that from the other sessions."""
    pending = (*session.new, *session.dirty, *session.deleted)
    return bool(session.info.get(CHANGED_KEY)) or any(isinstance(i, WATCHED) for i in pending)


def _counted(session: Session, queue: str, principal: Principal, count: Callable[[], int]) -> int:
    if _changing(session):
        return count()
    key = (queue, principal)
    found = CACHE.get(key)
    if found is None:
        generation = CACHE.generation  # read before counting: a change meanwhile wins
        found = count()
        CACHE.put(key, generation, found)
    return found


def partner_badge(session: Session, principal: Principal) -> Badge | None:
    """New referrals to the partner worker's organisation."""
    if not can(principal, "protection.partner"):
        return None
    count = _counted(
        session,
        referrals.PARTNER_QUEUE,
        principal,
        lambda: referrals.count_unseen_for_partner(session=session, actor=principal),
    )
    text = ngettext_("%(num)s new referral", "%(num)s new referrals", count) % {"num": count}
    return Badge(text, count, PARTNER_LIST)


def border_badge(session: Session, principal: Principal) -> Badge | None:
    """New referrals from points of entry that the case worker may take up."""
    if not can(principal, "protection.edit"):
        return None
    count = _counted(
        session,
        referrals.BORDER_QUEUE,
        principal,
        lambda: border.count_waiting(session=session, actor=principal, unseen=True),
    )
    text = ngettext_(
        "%(num)s new referral from a point of entry",
        "%(num)s new referrals from points of entry",
        count,
    ) % {"num": count}
    return Badge(text, count, BORDER_LIST)


def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    """A flush that adds, changes or removes a referral, a case or a list's seen mark."""
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(instance, WATCHED) for instance in changed):
        session.info[CHANGED_KEY] = True
        CACHE.invalidate()


def _after_transaction(session: Session, *_args: Any) -> None:
    """The change is committed (or abandoned): counts read meanwhile are dropped too."""
    if session.info.pop(CHANGED_KEY, None):
        CACHE.invalidate()


def install() -> None:
    """Show the notices in the header of every page; keep their counts fresh."""
    notices.register_badge(partner_badge)
    notices.register_badge(border_badge)
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_commit", _after_transaction)
        event.listen(Session, "after_rollback", _after_transaction)
