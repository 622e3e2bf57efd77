"""The linkage domain: duplicates in the protection registry (runs, review queue, reversible
merges, the check of a registration before it is saved) and the command line that links any
list."""

from __future__ import annotations

from passage.access import Role
from passage.kit.domain import Command, Domain, MenuEntry, TaskCard
from passage.kit.i18n import N_
from passage.linkage import api, models, web
from passage.linkage.cli import linkage_app
from passage.linkage.tracing import api as tracing_api
from passage.linkage.tracing import models as tracing_models
from passage.linkage.tracing import web as tracing_web
from passage.linkage.tracing.vocabulary import FILTERS as TRACING_FILTERS
from passage.linkage.vocabulary import FILTERS

CASE_STAFF = frozenset({Role.CASE_WORKER, Role.SUPERVISOR, Role.DESIGNATED_CASE_WORKER})

domain = Domain(
    name="linkage",
    summary=(
        "Record linkage: duplicates in the registry, reviewed and merged; family tracing; "
        "any list linked."
    ),
    models=(models, tracing_models),
    routers=(api.router, web.router, tracing_api.router, tracing_web.router),
    permissions={
        "linkage.check": CASE_STAFF,
        "linkage.review": frozenset({Role.SUPERVISOR}),
        # family tracing: case staff handle requests and alone see matches; partner workers
        # file requests for the families they meet and follow them
        "linkage.trace": CASE_STAFF,
        "linkage.trace.request": CASE_STAFF | {Role.PARTNER_WORKER},
    },
    menu=(
        MenuEntry(N_("Possible duplicates"), "/linkage", "linkage.review", 98),
        MenuEntry(N_("Family tracing"), "/linkage/tracing", "linkage.trace.request", 99),
    ),
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
    template_filters=FILTERS | TRACING_FILTERS,
)
