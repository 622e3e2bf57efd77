"""The audit domain: the append-only, hash-chained log of every access and change."""

from __future__ import annotations

from passage.access import Role
from passage.audit import api, models, service, web
from passage.audit.cli import audit_app
from passage.kit.domain import Command, Domain, MenuEntry, TaskCard
from passage.kit.i18n import N_

domain = Domain(
    name="audit",
    summary="The append-only, hash-chained audit trail and its verification.",
    models=(models,),
    routers=(api.router, web.router),
    permissions={"audit.read": frozenset({Role.ADMIN})},
    menu=(MenuEntry(N_("Audit trail"), "/admin/audit", "audit.read", 160),),
    tasks=(
        TaskCard(
            "audit.read", N_("Audit trail"), N_("Review and verify the log"), "/admin/audit", 1800
        ),
    ),
    commands=(Command("audit", audit_app),),
    on_install=service.install,
)
