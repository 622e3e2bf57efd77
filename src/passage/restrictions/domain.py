"""The restrictions domain: travel measures (bitemporal versions), POE status history, the
editorial workflow and imports (OxCGRT, the Passage template)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from passage.access import EDITORS, EVERYONE, Principal, Role
from passage.kit.domain import Card, Command, Domain, FigureCards, MenuEntry, TaskCard
from passage.kit.i18n import N_
from passage.kit.i18n import gettext_ as _
from passage.kit.travel import DownKind
from passage.restrictions import api, labels, models, moderation, web
from passage.restrictions.cli import restrictions_app
from passage.restrictions.demo import load_demo_restrictions
from passage.restrictions.imports import api as imports_api
from passage.restrictions.imports import jobs as import_jobs
from passage.restrictions.imports import web as imports_web
from passage.restrictions.sharing import appliers as sharing


def install() -> None:
    """Share measures on the exchange feed; large imports run as background jobs."""
    sharing.install()
    import_jobs.install()


def work_queue_cards(session: Session, principal: Principal) -> list[Card]:
    """The coordinator's queues in their countries, each linking to the filtered list."""
    if Role.COORDINATOR not in principal.roles:
        return []
    counts = moderation.work_queue(session=session, actor=principal)
    drafts = "/measures?status=draft" + (
        f"&country={counts['country']}" if counts["country"] else ""
    )
    return [
        Card(_("Draft measures to review"), str(counts["drafts"]), drafts, True),
        Card(_("Discrepancy reports to moderate"), str(counts["reports"]), "/moderation", True),
    ]


domain = Domain(
    name="restrictions",
    summary="Travel measures with full history, POE status, editorial workflow and imports.",
    models=(models,),
    travel_down=(
        DownKind("measures", models.Measure),
        # with their targets, so that journey checks answer offline
        DownKind(
            "measure_versions",
            models.MeasureVersion,
            children=((models.MeasureTarget, "version_id"),),
        ),
        DownKind("poe_statuses", models.PoeStatus),
    ),
    routers=(imports_api.router, imports_web.router, api.router, web.router),
    permissions={
        "measures.read": EVERYONE,
        "measures.edit": EDITORS,
        "measures.publish": EDITORS,
        "measures.moderate": EDITORS,
        "measures.import": EDITORS,
        "measures.report": EVERYONE,
        "poe_status.edit": frozenset({Role.ADMIN, Role.COORDINATOR, Role.BORDER_OFFICER}),
    },
    figures=(FigureCards(work_queue_cards, 22),),
    menu=(
        MenuEntry(N_("Measures"), "/measures", "measures.read", 30),
        MenuEntry(N_("Moderation"), "/moderation", "measures.moderate", 140),
    ),
    tasks=(
        TaskCard(
            "measures.edit", N_("New measure"), N_("Record a travel measure"), "/measures/new", 100
        ),
        TaskCard(
            "measures.import",
            N_("Import measures"),
            N_("OxCGRT or the Passage template"),
            "/restrictions/import",
            200,
        ),
        TaskCard(
            "measures.moderate",
            N_("Moderation"),
            N_("Discrepancies reported on measures"),
            "/moderation",
            300,
        ),
    ),
    demo=load_demo_restrictions,
    commands=(Command("restrictions", restrictions_app),),
    template_filters={
        "measure_type_label": labels.measure_type_label,
        "class_label": labels.class_label,
        "level_label": labels.level_label,
        "status_label": labels.status_label,
        "exemption_label": labels.exemption_label,
        "target_kind_label": labels.target_kind_label,
        "poe_scope_label": labels.poe_scope_label,
        "poe_status_label": labels.poe_status_label,
        "who_may_cross_label": labels.who_may_cross_label,
        "who_may_cross_labels": labels.who_may_cross_labels,
        "travel_mode_label": labels.travel_mode_label,
        "measure_field_label": labels.measure_field_label,
        "template_column_label": labels.template_column_label,
        "template_column_values": labels.template_column_values,
        "measure_field_value": labels.measure_field_value,
        "change_note_label": labels.change_note_label,
    },
    on_install=install,
)
