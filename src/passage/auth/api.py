"""JSON routes for accounts: tokens, own profile and password, user administration."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from passage.access import Principal
from passage.auth import service
from passage.auth.deps import CurrentUser, Require, sign_in_client
from passage.auth.schemas import (
    LoginRequest,
    PasswordChange,
    TokenCreate,
    TokenCreated,
    TokenRead,
    UserCreate,
    UserRead,
    UserUpdate,
)
from passage.db import SessionDep

router = APIRouter(prefix="/api/v1", tags=["accounts"])


@router.post(
    "/auth/token",
    response_model=TokenCreated,
    status_code=201,
    responses={429: {"description": "Too many failed sign-ins for this account"}},
)
def issue_token(
    request: Request,
    data: LoginRequest,
    session: SessionDep,
    principal: Annotated[Principal, Require("public")],
) -> TokenCreated:
    """Exchange e-mail and password for a bearer token (throttled, audited)."""
    user = service.authenticate(
        session=session,
        email=data.email,
        password=data.password,
        client=sign_in_client(request),
    )
    row, secret = service.create_api_token(
        session=session, user=user, name="api login", days=1, password=data.password
    )
    return TokenCreated.model_validate(
        {**TokenRead.model_validate(row).model_dump(), "token": secret}
    )


@router.get("/me", response_model=UserRead)
def read_me(user: CurrentUser, principal: Annotated[Principal, Require("account")]) -> UserRead:
    """The signed-in user's own account."""
    return UserRead.model_validate(user)


@router.post("/me/password", status_code=204)
def change_my_password(
    data: PasswordChange,
    user: CurrentUser,
    session: SessionDep,
    principal: Annotated[Principal, Require("account")],
) -> Response:
    """Change one's own password."""
    service.change_password(
        session=session, user=user, current=data.current_password, new=data.new_password
    )
    return Response(status_code=204)


@router.get("/me/tokens", response_model=list[TokenRead])
def list_my_tokens(
    user: CurrentUser, session: SessionDep, principal: Annotated[Principal, Require("account")]
) -> list[TokenRead]:
    """The user's API tokens (never their secrets)."""
    return [
        TokenRead.model_validate(t) for t in service.list_api_tokens(session=session, user=user)
    ]


@router.post("/me/tokens", response_model=TokenCreated, status_code=201)
def create_my_token(
    data: TokenCreate,
    user: CurrentUser,
    session: SessionDep,
    principal: Annotated[Principal, Require("account")],
) -> TokenCreated:
    """Issue an API token; its secret is in this response only."""
    row, secret = service.create_api_token(
        session=session, user=user, name=data.name, days=data.days
    )
    return TokenCreated.model_validate(
        {**TokenRead.model_validate(row).model_dump(), "token": secret}
    )


@router.delete("/me/tokens/{token_id}", response_model=TokenRead)
def revoke_my_token(
    token_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    principal: Annotated[Principal, Require("account")],
) -> TokenRead:
    """Revoke one of the user's tokens at once."""
    return TokenRead.model_validate(
        service.revoke_api_token(session=session, user=user, token_id=token_id)
    )


@router.get("/users", response_model=list[UserRead])
def list_users(
    session: SessionDep,
    principal: Annotated[Principal, Require("users.manage")],
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[UserRead]:
    """Every account (administrators)."""
    return [
        UserRead.model_validate(u)
        for u in service.list_users(session=session, limit=limit, offset=offset)
    ]


@router.post("/users", response_model=UserRead, status_code=201)
def create_user(
    data: UserCreate, session: SessionDep, principal: Annotated[Principal, Require("users.manage")]
) -> UserRead:
    """Create an account with its grants (administrators)."""
    return UserRead.model_validate(service.create_user(session=session, data=data))


@router.get("/users/{user_id}", response_model=UserRead)
def read_user(
    user_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("users.manage")],
) -> UserRead:
    """One account (administrators)."""
    return UserRead.model_validate(service.read_user(session=session, user_id=user_id))


@router.patch("/users/{user_id}", response_model=UserRead)
def update_user(
    user_id: uuid.UUID,
    data: UserUpdate,
    session: SessionDep,
    principal: Annotated[Principal, Require("users.manage")],
) -> UserRead:
    """Change an account; a stale `version` is refused with 409 (deactivating oneself 403)."""
    user = service.update_user(
        session=session, user_id=user_id, data=data, actor_id=principal.user_id
    )
    return UserRead.model_validate(user)
