"""The dcc domain: EU Digital COVID Certificates, verified one way for port health and the
journey check, with the trust lists and value sets administrators import."""

from __future__ import annotations

from passage.access import Role
from passage.dcc import api, models, web
from passage.dcc.cli import certificates_app
from passage.kit.domain import Command, Domain, TaskCard
from passage.kit.i18n import N_
from passage.kit.travel import DownKind

domain = Domain(
    name="dcc",
    summary="EU DCC verification: trust lists, value sets, the destination's business rules.",
    models=(models,),
    travel_down=(
        DownKind("dcc_trust_lists", models.TrustList),
        DownKind("dcc_signers", models.DccSigner),
        DownKind("dcc_value_sets", models.DccValueSet),
    ),
    routers=(api.router, web.router),
    permissions={
        # no personal data: the administrators of port health manage the certificate trust
        "health.admin": frozenset({Role.ADMIN}),
    },
    tasks=(
        TaskCard(
            "health.admin",
            N_("Certificate trust"),
            N_("Trust lists and value sets"),
            "/admin/health/certificates",
            1400,
        ),
    ),
    # `passage health trust-list-import` and `value-sets-import` stay in the health group
    # (health/cli.py registers dcc.cli.HEALTH_COMMANDS there).
    commands=(Command("certificates", certificates_app),),
)
