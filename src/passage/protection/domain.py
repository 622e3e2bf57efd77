"""The protection domain: registry, ways in, vulnerability scoring, case management, referrals
out and reports, for stranded and vulnerable migrants."""

from __future__ import annotations

from sqlalchemy.orm import Session

from passage.access import Principal, Role
from passage.config import Settings
from passage.kit.domain import Card, Command, Domain, FigureCards, MenuEntry, TaskCard
from passage.kit.i18n import N_
from passage.kit.i18n import gettext_ as _
from passage.kit.jobs import Job
from passage.kit.travel import DownKind
from passage.protection import jobs, notices, vocabulary
from passage.protection import travel as site_travel
from passage.protection.cases import api as cases_api
from passage.protection.cases import lists
from passage.protection.cases import models as cases_models
from passage.protection.cases import web as cases_web
from passage.protection.cli import protection_app
from passage.protection.demo import load_demo_protection
from passage.protection.intake import api as intake_api
from passage.protection.intake import border as border_intake
from passage.protection.intake import models as intake_models
from passage.protection.intake import public_web as intake_public_web
from passage.protection.intake import remote
from passage.protection.intake import service as intake
from passage.protection.intake import web as intake_web
from passage.protection.referrals import api as referrals_api
from passage.protection.referrals import models as referrals_models
from passage.protection.referrals import service as referrals_service
from passage.protection.referrals import web as referrals_web
from passage.protection.registry import api as registry_api
from passage.protection.registry import models as registry_models
from passage.protection.registry import web as registry_web
from passage.protection.reports import api as reports_api
from passage.protection.reports import models as reports_models
from passage.protection.reports import web as reports_web
from passage.protection.scoring import api as scoring_api
from passage.protection.scoring import models as scoring_models
from passage.protection.scoring import web as scoring_web

CASE_STAFF = frozenset({Role.CASE_WORKER, Role.SUPERVISOR, Role.DESIGNATED_CASE_WORKER})
ADMIN = frozenset({Role.ADMIN})
BORDER_REFERRALS = "/protection/border-referrals"


def protection_jobs(settings: Settings) -> list[Job]:
    """Reminders of overdue follow-ups (hourly) and the weekly and monthly reports (6-hourly)."""
    return [
        Job("protection.reminders", jobs.remind, 3600.0),
        Job("protection.reports", jobs.report, 21600.0),
    ]


def work_cards(session: Session, principal: Principal) -> list[Card]:
    """The case worker's queues: new border referrals, registrations and referrals in to
    verify, open cases, their own; the partner's new referrals. Each links to its list."""
    cards = []
    if Role.PARTNER_WORKER in principal.roles:
        new = referrals_service.count_new_for_partner(session=session, actor=principal)
        cards.append(
            Card(_("New referrals to answer"), str(new), "/protection/partner?status=pending", True)
        )
    if not principal.is_authenticated or not (principal.roles & CASE_STAFF):
        return cards
    counts = lists.counts(session=session, actor=principal)
    waiting = intake.count_waiting(session=session, actor=principal)
    referred = border_intake.count_waiting(session=session, actor=principal)
    return [
        *cards,
        Card(_("New referrals from points of entry"), str(referred), BORDER_REFERRALS, True),
        Card(_("Registrations to verify"), str(waiting), "/protection/registrations", True),
        Card(_("Cases assigned to you"), str(counts["mine"]), "/protection/caseload", True),
        Card(_("Open cases in the queue"), str(counts["open"]), "/protection/queue", True),
    ]


def _install() -> None:
    """Receive referrals over the exchange; serve the directory to border referrals; show the
    notice of new referrals in the header."""
    remote.install()
    referrals_service.install()
    notices.install()


domain = Domain(
    name="protection",
    summary="Registry, self-registration, vulnerability scoring, cases and referrals of migrants.",
    models=(
        registry_models,
        intake_models,
        scoring_models,
        cases_models,
        referrals_models,
        reports_models,
    ),
    # made or changed at a field node (parents first). Not: case documents (sealed with this
    # deployment's secret key), reminders and report snapshots (each side's jobs make them).
    travel_up=(
        registry_models.Household,
        registry_models.Person,
        registry_models.PersonChange,
        referrals_models.Consent,
        cases_models.Case,
        scoring_models.Screening,
        cases_models.CaseService,
        cases_models.FollowUp,
        cases_models.CaseNote,
        cases_models.CaseTransfer,
        referrals_models.ServiceReferral,
        intake_models.Registration,
        intake_models.InformationRequest,
    ),
    travel_down=(
        DownKind("protection_scoring_models", scoring_models.ScoringModel),
        # the cases of the node's organisation, with the person each is about
        DownKind(
            "protection_cases",
            cases_models.Case,
            site_filter=site_travel.site_cases,
            first_filter=site_travel.open_cases,
            with_parents=True,
        ),
        DownKind(
            "protection_case_services",
            cases_models.CaseService,
            site_filter=site_travel.site_services,
            first_filter=site_travel.open_services,
            with_parents=True,
        ),
        DownKind(
            "protection_follow_ups",
            cases_models.FollowUp,
            site_filter=site_travel.site_follow_ups,
            first_filter=site_travel.open_follow_ups,
            with_parents=True,
        ),
    ),
    routers=(
        registry_api.router,
        intake_api.router,
        scoring_api.router,
        cases_api.router,
        referrals_api.router,
        reports_api.router,
        intake_public_web.router,
        intake_web.router,
        registry_web.router,
        scoring_web.router,
        cases_web.router,
        referrals_web.router,
        reports_web.router,
    ),
    permissions={
        "protection.read": CASE_STAFF,
        "protection.edit": CASE_STAFF,
        "protection.supervise": frozenset({Role.SUPERVISOR}),
        "protection.sensitive": frozenset({Role.DESIGNATED_CASE_WORKER}),
        "protection.models": ADMIN | {Role.SUPERVISOR},
        "protection.rescore": ADMIN,
        "protection.directory": CASE_STAFF | ADMIN | {Role.PARTNER_WORKER},
        "protection.directory.manage": ADMIN | {Role.SUPERVISOR},
        "protection.partner": frozenset({Role.PARTNER_WORKER}),
        "protection.reports": CASE_STAFF | ADMIN | {Role.COORDINATOR, Role.ANALYST},
    },
    menu=(
        MenuEntry(N_("Protection"), "/protection", "protection.read", 95),
        MenuEntry(N_("Partner referrals"), "/protection/partner", "protection.partner", 96),
        MenuEntry(N_("Protection reports"), "/protection/reports", "protection.reports", 97),
    ),
    tasks=(
        TaskCard(
            "protection.edit",
            N_("Register a person"),
            N_("Intake form"),
            "/protection/intake",
            1250,
        ),
        TaskCard(
            "protection.read",
            N_("My caseload"),
            N_("Cases, follow-ups, reminders"),
            "/protection/caseload",
            1260,
        ),
        TaskCard(
            "protection.models",
            N_("Scoring models"),
            N_("Vulnerability screening models"),
            "/protection/models",
            1270,
        ),
        TaskCard(
            "protection.partner",
            N_("Referrals to you"),
            N_("Accept, reject, close"),
            "/protection/partner",
            1280,
        ),
    ),
    figures=(FigureCards(work_cards, 25),),
    jobs=protection_jobs,
    demo=load_demo_protection,
    commands=(Command("protection", protection_app),),
    template_filters=dict(vocabulary.LABELS),
    on_install=_install,
)
