"""Load the demo world: reference data, one login per role, restrictions, rules, and a month
of border and port-health activity. Idempotent."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from passage.access import Role, ScopeType
from passage.auth import repository as auth_repository
from passage.auth import service as auth_service
from passage.auth.schemas import GrantSpec, UserCreate
from passage.geo import repository as geo_repository
from passage.geo.demo import load_reference
from passage.installed import DOMAINS

DEMO_PASSWORD = "passage-demo-2026"


@dataclass(frozen=True)
class DemoLogin:
    """One demo account: the role it shows and its scope."""

    email: str
    name: str
    role: Role
    scope_type: ScopeType = ScopeType.GLOBAL
    scope_value: str | None = None
    organisation: str | None = None


def demo_logins(border_poe_id: str | None) -> list[DemoLogin]:
    """One login per role; scoped roles get a realistic scope."""
    return [
        DemoLogin("admin@demo.passage.int", "Amina Admin", Role.ADMIN),
        DemoLogin("coordinator@demo.passage.int", "Carlos Coordinator", Role.COORDINATOR),
        DemoLogin("analyst@demo.passage.int", "Anh Analyst", Role.ANALYST),
        DemoLogin(
            "border@demo.passage.int",
            "Baraka Border-Officer",
            Role.BORDER_OFFICER,
            ScopeType.POE,
            border_poe_id,
        ),
        DemoLogin(
            "health@demo.passage.int",
            "Hana Port-Health",
            Role.PORT_HEALTH_OFFICER,
            ScopeType.COUNTRY,
            "KEN",
        ),
        DemoLogin(
            "publichealth@demo.passage.int",
            "Pita Public-Health",
            Role.HEALTH_AUTHORITY,
            ScopeType.COUNTRY,
            "KEN",
        ),
        DemoLogin(
            "caseworker@demo.passage.int",
            "Chidi Case-Worker",
            Role.CASE_WORKER,
            ScopeType.ORGANISATION,
            "IOM",
            "IOM",
        ),
        DemoLogin(
            "supervisor@demo.passage.int",
            "Sara Supervisor",
            Role.SUPERVISOR,
            ScopeType.ORGANISATION,
            "IOM",
            "IOM",
        ),
        DemoLogin(
            "designated@demo.passage.int",
            "Dawit Designated-Case-Worker",
            Role.DESIGNATED_CASE_WORKER,
            ScopeType.ORGANISATION,
            "IOM",
            "IOM",
        ),
        DemoLogin(
            "focalpoint@demo.passage.int",
            "Fatuma Focal-Point",
            Role.COMPLAINTS_FOCAL_POINT,
            ScopeType.GLOBAL,
            None,
            "IOM",
        ),
        DemoLogin(
            "flowmonitor@demo.passage.int",
            "Faith Flow-Monitor",
            Role.FLOW_MONITOR,
            ScopeType.COUNTRY,
            "KEN",
            "IOM",
        ),
        DemoLogin(
            "partner@demo.passage.int",
            "Paula Partner",
            Role.PARTNER_WORKER,
            ScopeType.ORGANISATION,
            "Kenya Red Cross",
            "Kenya Red Cross",
        ),
    ]


def ensure_logins(session: Session) -> list[DemoLogin]:
    """Create the demo accounts that do not exist yet."""
    namanga = geo_repository.get_poes_by_code(session, ["LND-KEN-NAMANGA"]).get("LND-KEN-NAMANGA")
    logins = demo_logins(str(namanga.id) if namanga else None)
    for login in logins:
        if auth_repository.get_user_by_email(session, login.email):
            continue
        grant = GrantSpec(
            role=login.role, scope_type=login.scope_type, scope_value=login.scope_value
        )
        data = UserCreate(
            email=login.email,
            full_name=login.name,
            password=DEMO_PASSWORD,
            organisation=login.organisation,
            grants=[grant],
        )
        auth_service.create_user(session=session, data=data)
    return logins


def load_demo(session: Session, *, airports: bool = True) -> list[DemoLogin]:
    """The whole demo world; running it again changes nothing.

    Reference data and the accounts come first (every record refers to them), then each
    installed domain's demo, in the installed order (a domain's demo may use those below it:
    port health screens the travellers of the border's demo)."""
    load_reference(session, airports=airports)
    logins = ensure_logins(session)
    for domain in DOMAINS:
        if domain.demo is not None:
            domain.demo(session)
    return logins
