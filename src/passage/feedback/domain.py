"""The feedback domain: questions, requests, complaints and thanks from the people served,
anonymous and offline-capable, handled within time limits; sensitive complaints for the
complaints focal points only."""

from __future__ import annotations

from sqlalchemy.orm import Session

from passage.access import Principal, Role
from passage.feedback import api, models, public_web, service, vocabulary, web
from passage.kit.domain import Card, Domain, FigureCards, MenuEntry, TaskCard
from passage.kit.i18n import N_
from passage.kit.i18n import gettext_ as _

FOCAL = frozenset({Role.COMPLAINTS_FOCAL_POINT})
HANDLERS = FOCAL | {Role.CASE_WORKER, Role.SUPERVISOR, Role.DESIGNATED_CASE_WORKER}


def work_cards(session: Session, principal: Principal) -> list[Card]:
    """Feedback handlers' figures: open and overdue items within reach."""
    if not principal.is_authenticated or not (principal.roles & HANDLERS):
        return []
    counts = service.counts(session=session, actor=principal)
    return [
        Card(str(counts["open"]), _("Open feedback"), "/feedback/queue", True),
        Card(str(counts["overdue"]), _("Overdue feedback"), "/feedback/queue?overdue=1", True),
    ]


domain = Domain(
    name="feedback",
    summary="Feedback and complaints: anonymous, multilingual, offline; sensitive ones apart.",
    models=(models,),
    # items a hotline operator or partner records at a field node go up (photos, sealed with
    # this deployment's secret key, and throttling attempts stay where they are)
    travel_up=(models.FeedbackItem,),
    routers=(api.router, public_web.router, web.router),
    permissions={
        "feedback.read": HANDLERS,
        "feedback.handle": HANDLERS,
        "feedback.record": HANDLERS | {Role.PARTNER_WORKER},
        "feedback.sensitive": FOCAL,
        "feedback.import": FOCAL | {Role.SUPERVISOR, Role.ADMIN},
        "feedback.reports": HANDLERS | {Role.ADMIN, Role.COORDINATOR, Role.ANALYST},
    },
    menu=(
        MenuEntry(N_("Feedback"), "/feedback/queue", "feedback.read", 98),
        MenuEntry(N_("Feedback reports"), "/feedback/reports", "feedback.reports", 99),
    ),
    tasks=(
        TaskCard(
            "feedback.record",
            N_("Record feedback"),
            N_("From a call or a visit"),
            "/feedback/record",
            1290,
        ),
    ),
    figures=(FigureCards(work_cards, 27),),
    template_filters=dict(vocabulary.LABELS),
)
