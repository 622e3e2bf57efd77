"""The geo domain: countries and territories (ISO 3166-1, UN M49) and points of entry."""

from __future__ import annotations

from sqlalchemy.orm import Session

from passage.access import EVERYONE, Principal, Role
from passage.errors import word_params
from passage.geo import api, jobs, models, scopes, service, web
from passage.geo.cli import poe_app
from passage.kit.domain import Card, Command, Domain, FigureCards, MenuEntry, TaskCard
from passage.kit.i18n import N_
from passage.kit.i18n import gettext_ as _
from passage.kit.travel import DownKind
from passage.web.labels import poe_kind_label


def install() -> None:
    """Offer countries and points of entry to the users page; large crossings imports run as
    background jobs."""
    scopes.install()
    jobs.install()
    word_params(("country",), service.country_words)


def reference_figures(session: Session, principal: Principal) -> list[Card]:
    """How many countries and points of entry the deployment knows."""
    countries, poes = service.reference_counts(session=session)
    return [
        Card(_("Countries and territories"), str(countries), "/countries", is_figure=True),
        Card(_("Points of entry"), str(poes), "/poes", is_figure=True),
    ]


domain = Domain(
    name="geo",
    summary="Countries and territories, and points of entry (airports, crossings, ports).",
    models=(models,),
    travel_down=(
        DownKind("countries", models.Country, natural_key=("iso3",)),
        DownKind("points_of_entry", models.PointOfEntry),
    ),
    routers=(api.router, web.router),
    permissions={
        "reference.read": EVERYONE,
        "poe.manage": frozenset({Role.ADMIN, Role.COORDINATOR}),
    },
    menu=(MenuEntry(N_("Points of entry"), "/poes", "reference.read", 60),),
    figures=(FigureCards(reference_figures, 10),),
    tasks=(
        TaskCard(
            "poe.manage",
            N_("Import crossings"),
            N_("Load land and sea crossings from CSV"),
            "/poes/import",
            800,
        ),
    ),
    commands=(Command("poe", poe_app),),
    template_filters={"poe_kind_label": poe_kind_label},
    on_install=install,
)
