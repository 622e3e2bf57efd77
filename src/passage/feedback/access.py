"""Who sees which feedback: the one place the API and the pages both ask.

Staff holding `feedback.read` see the items of the countries of their grants (a global grant:
every country; an item with no country only under a global grant). Items of a sensitive
category (sexual exploitation or abuse, staff misconduct, fraud, trafficking) are seen only
under `feedback.sensitive`, the complaints focal points' permission; to anyone else they do
not exist (404, audited as a refusal)."""

from __future__ import annotations

from passage.access import Principal, ScopeTarget, ScopeType, can, scope_values
from passage.errors import OutOfScope
from passage.feedback.models import FeedbackItem
from passage.kit.i18n import N_

PURPOSE = "feedback"


def countries(principal: Principal, permission: str) -> list[str] | None:
    """The countries a principal's grants of a permission reach; None for all of them."""
    reached = scope_values(principal, permission, ScopeType.COUNTRY)
    return None if reached is None else sorted(reached)


def sees_sensitive(principal: Principal) -> bool:
    """Whether the principal is a complaints focal point (anywhere)."""
    return can(principal, "feedback.sensitive")


def may(principal: Principal, permission: str, item: FeedbackItem) -> bool:
    """Whether the principal may act on this item under a permission."""
    target = ScopeTarget(country=item.country_iso3)
    if item.sensitive and not can(principal, "feedback.sensitive", target):
        return False
    return can(principal, permission, target)


def check(principal: Principal, permission: str, item: FeedbackItem) -> None:
    """Refuse as if the item did not exist when the principal may not act on it."""
    if not may(principal, permission, item):
        raise OutOfScope(N_("no feedback has this id within your reach"))
