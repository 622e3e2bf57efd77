"""The maps domain: the country-level restriction map, levels and country timelines."""

from __future__ import annotations

from passage.kit.domain import Domain, MenuEntry, TaskCard
from passage.kit.i18n import N_
from passage.maps import api, web

domain = Domain(
    name="maps",
    summary="The country-level restriction map, a country's level on a date and its timeline.",
    routers=(api.router, web.router),
    menu=(MenuEntry(N_("Map"), "/map", "measures.read", 40),),
    tasks=(
        TaskCard(
            "measures.read",
            N_("Restriction map"),
            N_("Entry-restriction level by country"),
            "/map",
            500,
        ),
    ),
)
