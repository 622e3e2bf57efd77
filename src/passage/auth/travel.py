"""Which accounts a field node receives: the officers granted a role at its site (its point of
entry, or its organisation), with those grants, so that they sign in while the node is offline."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, or_, select

from passage.auth.models import Grant, User
from passage.kit.travel import Site


def _site_grant(site: Site) -> Any:
    """A grant scoped to the site's point of entry or organisation."""
    at_poe = and_(Grant.scope_type == "poe", Grant.scope_value == str(site.poe_id))
    in_organisation = and_(
        Grant.scope_type == "organisation", Grant.scope_value == site.organisation
    )
    return or_(at_poe, in_organisation) if site.organisation else at_poe


def site_users(statement: Select[Any], site: Site) -> Select[Any]:
    """Accounts holding a grant at the site."""
    return statement.where(User.id.in_(select(Grant.user_id).where(_site_grant(site))))


def site_grants(statement: Select[Any], site: Site) -> Select[Any]:
    """Every grant of the accounts that hold one at the site."""
    return statement.where(Grant.user_id.in_(select(Grant.user_id).where(_site_grant(site))))
