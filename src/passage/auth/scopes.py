"""What a grant's scope value can be, picked from a list rather than typed (#15.4).

Accounts sit below the reference data, so the domains that know countries and points of entry
plug their catalogues in when they are installed (`register`): the users page then offers
their choices, a picked or typed code is stored as the grant expects (a POE's id), and the
users list shows names instead of ids. A scope type nobody registered keeps its value as typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from passage.access import ScopeType

Choice = tuple[str, str]  # (what is typed or picked, what people read)


@dataclass(frozen=True)
class ScopeCatalogue:
    """The values of one scope type: resolve one, name some, list the ones to pick from."""

    resolve: Callable[[Session, str], str]  # typed or picked -> stored; raises Invalid
    names: Callable[[Session, Sequence[str]], dict[str, str]]  # stored -> label
    choices: Callable[[Session], list[Choice]]


_CATALOGUES: dict[ScopeType, ScopeCatalogue] = {}


def register(scope_type: ScopeType, catalogue: ScopeCatalogue) -> None:
    """Declare where the values of a scope type come from (called by a domain's on_install)."""
    _CATALOGUES[scope_type] = catalogue


def resolve(session: Session, scope_type: ScopeType, value: str | None) -> str | None:
    """The value a grant stores for what was typed or picked (unchanged without a catalogue)."""
    catalogue = _CATALOGUES.get(scope_type)
    if catalogue is None or not value:
        return value
    return catalogue.resolve(session, value.strip())


def names(session: Session, scopes: Sequence[tuple[str, str | None]]) -> dict[str, str]:
    """Stored scope value -> what people read, for the (scope type, value) pairs given."""
    found: dict[str, str] = {}
    for scope_type, catalogue in _CATALOGUES.items():
        values = [v for t, v in scopes if t == scope_type.value and v]
        if values:
            found.update(catalogue.names(session, values))
    return found


def choices(session: Session) -> dict[str, list[Choice]]:
    """Scope type -> the values to pick from."""
    return {t.value: catalogue.choices(session) for t, catalogue in _CATALOGUES.items()}
