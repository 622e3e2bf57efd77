"""The health domain: port health (SOP screening, certificate checks, cases and follow-up,
travellers of interest, notifications)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from passage.access import HEALTH_ROLES, STAFF_ROLES, Principal, Role
from passage.config import Settings
from passage.db import get_session_factory
from passage.health import travel as site_travel
from passage.health import web
from passage.health.cases import api as cases_api
from passage.health.cases import models as cases_models
from passage.health.cases import service as cases_service
from passage.health.cases import web as cases_web
from passage.health.certificates import api as certificates_api
from passage.health.certificates import models as certificates_models
from passage.health.certificates import web as certificates_web
from passage.health.cli import health_app
from passage.health.demo import load_demo_health
from passage.health.notifications import api as notifications_api
from passage.health.notifications import models as notifications_models
from passage.health.notifications import web as notifications_web
from passage.health.notifications.service import deliver_due
from passage.health.screening import api as screening_api
from passage.health.screening import models as screening_models
from passage.health.screening import web as screening_web
from passage.kit.domain import Card, Command, Domain, FigureCards, MenuEntry, TaskCard
from passage.kit.i18n import N_
from passage.kit.i18n import gettext_ as _
from passage.kit.jobs import Job
from passage.kit.travel import DownKind

ADMIN = frozenset({Role.ADMIN})


def work_queue_cards(session: Session, principal: Principal) -> list[Card]:
    """The port-health officer's queue at their posts, linking to the filtered case list."""
    if Role.PORT_HEALTH_OFFICER not in principal.roles:
        return []
    due = cases_service.count_cases_due_today(session=session, actor=principal)
    return [Card(_("Cases with a follow-up due today"), str(due), "/health/cases?due=today", True)]


def health_jobs(settings: Settings) -> list[Job]:
    """Notification e-mails, unless cron sends them (`passage health deliver`, interval 0)."""
    if settings.outbox_interval_seconds <= 0:
        return []
    send = Job(
        "health.mail",
        lambda: sum(deliver_due(get_session_factory()).values()),
        settings.outbox_interval_seconds,
    )
    return [send]


domain = Domain(
    name="health",
    summary="Port health: SOP screening, certificates, cases, travellers of interest, mail.",
    models=(screening_models, cases_models, certificates_models, notifications_models),
    travel_up=(
        screening_models.HealthScreening,
        cases_models.PortHealthCase,
        cases_models.FollowUpTask,
        cases_models.TravellerOfInterest,
        certificates_models.CertificateCheck,
    ),
    travel_down=(
        DownKind(
            "disease_criteria",
            screening_models.DiseaseCriteria,
            natural_key=("disease_code", "revision"),
        ),
        # the site's cases (with the screening, crossing and traveller each refers to)
        DownKind(
            "health_cases",
            cases_models.PortHealthCase,
            site_filter=site_travel.site_cases,
            first_filter=site_travel.open_cases,
            with_parents=True,
        ),
        DownKind(
            "health_follow_ups",
            cases_models.FollowUpTask,
            site_filter=site_travel.site_follow_ups,
            first_filter=site_travel.open_follow_ups,
            with_parents=True,
        ),
    ),
    routers=(
        screening_api.router,
        certificates_api.router,
        cases_api.router,
        notifications_api.router,
        web.router,
        screening_web.router,
        certificates_web.router,
        cases_web.router,
        notifications_web.router,
    ),
    permissions={
        # personal health data: health roles in scope, never admin or border roles
        "health.screen": frozenset({Role.PORT_HEALTH_OFFICER}),
        "health.read": HEALTH_ROLES,
        "health.cases": HEALTH_ROLES,
        "certificates.verify": frozenset({Role.PORT_HEALTH_OFFICER}),
        "health.criteria.read": HEALTH_ROLES | ADMIN,
        "health.admin": ADMIN,
        "notifications.read": STAFF_ROLES,
    },
    menu=(
        MenuEntry(N_("Port health"), "/health", "health.read", 100),
        MenuEntry(N_("Health criteria"), "/admin/health/criteria", "health.admin", 110),
    ),
    tasks=(
        TaskCard(
            "health.screen",
            N_("Screen a traveller"),
            N_("Health screening per the SOP"),
            "/health/screenings/new",
            900,
        ),
        TaskCard(
            "certificates.verify",
            N_("Verify a certificate"),
            N_("EU DCC from a QR code or a photo"),
            "/health/certificates",
            1000,
        ),
        TaskCard(
            "health.read",
            N_("Port-health cases"),
            N_("Follow-up and referral"),
            "/health/cases",
            1100,
        ),
        TaskCard(
            "health.read",
            N_("Travellers of interest"),
            N_("List and map for health authorities"),
            "/health/interest",
            1200,
        ),
        TaskCard(
            "health.admin",
            N_("Screening criteria"),
            N_("Diseases, case definitions, incubation"),
            "/admin/health/criteria",
            1300,
        ),
        TaskCard(
            "health.admin",
            N_("E-mail"),
            N_("SMTP settings and delivery"),
            "/admin/health/mail",
            1500,
        ),
        TaskCard(
            "notifications.read",
            N_("Notifications"),
            N_("Messages for you"),
            "/notifications",
            1600,
        ),
    ),
    figures=(FigureCards(work_queue_cards, 21),),
    jobs=health_jobs,
    demo=load_demo_health,
    commands=(Command("health", health_app),),
)
