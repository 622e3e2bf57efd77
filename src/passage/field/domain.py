"""The field domain: a deployment on SQLite at a site, enrolled with a central deployment,
working offline and syncing with nothing lost or duplicated (docs/field-node.md)."""

from __future__ import annotations

from passage.access import BORDER, EVERYONE, HEALTH_ROLES, Role
from passage.field import api, models, node, web
from passage.field.cli import field_app
from passage.kit.domain import Command, Domain, MenuEntry, TaskCard
from passage.kit.i18n import N_

ADMINS = frozenset({Role.ADMIN})

domain = Domain(
    name="field",
    summary="Field nodes: offline sites on SQLite, enrolled with and synced to a central.",
    models=(models,),
    routers=(api.router, web.router),
    permissions={
        # nodes authenticate by the signature of each message (and a one-time token to enrol)
        "field.sync": EVERYONE,
        "field.manage": ADMINS,
        "field.review": ADMINS,
        "field.status": BORDER | HEALTH_ROLES,
    },
    menu=(MenuEntry(N_("Field nodes"), "/admin/field", "field.manage", 175),),
    tasks=(
        TaskCard(
            "field.review",
            N_("Sync conflicts"),
            N_("Fields edited both at a site and here"),
            "/admin/field/conflicts",
            1810,
        ),
    ),
    commands=(Command("field", field_app),),
    on_install=node.install,
)
