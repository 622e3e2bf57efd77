"""The overview domain: the Global Mobility Restriction Overview for a date."""

from __future__ import annotations

from passage.access import EVERYONE
from passage.kit.domain import Command, Domain, MenuEntry, TaskCard
from passage.kit.i18n import N_
from passage.overview import api, web
from passage.overview.cli import overview_command

domain = Domain(
    name="overview",
    summary="The Global Mobility Restriction Overview for a date: page, JSON, CSV with HXL, PDF.",
    routers=(api.router, web.router),
    permissions={"overview.read": EVERYONE},
    menu=(MenuEntry(N_("Overview"), "/overview", "overview.read", 50),),
    tasks=(
        TaskCard(
            "overview.read",
            N_("Global overview"),
            N_("Mobility restrictions on a date"),
            "/overview",
            400,
        ),
    ),
    commands=(Command("overview", overview_command),),
)
