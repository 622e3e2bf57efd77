"""Plain factories for the feedback tests."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Role, ScopeType
from passage.auth.models import User
from tests.factories import make_user


def payload(category: str = "service_complaint", **fields: Any) -> dict[str, Any]:
    """A public submission with a fresh device id."""
    body = {
        "client_id": f"dev-{uuid.uuid4().hex}",
        "category": category,
        "message": "The water point at block C has been dry for a week.",
        "language": "en",
    }
    return body | fields


def focal_point(session: Session) -> User:
    """A complaints focal point (global)."""
    return make_user(session, Role.COMPLAINTS_FOCAL_POINT)


def handler(session: Session, role: Role = Role.CASE_WORKER, country: str | None = None) -> User:
    """Feedback staff, global or for one country."""
    if country is None:
        return make_user(session, role)
    return make_user(session, role, scope_type=ScopeType.COUNTRY, scope_value=country)
