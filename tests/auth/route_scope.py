"""Scope classification of the user administration routes (merged in tests/test_route_scope.py)."""

from __future__ import annotations

ADMINISTRATION = "an administrator's change to an account: deployment-wide (users.manage is global)"
SCENARIOS: dict[tuple[str, str], object] = {}
UNSCOPED: dict[tuple[str, str], str] = {
    ("POST", "/admin/users/{user_id}"): ADMINISTRATION,
    ("POST", "/admin/users/{user_id}/active"): ADMINISTRATION,
    ("POST", "/admin/users/{user_id}/grants"): ADMINISTRATION,
    ("POST", "/admin/users/{user_id}/grants/{grant_id}/remove"): ADMINISTRATION,
}
