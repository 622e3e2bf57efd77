"""Notices a page shows about the deployment itself (a field node offline, its reference data
old): an extension point of the pages' toolkit. A higher domain registers a provider at install
(`register`); a page that depends on such state (the officer screen) asks for them
(`collect`) and `components/_notices.html` shows them."""

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
