"""HTML routes for signing in and out, one's account, and user administration."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError

from passage.access import Principal, Role, ScopeType
from passage.auth import scopes, service
from passage.auth.deps import SESSION_COOKIE, CurrentUser, Require, sign_in_client, verify_csrf
from passage.auth.models import User
from passage.auth.schemas import GrantSpec, UserCreate, UserUpdate
from passage.auth.throttle import DEVICE_COOKIE, DEVICE_COOKIE_DAYS
from passage.config import get_settings
from passage.db import SessionDep
from passage.errors import Invalid, PassageError, TooManyRequests
from passage.kit.i18n import LANGUAGES
from passage.kit.readable import describe, explain
from passage.web import forms
from passage.web.render import redirect, render

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login")
def login_page(
    request: Request, principal: Annotated[Principal, Require("public")], next: str = "/"
) -> Response:
    """The sign-in form."""
    return render(request, "auth/login.html", {"next": _safe_next(next)})


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("public")],
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check credentials, open a session and go on; failures re-show the form."""
    try:
        user = service.authenticate(
            session=session, email=email, password=password, client=sign_in_client(request)
        )
    except PassageError as error:
        context = {"next": _safe_next(next), "email": email, "error": explain(error)}
        page = render(request, "auth/login.html", context, status_code=error.status)
        if isinstance(error, TooManyRequests) and error.retry_after:
            page.headers["Retry-After"] = str(error.retry_after)
        return page
    token = service.start_web_session(session=session, user=user, password=password)
    response = redirect(_safe_next(next))
    settings = get_settings()
    for name, value, seconds in (
        (SESSION_COOKIE, token, settings.session_hours * 3600),
        (DEVICE_COOKIE, service.device_cookie(user=user), DEVICE_COOKIE_DAYS * 86400),
    ):
        response.set_cookie(
            name,
            value,
            max_age=seconds,
            httponly=True,
            samesite="lax",
            secure=settings.secure_cookies,
        )
    return response


@router.post("/logout")
def logout(
    request: Request, session: SessionDep, principal: Annotated[Principal, Require("public")]
) -> Response:
    """End the browser session."""
    if token := request.cookies.get(SESSION_COOKIE):
        service.end_web_session(session=session, token=token)
    response = redirect("/login")
    response.delete_cookie(SESSION_COOKIE)
    return response


def _account_page(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    status_code: int = 200,
    **extra: object,
) -> Response:
    tokens = service.list_api_tokens(session=session, user=user)
    return render(
        request, "auth/account.html", {"tokens": tokens, **extra}, status_code=status_code
    )


@router.get("/account")
def account(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    principal: Annotated[Principal, Require("account")],
) -> Response:
    """Own profile, password change and API tokens."""
    return _account_page(request, session, user)


@router.post("/account/password")
def account_password(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    principal: Annotated[Principal, Require("account")],
    current_password: Annotated[str, Form()],
    new_password: Annotated[str, Form()],
) -> Response:
    """Change one's password; every browser session ends, so sign in again."""
    try:
        service.change_password(
            session=session, user=user, current=current_password, new=new_password
        )
    except PassageError as error:
        return _account_page(
            request, session, user, password_error=explain(error), status_code=error.status
        )
    response = redirect("/login")
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.post("/account/tokens")
def account_create_token(
    request: Request,
    session: SessionDep,
    user: CurrentUser,
    principal: Annotated[Principal, Require("account")],
    name: Annotated[str, Form()],
    days: Annotated[int, Form()] = 90,
) -> Response:
    """Issue an API token and show its secret this once."""
    if not 1 <= days <= 366:
        raise Invalid("a token lives between 1 and 366 days", field="days")
    _, secret = service.create_api_token(
        session=session, user=user, name=name.strip() or "token", days=days
    )
    return _account_page(request, session, user, new_token=secret)


@router.post("/account/tokens/{token_id}/revoke")
def account_revoke_token(
    token_id: uuid.UUID,
    session: SessionDep,
    user: CurrentUser,
    principal: Annotated[Principal, Require("account")],
) -> Response:
    """Revoke one of one's tokens."""
    service.revoke_api_token(session=session, user=user, token_id=token_id)
    return redirect("/account")


@router.get("/admin/users")
def users_page(
    request: Request, session: SessionDep, principal: Annotated[Principal, Require("users.manage")]
) -> Response:
    """Accounts and the form to create one."""
    return _users_page(request, session)


def _grant_choices(session: SessionDep) -> dict[str, object]:
    """What the grant fields offer: roles (none chosen), scope types and scope values."""
    return {
        "roles": [r for r in Role if r is not Role.PUBLIC],
        "scope_types": list(ScopeType),
        "scope_choices": scopes.choices(session),
    }


def _scope_names(session: SessionDep, users: Sequence[User]) -> dict[str, str]:
    pairs = [(g.scope_type, g.scope_value) for u in users for g in u.grants]
    return scopes.names(session, pairs)


