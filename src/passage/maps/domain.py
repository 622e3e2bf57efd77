"""The maps domain: the country-level restriction map, levels and country timelines, and the
population mobility map, which composes the layers of the tracker, flows and protection."""

from __future__ import annotations

from passage.kit.domain import Domain, MenuEntry, TaskCard
from passage.kit.i18n import N_
from passage.maps import api, web

domain = Domain(
    name="maps",
    summary=(
        "The country-level restriction map, a country's level on a date and its timeline, and "
        "the population mobility map (restrictions, POE status, flows, stranded migrants)."
    ),
    routers=(api.router, web.router),
    menu=(
        MenuEntry(N_("Map"), "/map", "measures.read", 40),
        MenuEntry(N_("Mobility map"), "/map/mobility", "measures.read", 41),
    ),
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
