"""Field node routes in the scope walk (tests/test_route_scope.py): why none has a scope."""

from __future__ import annotations

NODE_SIGNED = "a field node's message, authenticated by its signature (tests/field/test_sync.py)"
ADMINS_ONLY = "field nodes are administered for the whole deployment (administrators only)"

UNSCOPED: dict[tuple[str, str], str] = {
    ("POST", "/api/v1/field/enrol"): "a one-time token issued for one site",
    ("POST", "/api/v1/field/up"): NODE_SIGNED,
    ("POST", "/api/v1/field/down"): NODE_SIGNED,
    ("POST", "/api/v1/field/tokens"): ADMINS_ONLY,
    ("POST", "/api/v1/field/nodes/{node_id}/revoke"): ADMINS_ONLY,
    ("POST", "/api/v1/field/conflicts/{conflict_id}/resolve"): ADMINS_ONLY,
    ("POST", "/admin/field/tokens"): ADMINS_ONLY,
    ("POST", "/field/unlock"): "opens the node's data key for the signed-in officer (no record)",
    ("POST", "/admin/field/nodes/{node_id}/revoke"): ADMINS_ONLY,
    ("POST", "/admin/field/conflicts/{conflict_id}/resolve"): ADMINS_ONLY,
}
