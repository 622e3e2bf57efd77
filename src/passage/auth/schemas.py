"""Request and response shapes of the accounts API."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from passage.access import Role, ScopeType

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class GrantSpec(BaseModel):
    """A role within a scope."""

    role: Role
    scope_type: ScopeType = ScopeType.GLOBAL
    scope_value: str | None = None


class GrantRead(GrantSpec):
    """A grant as the API shows it."""

    model_config = ConfigDict(from_attributes=True)


class UserCreate(BaseModel):
    """What an administrator gives to create an account."""

    email: str = Field(pattern=EMAIL_PATTERN, max_length=254)
    full_name: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=12, max_length=200)
    organisation: str | None = None
    language: str = "en"
    grants: list[GrantSpec] = Field(min_length=1)


class UserRead(BaseModel):
    """An account as the API shows it (never the password hash)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    full_name: str
    organisation: str | None
    language: str
    is_active: bool
    grants: list[GrantRead]
    version: int
    created_at: datetime
    updated_at: datetime


class UserUpdate(BaseModel):
    """Changes to an account; `version` is the one read (a stale version is refused)."""

    version: int
    full_name: str | None = Field(default=None, min_length=1, max_length=200)
    organisation: str | None = None
    language: str | None = None
    is_active: bool | None = None


class PasswordChange(BaseModel):
    """A user changing their own password."""

    current_password: str
    new_password: str = Field(min_length=12, max_length=200)


class TokenCreate(BaseModel):
    """A request for a new API token."""

    name: str = Field(min_length=1, max_length=100)
    days: int = Field(default=90, ge=1, le=366)


class TokenRead(BaseModel):
    """An API token's metadata (the secret is shown only once, at creation)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    prefix: str
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    created_at: datetime


class TokenCreated(TokenRead):
    """The new token, with its secret, shown this once."""

    token: str


class LoginRequest(BaseModel):
    """Credentials for the API login (returns a token)."""

    email: str
    password: str
