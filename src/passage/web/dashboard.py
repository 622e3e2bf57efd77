"""What each role sees first: dashboard cards and the navigation, both filtered by permission."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from passage.access import Principal, can
from passage.geo import repository as geo_repository
from passage.kit.i18n import gettext_ as _
from passage.web.labels import role_label


@dataclass(frozen=True)
class NavItem:
    """A link shown to whoever holds its permission."""

    label: str
    url: str
    permission: str


def navigation() -> list[NavItem]:
    """The main menu; each domain adds its entries here."""
    return [
        NavItem(_("Dashboard"), "/", "dashboard"),
        NavItem(_("Can I travel?"), "/travel", "journeys.check"),
        NavItem(_("Measures"), "/measures", "measures.read"),
        NavItem(_("Map"), "/map", "measures.read"),
        NavItem(_("Overview"), "/overview", "overview.read"),
        NavItem(_("Points of entry"), "/poes", "reference.read"),
        NavItem(_("Border control"), "/border", "border.operate"),
        NavItem(_("Crossings"), "/border/crossings", "border.read"),
        NavItem(_("Referrals"), "/referrals", "referrals.read"),
        NavItem(_("Port health"), "/health", "health.read"),
        NavItem(_("Health criteria"), "/admin/health/criteria", "health.admin"),
        NavItem(_("Alert lists"), "/alert-lists", "alerts.manage"),
        NavItem(_("Entry rules"), "/rules", "rules.manage"),
        NavItem(_("Moderation"), "/moderation", "measures.moderate"),
        NavItem(_("Users"), "/admin/users", "users.manage"),
        NavItem(_("Audit trail"), "/admin/audit", "audit.read"),
        NavItem(_("Exchange"), "/admin/exchange", "exchange.manage"),
    ]


def visible_navigation(principal: Principal) -> list[NavItem]:
    """Menu entries the principal may open (the public sees public ones only)."""
    items = [item for item in navigation() if can(principal, item.permission)]
    return [item for item in items if principal.is_authenticated or item.permission != "dashboard"]


@dataclass(frozen=True)
class Card:
    """A dashboard tile: a figure or a task, linking to where the work is done."""

    title: str
    body: str
    url: str
    is_figure: bool = False


def grant_badges(session: Session, principal: Principal) -> list[str]:
    """Each grant as a readable badge: role label and scope (a POE by its code)."""
    badges = []
    for grant in principal.grants:
        scope = grant.scope_value or ""
        if grant.scope_type == "poe" and scope:
            poe = geo_repository.get_poe(session, uuid.UUID(scope))
            scope = poe.code if poe else scope
        badges.append(f"{role_label(grant.role)} · {scope}" if scope else role_label(grant.role))
    return badges


def dashboard_for(session: Session, principal: Principal) -> list[Card]:
    """The cards of a signed-in user's home page, by what their roles allow."""
    countries = str(geo_repository.count_countries(session))
    cards = [Card(_("Countries and territories"), countries, "/countries", is_figure=True)]
    by_kind = geo_repository.count_poes_by_kind(session)
    cards.append(Card(_("Points of entry"), str(sum(by_kind.values())), "/poes", True))
    tasks = [
        ("measures.edit", _("New measure"), _("Record a travel measure"), "/measures/new"),
        (
            "measures.import",
            _("Import measures"),
            _("OxCGRT or the Passage template"),
            "/restrictions/import",
        ),
        (
            "measures.moderate",
            _("Moderation"),
            _("Discrepancies reported on measures"),
            "/moderation",
        ),
        ("overview.read", _("Global overview"), _("Mobility restrictions on a date"), "/overview"),
        ("measures.read", _("Restriction map"), _("Entry-restriction level by country"), "/map"),
        (
            "journeys.batch",
            _("Check a manifest"),
            _("Entry requirements for a flight or crossing"),
            "/journeys/manifest",
        ),
        ("rules.manage", _("Entry rules"), _("Upload EU DCC business rules"), "/rules"),
        (
            "poe.manage",
            _("Import crossings"),
            _("Load land and sea crossings from CSV"),
            "/poes/import",
        ),
        (
            "health.screen",
            _("Screen a traveller"),
            _("Health screening per the SOP"),
            "/health/screenings/new",
        ),
        (
            "certificates.verify",
            _("Verify a certificate"),
            _("EU DCC from a QR code or a photo"),
            "/health/certificates",
        ),
        ("health.read", _("Port-health cases"), _("Follow-up and referral"), "/health/cases"),
        (
            "health.read",
            _("Travellers of interest"),
            _("List and map for health authorities"),
            "/health/interest",
        ),
        (
            "health.admin",
            _("Screening criteria"),
            _("Diseases, case definitions, incubation"),
            "/admin/health/criteria",
        ),
        (
            "health.admin",
            _("Certificate trust"),
            _("Trust lists and value sets"),
            "/admin/health/certificates",
        ),
        ("health.admin", _("E-mail"), _("SMTP settings and delivery"), "/admin/health/mail"),
        ("notifications.read", _("Notifications"), _("Messages for you"), "/notifications"),
        ("users.manage", _("Accounts"), _("Create users and grant roles"), "/admin/users"),
        ("audit.read", _("Audit trail"), _("Review and verify the log"), "/admin/audit"),
        (
            "exchange.manage",
            _("Exchange"),
            _("Feed, partners and subscribers"),
            "/admin/exchange",
        ),
        (
            "exchange.review",
            _("Partners' changes"),
            _("Review changes that clash with local edits"),
            "/exchange/conflicts",
        ),
    ]
    cards += [
        Card(title, body, url)
        for permission, title, body, url in tasks
        if can(principal, permission)
    ]
    cards.append(Card(_("My account"), _("Password and API tokens"), "/account"))
    return cards
