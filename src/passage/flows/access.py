"""Who reaches which flow monitoring point: the one place the API and the pages both ask.

Points sit in a country; a grant for a country reaches its points, a POE grant the point linked
to that POE, a global grant every point. An imported series with no country is reached by a
global grant only (nothing says where it is)."""

from __future__ import annotations

from passage.access import Principal, ScopeTarget, ScopeType, can, scope_values
from passage.errors import OutOfScope
from passage.flows.models import FlowPoint
from passage.kit.i18n import N_

PURPOSE = "flows"


def countries(principal: Principal, permission: str) -> list[str] | None:
    """The countries a principal's grants of a permission reach; None for all of them."""
    reached = scope_values(principal, permission, ScopeType.COUNTRY)
    return None if reached is None else sorted(reached)


def target(point: FlowPoint) -> ScopeTarget:
    """Where a point sits, for scope checks."""
    return ScopeTarget(country=point.country_iso3, poe_id=point.poe_id)


def check(principal: Principal, permission: str, point: FlowPoint) -> None:
    """Refuse as if the point did not exist when the principal may not act on it."""
    if not can(principal, permission, target(point)):
        raise OutOfScope(N_("no flow monitoring point has this id within your reach"))
