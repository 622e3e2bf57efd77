"""Who a border referral can be addressed to, picked from a list (#15.4).

A referral reaches the partners whose grant names its organisation exactly: one typed as
"kenya red cross society" when the partner is "Kenya Red Cross" reaches no one. The pick-list is
the organisations partners are granted, plus the service points of any directory a higher
domain plugs in (`register`: protection's service directory); a typed organisation is matched
to its listed spelling, and one nobody is granted is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from passage.auth import service as auth_service
from passage.errors import Invalid
from passage.kit.i18n import N_


@dataclass(frozen=True)
class ServicePoint:
    """A service a traveller can be referred to, and the organisation that runs it."""

    name: str
    organisation: str


Source = Callable[[Session], list[ServicePoint]]
_SOURCES: list[Source] = []


def register(source: Source) -> None:
    """Add a directory of service points (called by a higher domain's on_install)."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def service_points(session: Session) -> list[ServicePoint]:
    """Every service point of the registered directories, by name."""
    points = [point for source in _SOURCES for point in source(session)]
    return sorted(points, key=lambda p: p.name.casefold())


def organisations(session: Session) -> list[str]:
    """The organisations a referral can reach, sorted."""
    granted = auth_service.granted_organisations(session=session)
    found = {*granted, *(p.organisation for p in service_points(session))}
    return sorted(found, key=str.casefold)


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def listed_organisation(session: Session, typed: str) -> str:
    """The listed spelling of a typed organisation; refused when none is listed by that name
    (while nothing is listed at all, as on a fresh install, the typed name is kept)."""
    known = organisations(session)
    match = {_key(name): name for name in known}.get(_key(typed))
    if match:
        return match
    if not known:
        return typed.strip()
    message = N_("No partner organisation is called %(name)s: pick one from the list.")
    raise Invalid(message, params={"name": typed.strip()}, field="organisation")
