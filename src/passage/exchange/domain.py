"""The exchange domain: the signed feed of published changes, partners, pulls and conflicts."""

from __future__ import annotations

from passage.access import EDITORS, EVERYONE, Role
from passage.audit import anchoring
from passage.config import Settings
from passage.exchange import api, appliers, deliveries, feed, kinds, models, web
from passage.exchange.audit_signer import FeedKeySigner
from passage.exchange.cli import exchange_app
from passage.exchange.jobs import pull_due
from passage.kit.domain import Command, Domain, MenuEntry, TaskCard
from passage.kit.i18n import N_
from passage.kit.jobs import Job


def exchange_jobs(settings: Settings) -> list[Job]:
    """Scheduled pulls from the partners this deployment follows."""
    return [Job("exchange.pull", lambda: pull_due(), max(settings.jobs_poll_seconds, 5.0))]


def install() -> None:
    """Write feed entries before each commit, render the feed's webhook bodies, import
    partners' key announcements (the other kinds are registered by their domains), and sign the
    audit trail's checkpoints with the feed key."""
    feed.install()
    deliveries.install()
    kinds.register(appliers.KEY)
    anchoring.register_signer(FeedKeySigner())


domain = Domain(
    name="exchange",
    summary="Signed feed of published changes between deployments, partners and conflicts.",
    models=(models,),
    routers=(api.router, web.router),
    permissions={
        # the feed and keys hold published records only (public); the inbox is open to
        # partners, each webhook authenticated by its HMAC signature
        "exchange.feed": EVERYONE,
        "exchange.receive": EVERYONE,
        "exchange.manage": frozenset({Role.ADMIN}),
        "exchange.review": EDITORS,
    },
    menu=(MenuEntry(N_("Exchange"), "/admin/exchange", "exchange.manage", 170),),
    tasks=(
        TaskCard(
            "exchange.manage",
            N_("Exchange"),
            N_("Feed, partners and subscribers"),
            "/admin/exchange",
            1900,
        ),
        TaskCard(
            "exchange.review",
            N_("Partners' changes"),
            N_("Review changes that clash with local edits"),
            "/exchange/conflicts",
            2000,
        ),
    ),
    jobs=exchange_jobs,
    commands=(Command("exchange", exchange_app),),
    on_install=install,
)
