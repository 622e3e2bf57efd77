"""The flows domain: flow monitoring points, the registry of observed movements (entered on a
phone-width form or imported), the surveys of individual interviews (`surveys`), the alerts of
the detectors (`flows.engine`), their charts and acknowledgement, exports with HXL."""

from __future__ import annotations

from passage.access import Role
from passage.flows import api, cli, crossings, models, vocabulary, web
from passage.flows.demo import load_demo_flows
from passage.flows.surveys import api as survey_api
from passage.flows.surveys import models as survey_models
from passage.flows.surveys import web as survey_web
from passage.kit.domain import Command, Domain, MenuEntry, TaskCard
from passage.kit.i18n import N_
from passage.kit.travel import DownKind

COORDINATORS = frozenset({Role.ADMIN, Role.COORDINATOR})
READERS = COORDINATORS | {Role.ANALYST}

domain = Domain(
    name="flows",
    summary="Flow monitoring: points, observed movements, early-warning alerts, exports.",
    models=(models, survey_models),
    # counts entered at a field node go up; the points they are counted at come down (alerts
    # are the central's detectors' work and do not travel)
    travel_up=(models.FlowCount,),
    travel_down=(DownKind("flow_points", models.FlowPoint),),
    routers=(api.router, web.router, survey_api.router, survey_web.router),
    permissions={
        "flows.enter": COORDINATORS | {Role.FLOW_MONITOR},
        "flows.import": COORDINATORS | {Role.FLOW_MONITOR},
        "flows.read": READERS | {Role.FLOW_MONITOR},
        "flows.alerts": READERS,
        "flows.acknowledge": COORDINATORS,
        "flows.manage": COORDINATORS,
    },
    menu=(
        MenuEntry(N_("Flow monitoring"), "/flows/points", "flows.read", 100),
        MenuEntry(N_("Flow alerts"), "/flows", "flows.alerts", 101),
        MenuEntry(N_("Flow monitoring surveys"), "/flows/surveys", "flows.read", 102),
    ),
    tasks=(
        TaskCard(
            "flows.enter",
            N_("Enter today's counts"),
            N_("At a flow monitoring point"),
            "/flows/points",
            1300,
        ),
    ),
    demo=load_demo_flows,
    commands=(Command("flows", cli.flows_app),),
    template_filters=dict(vocabulary.LABELS),
    on_install=crossings.install,
)
