"""Tables of accounts: users, their grants, web sessions, API tokens and failed logins."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from passage.kit.models import Base, RecordMixin


class User(RecordMixin, Base):
    """A person who signs in; the password is kept only as an Argon2id hash."""

    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    organisation: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8), default="en")
    is_active: Mapped[bool] = mapped_column(default=True)
    password_changed_at: Mapped[datetime | None]
    last_login_at: Mapped[datetime | None]

    grants: Mapped[list[Grant]] = relationship(
        back_populates="user", lazy="selectin", cascade="all, delete-orphan"
    )


class Grant(RecordMixin, Base):
    """One role held by a user within one scope (global, a country, a POE, an organisation)."""

    __tablename__ = "grants"
    __table_args__ = (UniqueConstraint("user_id", "role", "scope_type", "scope_value"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(40))
    scope_type: Mapped[str] = mapped_column(String(20), default="global")
    scope_value: Mapped[str | None] = mapped_column(String(100))

    user: Mapped[User] = relationship(back_populates="grants", lazy="raise")


class WebSession(RecordMixin, Base):
    """A signed-in browser; the cookie carries a random token, only its hash is stored."""

    __tablename__ = "web_sessions"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime]


class ApiToken(RecordMixin, Base):
    """A bearer token for the API: stored hashed, shown once, expiring and revocable."""

    __tablename__ = "api_tokens"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]


class LoginFailure(RecordMixin, Base):
    """One failed sign-in, for throttling: keyed hashes of the account name, of the source
    address and of the trusted device it came from (none when the client was not trusted)."""

    __tablename__ = "login_failures"

    key_hash: Mapped[str] = mapped_column(String(64), index=True)
    source_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    device_hash: Mapped[str | None] = mapped_column(String(64), index=True)
