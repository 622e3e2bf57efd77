"""The points of entry a principal reaches under a permission (`poe_scope`), used by every
listing of records about persons (crossings, screenings, cases)."""

from __future__ import annotations

import uuid

from passage.access import GrantView, PoeScope, Principal, Role, ScopeType, poe_scope

NAMANGA = uuid.uuid4()


def _principal(*grants: GrantView) -> Principal:
    return Principal(user_id=uuid.uuid4(), grants=grants)


def test_a_global_grant_reaches_every_point_of_entry():
    officer = _principal(GrantView(Role.BORDER_OFFICER))
    assert poe_scope(officer, "border.read") is None


def test_country_and_poe_grants_add_up():
    officer = _principal(
        GrantView(Role.BORDER_OFFICER, ScopeType.COUNTRY, "KEN"),
        GrantView(Role.BORDER_OFFICER, ScopeType.POE, str(NAMANGA)),
    )
    assert poe_scope(officer, "border.read") == PoeScope(frozenset({"KEN"}), frozenset({NAMANGA}))


def test_grants_of_roles_without_the_permission_reach_nothing():
    analyst = _principal(GrantView(Role.ANALYST), GrantView(Role.CASE_WORKER, ScopeType.POE, "x"))
    assert poe_scope(analyst, "border.read") == PoeScope()


def test_a_malformed_poe_grant_reaches_nothing_and_does_not_fail():
    officer = _principal(GrantView(Role.PORT_HEALTH_OFFICER, ScopeType.POE, "not-a-uuid"))
    assert poe_scope(officer, "health.screen") == PoeScope()
