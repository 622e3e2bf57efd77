"""The installed domains, in dependency order: the one list the app, the menu and dashboard,
the job loop, the demo and the CLI read. Adding a domain touches this list and its package.

Importing this module installs them: their permissions join `passage.access`, and each plugs
into the domains below it (`Domain.on_install`)."""

from __future__ import annotations

from passage.audit.domain import domain as audit
from passage.auth.domain import domain as auth
from passage.background.domain import domain as background
from passage.border.domain import domain as border
from passage.dcc.domain import domain as dcc
from passage.exchange.domain import domain as exchange
from passage.feedback.domain import domain as feedback
from passage.field.domain import domain as field
from passage.flows.domain import domain as flows
from passage.geo.domain import domain as geo
from passage.health.domain import domain as health
from passage.journeys.domain import domain as journeys
from passage.kit.domain import Domain, install
from passage.linkage.domain import domain as linkage
from passage.maps.domain import domain as maps
from passage.overview.domain import domain as overview
from passage.protection.domain import domain as protection
from passage.restrictions.domain import domain as restrictions
from passage.rules.domain import domain as rules
from passage.shell.domain import domain as shell
from passage.webhooks.domain import domain as webhooks

# Routes are matched in this order; demo data is loaded in this order.
DOMAINS: tuple[Domain, ...] = (
    shell,
    auth,
    audit,
    background,
    geo,
    restrictions,
    overview,
    rules,
    dcc,
    journeys,
    border,
    protection,
    feedback,
    flows,
    maps,
    health,
    linkage,
    exchange,
    webhooks,
    field,
)


install(DOMAINS)
