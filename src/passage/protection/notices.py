"""The header's notice of new referrals (#15.2): a partner worker sees how many referrals to
their organisation arrived since they last opened their list, a case worker how many came from
points of entry; opening the list clears it. The text names no person."""

from __future__ import annotations

from sqlalchemy.orm import Session

from passage.access import Principal, can
from passage.kit.i18n import ngettext_
from passage.protection.intake import border
from passage.protection.referrals import service as referrals
from passage.web import notices
from passage.web.notices import Badge

PARTNER_LIST = "/protection/partner?status=pending"
BORDER_LIST = "/protection/border-referrals"


def partner_badge(session: Session, principal: Principal) -> Badge | None:
    """New referrals to the partner worker's organisation."""
    if not can(principal, "protection.partner"):
        return None
    count = referrals.count_unseen_for_partner(session=session, actor=principal)
    text = ngettext_("%(num)s new referral", "%(num)s new referrals", count) % {"num": count}
    return Badge(text, count, PARTNER_LIST)


def border_badge(session: Session, principal: Principal) -> Badge | None:
    """New referrals from points of entry to the case worker's organisation."""
    if not can(principal, "protection.edit"):
        return None
    since = referrals.queue_seen(session=session, actor=principal, queue=referrals.BORDER_QUEUE)
    count = border.count_waiting(session=session, actor=principal, since=since)
    text = ngettext_(
        "%(num)s new referral from a point of entry",
        "%(num)s new referrals from points of entry",
        count,
    ) % {"num": count}
    return Badge(text, count, BORDER_LIST)


def install() -> None:
    """Show the notices in the header of every page."""
    notices.register_badge(partner_badge)
    notices.register_badge(border_badge)
