"""Notices a page shows about the deployment itself (a field node offline, its reference data
old): an extension point of the pages' toolkit. A higher domain registers a provider at install
(`register`); a page that depends on such state (the officer screen) asks for them
(`collect`) and `components/_notices.html` shows them.

Badges are counts the header of every page shows to a signed-in user (new referrals to their
organisation): a domain registers a provider (`register_badge`); `render` shows them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from passage.access import Principal


@dataclass(frozen=True)
class Notice:
    """One line of status: translated text, a warning or not, a link to the details."""

    text: str
    warning: bool
    url: str | None = None


Provider = Callable[[Session, Principal], Notice | None]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    """Add a source of notices (once)."""
    if provider not in _providers:
        _providers.append(provider)


def collect(session: Session, principal: Principal) -> list[Notice]:
    """The notices every provider has for this page."""
    return [notice for provider in _providers if (notice := provider(session, principal))]


@dataclass(frozen=True)
class Badge:
    """A count in the header of every page, linking to the list it counts (e.g. new
    referrals not yet seen); `text` is translated and names no person."""

    text: str
    count: int
    url: str


BadgeProvider = Callable[[Session, Principal], Badge | None]
_badge_providers: list[BadgeProvider] = []


def register_badge(provider: BadgeProvider) -> None:
    """Add a source of header badges (once)."""
    if provider not in _badge_providers:
        _badge_providers.append(provider)


def badges(session: Session, principal: Principal) -> list[Badge]:
    """The badges with something to count for this user (none for the public)."""
    if not principal.is_authenticated:
        return []
    found = (provider(session, principal) for provider in _badge_providers)
    return [badge for badge in found if badge is not None and badge.count > 0]
