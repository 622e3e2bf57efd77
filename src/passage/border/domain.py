"""The border domain: point-of-entry operations (MRZ, crossings, alert lists, decisions,
referrals, crossing statistics)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from passage.access import BORDER, CASE_ROLES, Principal, Role
from passage.border import travel as site_travel
from passage.border.alerts import api as alerts_api
from passage.border.alerts import jobs as alerts_jobs
from passage.border.alerts import labels as alerts_labels
from passage.border.alerts import models as alerts_models
from passage.border.alerts import web as alerts_web
from passage.border.alerts.cli import alerts_app
from passage.border.crossings import api, figures, labels, lists_web, stats_web, web
from passage.border.crossings import models as crossings_models
from passage.border.demo import load_demo_border
from passage.border.mrz.cli import mrz_app
from passage.border.referrals import api as referrals_api
from passage.border.referrals import models as referrals_models
from passage.border.referrals import web as referrals_web
from passage.kit.domain import Card, Command, Domain, FigureCards, MenuEntry
from passage.kit.i18n import N_
from passage.kit.i18n import gettext_ as _
from passage.kit.travel import DownKind


def work_queue_cards(session: Session, principal: Principal) -> list[Card]:
    """The border officer's queues at their posts, each linking to the filtered list."""
    if Role.BORDER_OFFICER not in principal.roles:
        return []
    counts = figures.work_queue(session=session, actor=principal)
    return [
        Card(
            _("Crossings with alert hits to resolve"),
            str(counts["open_hits"]),
            "/border/crossings?screening=open_hits",
            True,
        ),
        Card(
            _("Crossings waiting for a decision"),
            str(counts["pending"]),
            "/border/crossings?decision=pending",
            True,
        ),
    ]


domain = Domain(
    name="border",
    summary="Point-of-entry operations: MRZ, crossings, alert screening, decisions, referrals.",
    models=(crossings_models, alerts_models, referrals_models),
    travel_up=(
        crossings_models.Traveller,
        crossings_models.TravelDocument,
        crossings_models.Crossing,
        crossings_models.CrossingDecision,
        alerts_models.ScreeningHit,
        referrals_models.Referral,
    ),
    travel_down=(
        # the lists shared with the node's post; an entry removed, or a list no longer
        # shared, is wiped at the node
        DownKind(
            "alert_lists",
            alerts_models.AlertList,
            keep=site_travel.shared_lists,
            on_leave=site_travel.wipe_list,
        ),
        DownKind(
            "alert_persons",
            alerts_models.AlertPerson,
            keep=site_travel.kept_persons,
            on_leave=site_travel.wipe_person,
        ),
        DownKind(
            "lost_documents",
            alerts_models.LostDocument,
            keep=site_travel.kept_documents,
            on_leave=site_travel.wipe_document,
        ),
    ),
    routers=(
        api.router,
        lists_web.router,
        web.router,
        alerts_api.router,
        alerts_web.router,
        referrals_api.router,
        stats_web.router,
        referrals_web.router,
    ),
    permissions={
        # records about persons: need to know
        "border.operate": BORDER,
        "border.read": BORDER,
        "border.stats": frozenset(
            {Role.ADMIN, Role.COORDINATOR, Role.ANALYST, Role.BORDER_OFFICER}
        ),
        "alerts.manage": frozenset({Role.ADMIN}),
        "alerts.resolve": BORDER,
        "referrals.create": BORDER,
        "referrals.read": BORDER | CASE_ROLES,
        "referrals.manage": frozenset({Role.ADMIN}) | CASE_ROLES,
    },
    menu=(
        MenuEntry(N_("Border control"), "/border", "border.operate", 70),
        MenuEntry(N_("Crossings"), "/border/crossings", "border.read", 80),
        MenuEntry(N_("Referrals"), "/referrals", "referrals.read", 90),
        MenuEntry(N_("Alert lists"), "/alert-lists", "alerts.manage", 120),
    ),
    figures=(FigureCards(work_queue_cards, 20),),
    demo=load_demo_border,
    commands=(Command("alerts", alerts_app), Command("mrz", mrz_app)),
    template_filters={
        "decision_label": labels.decision_label,
        "screening_label": labels.screening_label,
        "purpose_label": labels.purpose_label,
        "check_message": labels.check_message,
        "reason_label": alerts_labels.reason_label,
        "hit_summary": alerts_labels.hit_summary,
        "hit_status_label": alerts_labels.hit_status_label,
        "plain_notes": alerts_labels.plain_notes,
        "entry_column_label": alerts_labels.entry_column_label,
    },
    on_install=alerts_jobs.install,  # large alert-list imports run as background jobs
)
