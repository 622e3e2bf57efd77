"""Who may do what: roles, scopes, principals, the permission table and the one decision.

Every API and web route names exactly one permission (see `auth.deps.Require`); `can` decides.
Each installed domain declares its permissions (`kit.domain.Domain`), so this module knows no
domain. The route x role test walks every route against the table. Pure: no session, no I/O.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """Roles a grant can give; `public` is the anonymous visitor."""

    ADMIN = "admin"
    COORDINATOR = "coordinator"
    ANALYST = "analyst"
    BORDER_OFFICER = "border_officer"
    PORT_HEALTH_OFFICER = "port_health_officer"
    CASE_WORKER = "case_worker"
    PARTNER_WORKER = "partner_worker"
    # protection: a case worker's supervisor, and case workers designated for child-protection
    # and trafficking cases (the only ones who see those cases)
    SUPERVISOR = "supervisor"
    DESIGNATED_CASE_WORKER = "designated_case_worker"
    HEALTH_AUTHORITY = "health_authority"
    # feedback: the designated focal points who alone receive sensitive complaints (PSEA)
    COMPLAINTS_FOCAL_POINT = "complaints_focal_point"
    # flows: the data collector of a flow monitoring team (enters a day's counts at a point)
    FLOW_MONITOR = "flow_monitor"
    PUBLIC = "public"


class ScopeType(StrEnum):
    """What a grant is limited to."""

    GLOBAL = "global"
    COUNTRY = "country"
    POE = "poe"
    ORGANISATION = "organisation"


STAFF_ROLES = frozenset(Role) - {Role.PUBLIC}
# Personal health data: port-health officers and public-health authority staff only.
HEALTH_ROLES = frozenset({Role.PORT_HEALTH_OFFICER, Role.HEALTH_AUTHORITY})
EVERYONE = frozenset(Role)
EDITORS = frozenset({Role.ADMIN, Role.COORDINATOR})
BORDER = frozenset({Role.ADMIN, Role.BORDER_OFFICER})
CASE_ROLES = frozenset({Role.CASE_WORKER, Role.PARTNER_WORKER})

# permission -> roles that hold it. Each installed domain declares its own permissions
# (`kit.domain.Domain.permissions`); `passage.installed` declares them here at start-up.
PERMISSIONS: dict[str, frozenset[Role]] = {"public": EVERYONE}


def declare_permissions(permissions: Mapping[str, frozenset[Role]], *, owner: str) -> None:
    """Add a domain's permissions to the table; one name has one meaning in the whole app."""
    for name, roles in permissions.items():
        if PERMISSIONS.get(name, roles) != roles:
            raise ValueError(f"{owner} declares permission {name!r} with other roles")
        PERMISSIONS[name] = frozenset(roles)


@dataclass(frozen=True)
class GrantView:
    """A role held within a scope (a read-only copy of a Grant row)."""

    role: Role
    scope_type: ScopeType = ScopeType.GLOBAL
    scope_value: str | None = None


@dataclass(frozen=True)
class ScopeTarget:
    """Where a record sits, for scope checks: its country, POE and owning organisation."""

    country: str | None = None
    poe_id: uuid.UUID | None = None
    organisation: str | None = None


@dataclass(frozen=True)
class Principal:
    """Who is acting: a user with grants, or the anonymous public."""

    user_id: uuid.UUID | None
    grants: tuple[GrantView, ...] = field(default_factory=tuple)
    label: str = "anonymous"

    @property
    def is_authenticated(self) -> bool:
        """True for a signed-in user or a token holder."""
        return self.user_id is not None

    @property
    def roles(self) -> frozenset[Role]:
        """Every role the principal holds in any scope (public for the anonymous)."""
        if not self.is_authenticated:
            return frozenset({Role.PUBLIC})
        return frozenset(grant.role for grant in self.grants)


ANONYMOUS = Principal(user_id=None)


def roles_for(permission: str) -> frozenset[Role]:
    """The roles holding a permission; an unknown permission is a programming error."""
    try:
        return PERMISSIONS[permission]
    except KeyError:
        message = f"permission {permission!r} is declared by no installed domain"
        raise LookupError(message + " (import passage.installed first)") from None


def scope_values(
    principal: Principal, permission: str, scope_type: ScopeType
) -> frozenset[str] | None:
    """The values of `scope_type` (organisations, countries) a principal's grants of a
    permission reach; None when a global grant reaches all of them."""
    allowed = roles_for(permission)
    found: set[str] = set()
    for grant in principal.grants:
        if grant.role not in allowed:
            continue
        if grant.scope_type is ScopeType.GLOBAL:
            return None
        if grant.scope_type is scope_type and grant.scope_value:
            found.add(grant.scope_value)
    return frozenset(found)


def grant_covers(grant: GrantView, target: ScopeTarget | None) -> bool:
    """Whether one grant's scope reaches the target record (no target: the role suffices)."""
    if grant.scope_type is ScopeType.GLOBAL or target is None:
        return True
    if grant.scope_type is ScopeType.COUNTRY:
        return target.country is not None and grant.scope_value == target.country
    if grant.scope_type is ScopeType.POE:
        return target.poe_id is not None and grant.scope_value == str(target.poe_id)
    return target.organisation is not None and grant.scope_value == target.organisation


@dataclass(frozen=True)
class PoeScope:
    """The points of entry a reader reaches: those listed, and every POE of the countries."""

    countries: frozenset[str] = frozenset()
    poe_ids: frozenset[uuid.UUID] = frozenset()


def poe_scope(principal: Principal, permission: str) -> PoeScope | None:
    """The points of entry a principal reaches under a permission; None for all (global)."""
    allowed = roles_for(permission)
    countries: set[str] = set()
    poe_ids: set[uuid.UUID] = set()
    for grant in principal.grants:
        if grant.role not in allowed:
            continue
        if grant.scope_type is ScopeType.GLOBAL:
            return None
        if grant.scope_type is ScopeType.COUNTRY and grant.scope_value:
            countries.add(grant.scope_value)
        elif grant.scope_type is ScopeType.POE and grant.scope_value:
            poe_ids.update(_uuids(grant.scope_value))
    return PoeScope(frozenset(countries), frozenset(poe_ids))


def _uuids(value: str) -> list[uuid.UUID]:
    try:
        return [uuid.UUID(value)]
    except ValueError:  # a malformed grant reaches nothing
        return []


def can(principal: Principal, permission: str, target: ScopeTarget | None = None) -> bool:
    """The single authorisation decision: a role holding the permission, in scope of the target."""
    allowed = roles_for(permission)
    if Role.PUBLIC in allowed:
        return True
    return any(grant.role in allowed and grant_covers(grant, target) for grant in principal.grants)
