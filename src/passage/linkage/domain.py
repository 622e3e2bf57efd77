"""The linkage domain: duplicates in the protection registry (runs, review queue, reversible
merges, the check of a registration before it is saved) and the command line that links any
list."""

from __future__ import annotations

from passage.access import Role
from passage.kit.domain import Command, Domain, MenuEntry, TaskCard
from passage.kit.i18n import N_
from passage.linkage import api, models, web
from passage.linkage.cli import linkage_app
from passage.linkage.vocabulary import FILTERS

CASE_STAFF = frozenset({Role.CASE_WORKER, Role.SUPERVISOR, Role.DESIGNATED_CASE_WORKER})

domain = Domain(
    name="linkage",
    summary="Record linkage: duplicates in the registry, reviewed and merged; any list linked.",
    models=(models,),
    routers=(api.router, web.router),
    permissions={
        "linkage.check": CASE_STAFF,
        "linkage.review": frozenset({Role.SUPERVISOR}),
    },
    menu=(MenuEntry(N_("Possible duplicates"), "/linkage", "linkage.review", 98),),
    tasks=(
        TaskCard(
            "linkage.check",
            N_("Check for duplicates"),
            N_("Before registering a person"),
            "/linkage/check",
            1255,
        ),
    ),
    commands=(Command("linkage", linkage_app),),
    template_filters=FILTERS,
)
