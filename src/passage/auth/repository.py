"""Every query about accounts, sessions, tokens and failed logins."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.orm import Session, joinedload

from passage.auth.models import ApiToken, Grant, LoginFailure, User, WebSession


def get_user(session: Session, user_id: uuid.UUID) -> User | None:
    """A user by id."""
    return session.get(User, user_id)


def get_user_by_email(session: Session, email: str) -> User | None:
    """A user by (normalised) e-mail."""
    return session.scalars(select(User).where(User.email == email.strip().lower())).one_or_none()


def list_users(session: Session, *, limit: int = 100, offset: int = 0) -> Sequence[User]:
    """Users ordered by e-mail."""
    return session.scalars(select(User).order_by(User.email).limit(limit).offset(offset)).all()


def count_users(session: Session) -> int:
    """How many users exist."""
    return session.scalar(select(func.count()).select_from(User)) or 0


def get_web_session(session: Session, token_hash: str) -> WebSession | None:
    """A web session by its token hash."""
    statement = select(WebSession).where(WebSession.token_hash == token_hash)
    return session.scalars(statement).one_or_none()


def delete_web_session(session: Session, token_hash: str) -> None:
    """End a web session."""
    session.execute(delete(WebSession).where(WebSession.token_hash == token_hash))


def user_session_hashes(session: Session, user_id: uuid.UUID) -> list[str]:
    """The token hashes of a user's browser sessions and API tokens."""
    web = session.scalars(select(WebSession.token_hash).where(WebSession.user_id == user_id))
    api = session.scalars(select(ApiToken.token_hash).where(ApiToken.user_id == user_id))
    return [*web.all(), *api.all()]


def delete_user_sessions(session: Session, user_id: uuid.UUID) -> None:
    """End every web session of a user (after a password change)."""
    session.execute(delete(WebSession).where(WebSession.user_id == user_id))


def get_api_token_with_user(session: Session, token_hash: str) -> tuple[ApiToken, User] | None:
    """A token and its user with grants, in one query (the hot path of every API call)."""
    statement = (
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == token_hash)
        .options(joinedload(User.grants))
    )
    row = session.execute(statement).unique().one_or_none()
    return (row[0], row[1]) if row else None


def touch_api_token(session: Session, token_id: uuid.UUID, when: datetime) -> None:
    """Note a token's use without bumping its version: concurrent requests never conflict."""
    table = ApiToken.__table__
    assert isinstance(table, Table)
    session.execute(update(table).where(table.c.id == token_id).values(last_used_at=when))


def get_api_token(session: Session, token_hash: str) -> ApiToken | None:
    """An API token by its hash."""
    return session.scalars(select(ApiToken).where(ApiToken.token_hash == token_hash)).one_or_none()


def get_api_token_by_id(session: Session, token_id: uuid.UUID) -> ApiToken | None:
    """An API token by id."""
    return session.get(ApiToken, token_id)


def list_api_tokens(session: Session, user_id: uuid.UUID) -> Sequence[ApiToken]:
    """A user's tokens, newest first."""
    statement = select(ApiToken).where(ApiToken.user_id == user_id)
    return session.scalars(statement.order_by(ApiToken.created_at.desc())).all()


def count_failures(
    session: Session,
    since: datetime,
    *,
    key_hash: str | None = None,
    source_hash: str | None = None,
    device_hash: str | None = None,
    untrusted: bool = False,
) -> int:
    """Failed sign-ins since a time, by account, source or device (`untrusted`: only those
    made without a trusted device)."""
    statement = select(func.count()).where(LoginFailure.created_at >= since)
    if key_hash is not None:
        statement = statement.where(LoginFailure.key_hash == key_hash)
    if source_hash is not None:
        statement = statement.where(LoginFailure.source_hash == source_hash)
    if device_hash is not None:
        statement = statement.where(LoginFailure.device_hash == device_hash)
    if untrusted:
        statement = statement.where(LoginFailure.device_hash.is_(None))
    return session.scalar(statement) or 0


def add_failure(
    session: Session, *, key_hash: str, source_hash: str, device_hash: str | None
) -> None:
    """Note one failed sign-in."""
    session.add(LoginFailure(key_hash=key_hash, source_hash=source_hash, device_hash=device_hash))
    session.flush()


def clear_failures(
    session: Session, *, key_hash: str, source_hash: str, device_hash: str | None
) -> None:
    """Forget a client's failed sign-ins for an account after a success: those from its source,
    and those of its trusted device."""
    mine = (LoginFailure.key_hash == key_hash) & (LoginFailure.source_hash == source_hash)
    if device_hash is not None:
        mine = mine | (LoginFailure.device_hash == device_hash)
    session.execute(delete(LoginFailure).where(mine))


def revoke_user_tokens(session: Session, user_id: uuid.UUID, when: datetime) -> int:
    """Revoke every live API token of a user; how many were revoked."""
    tokens = session.scalars(
        select(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
    ).all()
    for token in tokens:
        token.revoked_at = when
    session.flush()
    return len(tokens)


def grants_of(session: Session, user_id: uuid.UUID) -> Sequence[Grant]:
    """The grants of one account, oldest first."""
    statement = select(Grant).where(Grant.user_id == user_id).order_by(Grant.created_at)
    return session.scalars(statement).all()


def names_by_id(session: Session, ids: Sequence[uuid.UUID] | None = None) -> dict[str, str]:
    """Full names of accounts by id (all accounts when `ids` is None)."""
    statement = select(User.id, User.full_name).order_by(User.full_name)
    if ids is not None:
        statement = statement.where(User.id.in_(ids))
    return {str(user_id): name for user_id, name in session.execute(statement)}


def organisation_scopes(session: Session) -> list[str]:
    """Every organisation some grant is scoped to (partners' organisations), sorted."""
    statement = (
        select(Grant.scope_value)
        .where(Grant.scope_type == "organisation", Grant.scope_value.is_not(None))
        .distinct()
    )
    return sorted(value for value in session.scalars(statement) if value)
