"""Route dependencies: who is acting, and the one permission check every route declares."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from passage.access import ANONYMOUS, Principal, can
from passage.auth import service
from passage.auth.models import User
from passage.auth.secrets import same
from passage.auth.throttle import DEVICE_COOKIE, SignInClient
from passage.db import SessionDep
from passage.errors import Forbidden, NotAuthenticated
from passage.kit import audit
from passage.web import notices
from passage.web.csrf import CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER, csrf_token_for

SESSION_COOKIE = "passage_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class UserView:
    """What pages show of the signed-in user; safe to use after a rollback."""

    id: uuid.UUID
    email: str
    full_name: str


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _resolve_user(request: Request, session: SessionDep) -> User | None:
    """The user behind the request's bearer token or session cookie (cached on the request)."""
    if hasattr(request.state, "user"):
        return request.state.user
    user, via = None, None
    token = _bearer(request)
    if token:
        user, via = service.user_for_api_token(session=session, token=token), "token"
        if user is None:
            raise NotAuthenticated("the API token is invalid, expired or revoked")
    elif cookie := request.cookies.get(SESSION_COOKIE):
        user, via = service.user_for_web_session(session=session, token=cookie), "cookie"
    request.state.user, request.state.auth_via = user, via if user else None
    # A snapshot for rendering: error pages render after the transaction has rolled back.
    request.state.user_view = UserView(user.id, user.email, user.full_name) if user else None
    return user


def _needs_database(request: Request) -> bool:
    """Whether finding the principal reads the database: a credential to look up, or a user
    already found (their grants load lazily). The anonymous public without one never does."""
    if hasattr(request.state, "user"):
        return request.state.user is not None
    return _bearer(request) is not None or SESSION_COOKIE in request.cookies


async def current_principal(request: Request, session: SessionDep) -> Principal:
    """The acting principal; also stamps the session's audit context. A request that carries
    credentials is resolved in a worker thread (database reads); one without is answered on
    the event loop, with no thread hop."""
    if _needs_database(request):
        return await run_in_threadpool(_principal, request, session)
    return _principal(request, session)


def _principal(request: Request, session: Session) -> Principal:
    user = _resolve_user(request, session)
    principal = service.principal_for(user) if user else ANONYMOUS
    request_id = getattr(request.state, "request_id", None)
    route = request.scope.get("route")
    where = f"{request.method} {route.path}" if route is not None else None
    actor = (
        audit.AuditContext("user", str(user.id), request_id, route=where)
        if user
        else audit.AuditContext("anonymous", None, request_id, route=where)
    )
    audit.set_context(session, actor)
    request.state.principal = principal
    if user is not None:
        # Counted only when a page draws its header, after the route did its work.
        request.state.header_badges = lambda: notices.badges(session, principal)
    return principal


async def verify_csrf(request: Request) -> None:
    """Refuse an unsafe request whose CSRF token does not match the browser's anchor cookie."""
    if request.method in SAFE_METHODS:
        return
    anchor = request.cookies.get(CSRF_COOKIE)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and "form" in request.headers.get("content-type", ""):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not anchor or not sent or not same(sent, csrf_token_for(anchor)):
        raise Forbidden("the form has expired or did not come from this site; reload and retry")


class PermissionCheck:
    """Dependency that authorises a route by its declared permission (see passage.access)."""

    def __init__(self, permission: str):
        self.permission = permission

    async def __call__(
        self, request: Request, principal: Annotated[Principal, Depends(current_principal)]
    ) -> Principal:
        """Allow, or raise 401 for the anonymous and 403 for a signed-in user without the role."""
        if getattr(request.state, "auth_via", None) == "cookie" and request.url.path.startswith(
            "/api/"
        ):
            await verify_csrf(request)
        if can(principal, self.permission):
            return principal
        if not principal.is_authenticated:
            raise NotAuthenticated("sign in to continue")
        raise Forbidden("your role does not allow this")


class OpenCheck(PermissionCheck):
    """A public route that never needs to know who is asking (no session, no database)."""

    def __init__(self) -> None:
        super().__init__("public")

    async def __call__(self) -> Principal:  # type: ignore[override]
        """Everyone may; the principal is always the anonymous public."""
        return ANONYMOUS


def Require(permission: str) -> Any:
    """Declare the permission a route needs: `principal: Annotated[Principal, Require("x")]`."""
    return Depends(PermissionCheck(permission))


def Open() -> Any:
    """Declare a public route that does not look at credentials at all (health, static)."""
    return Depends(OpenCheck())


def sign_in_client(request: Request) -> SignInClient:
    """Where a sign-in attempt comes from: the client's address (as the server sees it, behind
    a proxy the forwarded one: `passage serve` trusts the proxy headers) and its device cookie."""
    return SignInClient(
        source=request.client.host if request.client else None,
        device=request.cookies.get(DEVICE_COOKIE),
    )


def current_user(request: Request, session: SessionDep) -> User:
    """The signed-in user (for routes under the `account` permission)."""
    user = _resolve_user(request, session)
    if user is None:
        raise NotAuthenticated("sign in to continue")
    return user


CurrentUser = Annotated[User, Depends(current_user)]
