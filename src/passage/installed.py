"""The installed domains (transitional: the permission table until each domain declares its own)."""

from __future__ import annotations

import passage.audit.service
import passage.exchange.feed  # noqa: F401 - writes the feed entries (transitional)
from passage.access import (
    BORDER,
    CASE_ROLES,
    EDITORS,
    EVERYONE,
    HEALTH_ROLES,
    STAFF_ROLES,
    Role,
    declare_permissions,
)

LEGACY: dict[str, frozenset[Role]] = {
    "public": EVERYONE,
    "account": STAFF_ROLES,
    "dashboard": STAFF_ROLES,
    "reference.read": EVERYONE,
    "poe.manage": frozenset({Role.ADMIN, Role.COORDINATOR}),
    "users.manage": frozenset({Role.ADMIN}),
    "audit.read": frozenset({Role.ADMIN}),
    # restriction tracker
    "measures.read": EVERYONE,
    "measures.edit": EDITORS,
    "measures.publish": EDITORS,
    "measures.moderate": EDITORS,
    "measures.import": EDITORS,
    "measures.report": EVERYONE,
    "poe_status.edit": frozenset({Role.ADMIN, Role.COORDINATOR, Role.BORDER_OFFICER}),
    "overview.read": EVERYONE,
    # entry requirements
    "rules.read": EVERYONE,
    "rules.manage": EDITORS,
    "journeys.check": EVERYONE,
    "journeys.batch": frozenset({Role.ADMIN, Role.COORDINATOR, Role.ANALYST, Role.BORDER_OFFICER}),
    # point-of-entry operations (records about persons: need to know)
    "border.operate": BORDER,
    "border.read": BORDER,
    "border.stats": frozenset({Role.ADMIN, Role.COORDINATOR, Role.ANALYST, Role.BORDER_OFFICER}),
    "alerts.manage": frozenset({Role.ADMIN}),
    "alerts.resolve": BORDER,
    "referrals.create": BORDER,
    "referrals.read": BORDER | CASE_ROLES,
    "referrals.manage": frozenset({Role.ADMIN}) | CASE_ROLES,
    # port health (personal health data: health roles in scope, never admin or border roles)
    "health.screen": frozenset({Role.PORT_HEALTH_OFFICER}),
    "health.read": HEALTH_ROLES,
    "health.cases": HEALTH_ROLES,
    "certificates.verify": frozenset({Role.PORT_HEALTH_OFFICER}),
    "health.criteria.read": HEALTH_ROLES | {Role.ADMIN},
    "health.admin": frozenset({Role.ADMIN}),
    "notifications.read": STAFF_ROLES,
    # exchange between deployments: the feed and keys hold published records only (public);
    # the inbox is open to partners, each webhook authenticated by its HMAC signature
    "exchange.feed": EVERYONE,
    "exchange.receive": EVERYONE,
    "exchange.manage": frozenset({Role.ADMIN}),
    "exchange.review": EDITORS,
    "webhooks.manage": frozenset({Role.ADMIN}),
}


declare_permissions(LEGACY, owner="passage")
