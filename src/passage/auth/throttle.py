"""Throttled sign-in that strangers cannot turn into a lock-out.

Failed sign-ins are counted over a sliding window (PASSAGE_LOGIN_LOCKOUT_MINUTES) in four ways:
per source address (one client guessing many accounts), per account at one source (one client
guessing one account), per account over every source for clients the account never signed in
from (a guess spread over many addresses), and per trusted device. A browser where the person
signed in before holds a device cookie for their account; with it only that device's own
failures count, so a stranger who hammers an e-mail from elsewhere locks out nobody but
themselves (OWASP "device cookies"). Keys are keyed hashes: no e-mail or address is stored.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from passage.auth import repository
from passage.auth.secrets import same, token_hash
from passage.config import Settings
from passage.kit.clock import utcnow

DEVICE_COOKIE = "passage_device"
DEVICE_COOKIE_DAYS = 365


@dataclass(frozen=True)
class SignInClient:
    """Where a sign-in comes from: the client's address and the device cookie it sent."""

    source: str | None = None
    device: str | None = None


@dataclass(frozen=True)
class Keys:
    """The throttling keys of one attempt (keyed hashes, never the e-mail or the address)."""

    account: str
    source: str
    device: str | None  # set only when the device cookie is valid for this account


def account_key(email: str) -> str:
    """The throttling key of an account name (whether or not the account exists)."""
    return token_hash("login:" + email.strip().lower())


def keys_for(email: str, client: SignInClient, user_id: uuid.UUID | None) -> Keys:
    """The keys of an attempt; the device counts only if its cookie was issued to this user."""
    nonce = device_nonce(client.device, user_id) if user_id else None
    return Keys(
        account=account_key(email),
        source=token_hash("source:" + (client.source or "unknown")),
        device=token_hash("device:" + nonce) if nonce else None,
    )


def refusal(session: Session, keys: Keys, settings: Settings) -> str | None:
    """Why this attempt is refused without looking at the password, or None to go on."""
    since = utcnow() - timedelta(minutes=settings.login_lockout_minutes)
    if keys.device is not None:  # a trusted device: only its own failures count
        failures = repository.count_failures(session, since, device_hash=keys.device)
        return "device" if failures >= settings.login_max_failures else None
    limits = (
        ("source", {"source_hash": keys.source}, settings.login_source_max_failures),
        (
            "account_at_source",
            {"key_hash": keys.account, "source_hash": keys.source},
            settings.login_max_failures,
        ),
        (
            "account",
            {"key_hash": keys.account, "untrusted": True},
            settings.login_account_max_failures,
        ),
    )
    for reason, where, limit in limits:
        if repository.count_failures(session, since, **where) >= limit:
            return reason
    return None


def record_failure(session: Session, keys: Keys) -> None:
    """Count one failed attempt under every key it has."""
    repository.add_failure(
        session, key_hash=keys.account, source_hash=keys.source, device_hash=keys.device
    )


def clear(session: Session, keys: Keys) -> None:
    """Forget this client's failures after a success (the spread-out count stays)."""
    repository.clear_failures(
        session, key_hash=keys.account, source_hash=keys.source, device_hash=keys.device
    )


def new_device_cookie(user_id: uuid.UUID) -> str:
    """A device cookie for a browser where the user just signed in: a nonce and its MAC."""
    nonce = secrets.token_urlsafe(16)
    return f"{nonce}.{_device_mac(user_id, nonce)}"


def device_nonce(cookie: str | None, user_id: uuid.UUID | None) -> str | None:
    """The nonce of a device cookie issued to this user, or None (absent, forged, another's)."""
    nonce, _, mac = (cookie or "").partition(".")
    if not nonce or not mac or user_id is None:
        return None
    return nonce if same(mac, _device_mac(user_id, nonce)) else None


def _device_mac(user_id: uuid.UUID, nonce: str) -> str:
    return token_hash(f"device:{user_id}:{nonce}")
