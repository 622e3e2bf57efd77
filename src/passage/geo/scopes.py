"""Countries and points of entry as grant scopes: what the users page offers to pick, how a
picked or typed code is stored (a POE's id), and the names shown instead of ids (#15.4)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from passage.access import ScopeType
from passage.auth import scopes
from passage.errors import Invalid
from passage.geo import repository
from passage.kit.i18n import N_, current_language

PICKED_POE_KINDS = ("land_crossing", "sea_port", "river_port", "lake_port")
PICK_LIMIT = 400


def _country(session: Session, value: str) -> str:
    code = value.split(" ", 1)[0].upper()
    if repository.get_country(session, code) is None:
        raise Invalid("Pick a country from the list (a three-letter code).", field="scope_value")
    return code


def _country_names(session: Session, values: Sequence[str]) -> dict[str, str]:
    language = current_language()
    countries = {c.iso3: c.name(language) for c in repository.list_countries(session)}
    return {v: f"{countries[v]} ({v})" for v in values if v in countries}


def _country_choices(session: Session) -> list[scopes.Choice]:
    language = current_language()
    return [(c.iso3, c.name(language)) for c in repository.list_countries(session)]


def _poe(session: Session, value: str) -> str:
    """A POE's id from its id, its code (NBO, LND-KEN-NAMANGA) or a picked "code name"."""
    try:
        poe = repository.get_poe(session, uuid.UUID(value))
    except ValueError:
        code = value.split(" ", 1)[0].upper()
        poe = repository.get_poes_by_code(session, [code]).get(code)
    if poe is None:
        message = N_("Pick a point of entry from the list, or type its code (e.g. NBO).")
        raise Invalid(message, field="scope_value")
    return str(poe.id)


def _poe_names(session: Session, values: Sequence[str]) -> dict[str, str]:
    ids = []
    for value in values:
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            continue
    poes = repository.get_poes_by_ids(session, ids)
    return {str(i): f"{p.name} ({p.code})" for i, p in poes.items()}


def _poe_choices(session: Session) -> list[scopes.Choice]:
    """Crossings and ports (airports are typed by code: there are thousands)."""
    picked: list[scopes.Choice] = []
    for kind in PICKED_POE_KINDS:
        poes, _total = repository.search_poes(session, kind=kind, limit=PICK_LIMIT)
        picked += [(p.code, f"{p.name} ({p.country_iso3})") for p in poes]
    return picked


def install() -> None:
    """Offer countries and points of entry to the users page."""
    scopes.register(
        ScopeType.COUNTRY, scopes.ScopeCatalogue(_country, _country_names, _country_choices)
    )
    scopes.register(ScopeType.POE, scopes.ScopeCatalogue(_poe, _poe_names, _poe_choices))
