"""Plain factory functions for tests."""

from __future__ import annotations

import re
import uuid

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from passage.access import Role, ScopeType
from passage.auth import service as auth_service
from passage.auth.models import User
from passage.auth.schemas import GrantSpec, UserCreate
from passage.geo import repository as geo_repository
from passage.geo.models import PointOfEntry

PASSWORD = "correct horse battery staple"


def make_user(
    session: Session,
    role: Role | str = Role.ADMIN,
    *,
    scope_type: ScopeType | str = ScopeType.GLOBAL,
    scope_value: str | None = None,
    email: str | None = None,
    password: str = PASSWORD,
    organisation: str | None = None,
) -> User:
    """A user with one grant."""
    grant = GrantSpec(role=Role(role), scope_type=ScopeType(scope_type), scope_value=scope_value)
    data = UserCreate(
        email=email or f"{Role(role).value}-{uuid.uuid4().hex[:8]}@example.org",
        full_name=f"Test {Role(role).value}",
        password=password,
        organisation=organisation,
        grants=[grant],
    )
    return auth_service.create_user(session=session, data=data)


def token_for(session: Session, user: User, days: int = 30) -> str:
    """A fresh API bearer token for a user."""
    _, secret = auth_service.create_api_token(session=session, user=user, name="test", days=days)
    return secret


def bearer(token: str) -> dict[str, str]:
    """Authorization header for a token."""
    return {"Authorization": f"Bearer {token}"}


def demo_poe(session: Session, code: str = "LND-KEN-NAMANGA") -> PointOfEntry:
    """A point of entry from the demo crossings loaded for every test database."""
    return geo_repository.get_poes_by_code(session, [code])[code]


def csrf_from(html: str) -> str:
    """The CSRF token embedded in a rendered page."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def web_login(client: TestClient, email: str, password: str = PASSWORD) -> None:
    """Sign in through the login form, as a browser would."""
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "email": email,
            "password": password,
            "csrf_token": csrf_from(page.text),
            "next": "/",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
