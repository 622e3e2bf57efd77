"""The auth domain: user accounts, grants (role x scope), web sessions and API tokens."""

from __future__ import annotations

from passage.access import STAFF_ROLES, Role
from passage.auth import api, models, web
from passage.auth import travel as models_site
from passage.auth.cli import users_app
from passage.kit.domain import Command, Domain, MenuEntry, TaskCard
from passage.kit.i18n import N_
from passage.kit.travel import DownKind
from passage.web.labels import role_label, scope_type_label

ADMIN = frozenset({Role.ADMIN})

domain = Domain(
    name="auth",
    summary="User accounts, grants (role x scope), sign-in, web sessions and API tokens.",
    models=(models,),
    # the officers of a site come down with their grants, so they sign in offline
    travel_down=(
        DownKind("users", models.User, site_filter=models_site.site_users),
        DownKind("grants", models.Grant, site_filter=models_site.site_grants),
    ),
    routers=(api.router, web.router),
    permissions={"account": STAFF_ROLES, "users.manage": ADMIN},
    menu=(MenuEntry(N_("Users"), "/admin/users", "users.manage", 150),),
    tasks=(
        TaskCard(
            "users.manage", N_("Accounts"), N_("Create users and grant roles"), "/admin/users", 1700
        ),
        TaskCard("account", N_("My account"), N_("Password and API tokens"), "/account", 9000),
    ),
    commands=(Command("users", users_app),),
    template_filters={"role_label": role_label, "scope_type_label": scope_type_label},
)
