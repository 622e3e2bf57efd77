"""The header's count of new referrals (#15 follow-up): a case worker counts only the border
referrals they may take up, the count costs one query, and it is kept per user until a
referral arrives, is taken up or the list is opened."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from passage.access import Principal, Role
from passage.protection import notices as referral_notices
from passage.protection.intake import border
from passage.protection.referrals import service as referrals
from passage.web import notices
from tests.protection.helpers import designated, person_with_case, staff
from tests.protection.intake.test_intake import _border_referral
from tests.protection.referrals.test_referrals import refer

CHILD = ["unaccompanied_or_separated_child"]


@pytest.fixture(autouse=True)
def _installed() -> None:
    """The badges and their cache's listeners, as the application installs them."""
    referral_notices.install()
    referral_notices.CACHE.invalidate()


@contextmanager
def queries(session: Session) -> Iterator[list[str]]:
    """The SELECT statements the session runs inside the block (not the test's savepoints)."""
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _count(session: Session, principal: Principal, url: str) -> int:
    found = [b.count for b in notices.badges(session, principal) if b.url == url]
    return found[0] if found else 0


def test_a_case_worker_counts_only_the_border_referrals_they_may_take_up(session):
    """A child's referral and a pregnancy's to IOM: the case worker, who may not open a child
    protection case, is told of one and lists one; the designated case worker of two."""
    _border_referral(session, CHILD, True)
    _border_referral(session, ["pregnancy"], True)
    _, worker = staff(session, Role.CASE_WORKER)
    _, designate = designated(session)
    session.commit()
    assert _count(session, worker, referral_notices.BORDER_LIST) == 1
    assert border.count_waiting(session=session, actor=worker) == 1
    assert [r.flags for r, _ in border.waiting(session=session, actor=worker)] == [["pregnancy"]]
    assert _count(session, designate, referral_notices.BORDER_LIST) == 2
    assert border.count_waiting(session=session, actor=designate) == 2


def test_each_badge_costs_one_query_and_is_then_kept(session):
    """A partner worker who is also a case worker: one query per list the first time, none on
    the next pages."""
    _border_referral(session, ["pregnancy"], True)
    _, worker = staff(session, Role.CASE_WORKER)
    _, partner = staff(session, Role.PARTNER_WORKER, "Kenya Red Cross")
    refer(session, worker, *person_with_case(session, worker))
    session.commit()
    both = Principal(worker.user_id, (*worker.grants, *partner.grants), "both")
    with queries(session) as first:
        shown = notices.badges(session, both)
    urls = sorted(badge.url for badge in shown)
    assert urls == [referral_notices.BORDER_LIST, referral_notices.PARTNER_LIST]
    assert len(first) == 2
    with queries(session) as again:
        assert notices.badges(session, both) == shown
    assert again == []


def test_a_new_referral_and_opening_the_list_refresh_the_kept_count(session):
    """The kept count goes up when a referral arrives and to nothing when the list is opened,
    without waiting for the cache to expire."""
    _, worker = staff(session, Role.CASE_WORKER)
    session.commit()
    assert _count(session, worker, referral_notices.BORDER_LIST) == 0
    _border_referral(session, ["pregnancy"], True)
    session.commit()
    assert _count(session, worker, referral_notices.BORDER_LIST) == 1
    referrals.mark_queue_seen(session=session, actor=worker, queue=referrals.BORDER_QUEUE)
    session.commit()
    assert _count(session, worker, referral_notices.BORDER_LIST) == 0
    assert border.count_waiting(session=session, actor=worker) == 1  # still to take up


def test_a_partner_counts_referrals_made_since_opening_the_list(session):
    """Opened before the second referral: the partner is told of that one only."""
    _, worker = staff(session, Role.CASE_WORKER)
    _, partner = staff(session, Role.PARTNER_WORKER, "Kenya Red Cross")
    refer(session, worker, *person_with_case(session, worker))
    session.commit()
    assert referrals.count_unseen_for_partner(session=session, actor=partner) == 1
    referrals.mark_queue_seen(session=session, actor=partner, queue=referrals.PARTNER_QUEUE)
    session.flush()
    assert referrals.count_unseen_for_partner(session=session, actor=partner) == 0
    refer(session, worker, *person_with_case(session, worker, given_names="Ali"))
    session.commit()
    assert referrals.count_unseen_for_partner(session=session, actor=partner) == 1
    assert _count(session, partner, referral_notices.PARTNER_LIST) == 1


def test_the_page_that_opens_the_list_shows_no_notice_of_it(session):
    """Opening the list marks it seen and the same page's header, drawn before the commit,
    already counts nothing, though a count was kept a moment before."""
    _border_referral(session, ["pregnancy"], True)
    _, worker = staff(session, Role.CASE_WORKER)
    session.commit()
    assert _count(session, worker, referral_notices.BORDER_LIST) == 1  # kept
    referrals.mark_queue_seen(session=session, actor=worker, queue=referrals.BORDER_QUEUE)
    assert _count(session, worker, referral_notices.BORDER_LIST) == 0
