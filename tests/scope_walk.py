"""The scope walk's vocabulary, shared by tests/test_route_scope.py and every domain's
tests/<domain>/route_scope.py: where a target is made (`Place`), what a scenario sends (`Call`)
and how a route's target is made (`Scenario`). A domain module imports these instead of
copying them, and the walk imports the domain modules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from passage.geo.models import PointOfEntry

COUNTRY_ONLY = ("country",)
ORGANISATION_ONLY = ("organisation",)


@dataclass(frozen=True)
class Place:
    """Where a target is made: a point of entry, its country, an organisation."""

    poe: PointOfEntry
    organisation: str

    @property
    def country(self) -> str:
        return self.poe.country_iso3


@dataclass
class Call:
    """What a scenario sends; `refused` tells a refusal that is not a 403/404 (an import)."""

    path: dict[str, str] = field(default_factory=dict)
    json: Any = None
    data: dict[str, Any] | None = None
    files: dict[str, Any] | None = None
    refused: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class Scenario:
    """How to make a target of a route at a place, and which scope kinds can reach it
    (a country or POE grant by default; organisation-owned records say so)."""

    setup: Callable[[Session, Place], Call]
    scopes: tuple[str, ...] = ("country", "poe")
