"""The audit domain: the append-only, hash-chained, MAC'd log of every access and change, and
the signed checkpoints that anchor it outside the database."""

from __future__ import annotations

from passage.access import Role
from passage.audit import api, models, service, vocabulary, web
from passage.audit.cli import audit_app
from passage.config import Settings
from passage.kit.domain import Command, Domain, MenuEntry, TaskCard
from passage.kit.i18n import N_
from passage.kit.jobs import Job


def audit_jobs(settings: Settings) -> list[Job]:
    """Chaining the entries writers left waiting (every few seconds), and signed checkpoints
    of the chain head when it moved (PASSAGE_AUDIT_CHECKPOINT_MINUTES)."""
    chain = Job("audit.chain", lambda: service.chain_job(), service.CHAIN_INTERVAL_SECONDS)
    interval = settings.audit_checkpoint_minutes * 60
    if not interval:
        return [chain]
    return [chain, Job("audit.checkpoint", lambda: service.checkpoint_job(), interval)]


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
    jobs=audit_jobs,
    commands=(Command("audit", audit_app),),
    on_install=service.install,
    template_filters={
        "audit_action_label": vocabulary.action_label,
        "audit_purpose_label": vocabulary.purpose_label,
    },
)