def _users_page(
    request: Request, session: SessionDep, status_code: int = 200, **extra: object
) -> Response:
    users = service.list_users(session=session)
    context = {
        "users": users,
        "scope_names": _scope_names(session, users),
        **_grant_choices(session),
        **extra,
    }
    return render(request, "auth/users.html", context, status_code=status_code)


@router.post("/admin/users")
def users_create(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("users.manage")],
    email: Annotated[str, Form()],
    full_name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    role: Annotated[str, Form()] = "",
    scope_type: Annotated[str, Form()] = "global",
    scope_value: Annotated[str, Form()] = "",
    organisation: Annotated[str, Form()] = "",
) -> Response:
    """Create an account from the form; errors re-show it with the message."""

    def create() -> User:
        grant = _grant_spec(role, scope_type, scope_value)
        data = UserCreate(
            email=email,
            full_name=full_name,
            password=password,
            organisation=organisation or None,
            grants=[grant],
        )
        return service.create_user(session=session, data=data)

    outcome = forms.submit(session, create)
    if isinstance(outcome, forms.Rejected):
        message = _form_error(outcome.error)
        return _users_page(request, session, form_error=message, status_code=outcome.status)
    return redirect("/admin/users")


def _grant_spec(role: str, scope_type: str, scope_value: str) -> GrantSpec:
    if not role:
        raise Invalid("Choose a role.", field="role")
    return GrantSpec.model_validate(
        {"role": role, "scope_type": scope_type, "scope_value": scope_value or None}
    )


def _form_error(error: ValidationError | PassageError) -> str:
    """One line for the users form: the first invalid field and why, or the refusal."""
    if isinstance(error, PassageError):
        return explain(error)
    return describe(error.errors()[0])


@router.get("/admin/users/{user_id}")
def user_page(
    user_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("users.manage")],
) -> Response:
    """One account: its details, whether it may sign in, and its roles."""
    return _user_page(request, session, user_id)


def _user_page(
    request: Request,
    session: SessionDep,
    user_id: uuid.UUID,
    status_code: int = 200,
    **extra: object,
) -> Response:
    user = service.read_user(session=session, user_id=user_id)
    context = {
        "account": user,
        "scope_names": _scope_names(session, [user]),
        "languages": LANGUAGES,
        **_grant_choices(session),
        **extra,
    }
    return render(request, "auth/user.html", context, status_code=status_code)


def _after(
    request: Request, session: SessionDep, user_id: uuid.UUID, action: Callable[[], object]
) -> Response:
    """Run a change to an account; back to its page, or its page again with the refusal."""
    outcome = forms.submit(session, action)
    if isinstance(outcome, forms.Rejected):
        message = _form_error(outcome.error)
        return _user_page(request, session, user_id, outcome.status, form_error=message)
    return redirect(f"/admin/users/{user_id}")


@router.post("/admin/users/{user_id}")
def user_update(
    user_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("users.manage")],
    version: Annotated[str, Form()],
    full_name: Annotated[str, Form()] = "",
    organisation: Annotated[str, Form()] = "",
    language: Annotated[str, Form()] = "en",
) -> Response:
    """Save an account's name, organisation and language."""

    def update() -> User:
        data = UserUpdate.model_validate(
            {
                "version": version,
                "full_name": full_name.strip(),
                "organisation": organisation.strip() or None,
                "language": language if language in LANGUAGES else "en",
            }
        )
        return service.update_user(session=session, user_id=user_id, data=data)

    return _after(request, session, user_id, update)


@router.post("/admin/users/{user_id}/active")
def user_set_active(
    user_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("users.manage")],
    version: Annotated[str, Form()],
    active: Annotated[str, Form()],
) -> Response:
    """Deactivate an account (signed out everywhere, tokens revoked) or re-activate it."""

    def update() -> User:
        data = UserUpdate.model_validate({"version": version, "is_active": active == "1"})
        actor = principal.user_id
        return service.update_user(session=session, user_id=user_id, data=data, actor_id=actor)

    return _after(request, session, user_id, update)


@router.post("/admin/users/{user_id}/grants")
def user_add_grant(
    user_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("users.manage")],
    role: Annotated[str, Form()] = "",
    scope_type: Annotated[str, Form()] = "global",
    scope_value: Annotated[str, Form()] = "",
) -> Response:
    """Give the account one more role within a scope."""

    def add() -> object:
        spec = _grant_spec(role, scope_type, scope_value)
        return service.add_grant(session=session, user_id=user_id, spec=spec)

    return _after(request, session, user_id, add)


@router.post("/admin/users/{user_id}/grants/{grant_id}/remove")
def user_remove_grant(
    user_id: uuid.UUID,
    grant_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("users.manage")],
) -> Response:
    """Take one role away from the account."""

    def remove() -> None:
        service.remove_grant(session=session, user_id=user_id, grant_id=grant_id)

    return _after(request, session, user_id, remove)
