"""The rules domain: CertLogic and rule sets with EU DCC semantics."""

from __future__ import annotations

from passage.access import EDITORS, EVERYONE
from passage.kit.domain import Command, Domain, MenuEntry, TaskCard
from passage.kit.i18n import N_
from passage.kit.travel import DownKind
from passage.rules import api, models, web
from passage.rules.cli import rules_app
from passage.rules.demo import load_demo_rules
from passage.rules.sharing import appliers as sharing

domain = Domain(
    name="rules",
    summary="Entry rules: the CertLogic engine and EU DCC business rules (versions, selection).",
    models=(models,),
    travel_down=(DownKind("business_rules", models.BusinessRule),),
    routers=(api.router, web.router),
    permissions={"rules.read": EVERYONE, "rules.manage": EDITORS},
    menu=(MenuEntry(N_("Entry rules"), "/rules", "rules.manage", 130),),
    tasks=(
        TaskCard(
            "rules.manage", N_("Entry rules"), N_("Upload EU DCC business rules"), "/rules", 700
        ),
    ),
    demo=load_demo_rules,
    commands=(Command("rules", rules_app),),
    on_install=sharing.install,
)
