"""The shell as a domain: the home page and dashboard, the language switch, static files."""

from __future__ import annotations

from passage.access import STAFF_ROLES
from passage.kit.domain import Domain, MenuEntry
from passage.kit.i18n import N_
from passage.shell import routes

domain = Domain(
    name="shell",
    summary="Home page, dashboard, main menu, language switch and static files.",
    routers=(routes.router,),
    permissions={"dashboard": STAFF_ROLES},
    menu=(MenuEntry(N_("Dashboard"), "/", "dashboard", 10),),
)
