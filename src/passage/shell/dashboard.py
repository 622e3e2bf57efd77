"""What each role sees first: the menu and the dashboard cards that the installed domains
declare, both filtered by permission."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from passage.access import Principal, can
from passage.geo import service as geo_service
from passage.kit.domain import Card, Domain, MenuEntry
from passage.kit.i18n import gettext_ as _
from passage.web.labels import role_label


def menu_of(domains: Sequence[Domain]) -> list[MenuEntry]:
    """The main menu: every domain's entries in the order of their positions."""
    return sorted((entry for domain in domains for entry in domain.menu), key=_position)


def dashboard_for(session: Session, principal: Principal, domains: Sequence[Domain]) -> list[Card]:
    """The cards of a signed-in user's home page, by what their roles allow."""
    placed: list[tuple[int, list[Card]]] = []
    for domain in domains:
        placed += [
            (figures.position, figures.cards(session, principal)) for figures in domain.figures
        ]
        placed += [
            (task.position, [Card(_(task.title), _(task.body), task.url)])
            for task in domain.tasks
            if can(principal, task.permission)
        ]
    return [card for _position, cards in sorted(placed, key=lambda item: item[0]) for card in cards]


def grant_badges(session: Session, principal: Principal) -> list[str]:
    """Each grant as a readable badge: role label and scope (a POE by its code)."""
    badges = []
    for grant in principal.grants:
        scope = grant.scope_value or ""
        if grant.scope_type == "poe" and scope:
            scope = geo_service.poe_code_of(session=session, poe_id=scope) or scope
        badges.append(f"{role_label(grant.role)} · {scope}" if scope else role_label(grant.role))
    return badges


def _position(entry: MenuEntry) -> int:
    return entry.position
