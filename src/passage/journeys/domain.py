"""The journeys domain: entry requirements for a traveller, an itinerary and a date."""

from __future__ import annotations

from passage.access import EVERYONE, Role
from passage.journeys import api, messages, web
from passage.journeys.cli import journeys_app
from passage.kit.domain import Command, Domain, MenuEntry, TaskCard
from passage.kit.i18n import N_

domain = Domain(
    name="journeys",
    summary="The journey check: ADMIT, ADMIT_WITH_CONDITIONS, REFUSE or UNKNOWN, explained.",
    routers=(api.router, web.router),
    permissions={
        "journeys.check": EVERYONE,
        "journeys.batch": frozenset(
            {Role.ADMIN, Role.COORDINATOR, Role.ANALYST, Role.BORDER_OFFICER}
        ),
    },
    menu=(MenuEntry(N_("Can I travel?"), "/travel", "journeys.check", 20),),
    tasks=(
        TaskCard(
            "journeys.batch",
            N_("Check a manifest"),
            N_("Entry requirements for a flight or crossing"),
            "/journeys/manifest",
            600,
        ),
    ),
    commands=(Command("journeys", journeys_app),),
    template_filters={
        "journey_decision_label": messages.decision_label,
        "journey_effect_label": messages.effect_label,
    },
)
