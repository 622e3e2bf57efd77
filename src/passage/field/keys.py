"""The node's data key (kit.atrest): made at enrolment, wrapped per officer under a key derived
from their password (Argon2id, a salt per officer) and under the enrolment secret shown once at
enrolment; held in this process's memory only while someone is signed in.

An officer's first sign-in at the node wraps the key for them while it is open (another officer
is signed in), or after they give the enrolment secret (`/field/unlock`, `--secret`). A
password change rewraps it. Nothing that opens the data key is written to disk.
"""

from __future__ import annotations

import base64
import os
import secrets
import sqlite3
import time
import uuid
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import Session

from passage.auth import service as auth_service
from passage.auth.models import User
from passage.auth.secrets import token_hash, verify_password
from passage.config import get_settings
from passage.errors import Forbidden, Invalid
from passage.field import repository
from passage.field.models import KeyWrap
from passage.kit import atrest, audit

SECRET_BYTES = 20  # 160 bits, 32 base32 letters
PROCESS = "process"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _kek(secret: str, salt: bytes) -> bytes:
    """The key-encryption key of a password or the enrolment secret (Argon2id)."""
    settings = get_settings()
    return hash_secret_raw(
        secret.encode(),
        salt,
        time_cost=settings.argon2_time_cost,
        memory_cost=settings.argon2_memory_cost,
        parallelism=1,
        hash_len=32,
        type=Type.ID,
    )


def _wrap(data_key: bytes, secret: str, user_id: uuid.UUID | None) -> KeyWrap:
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_kek(secret, salt)).encrypt(nonce, data_key, b"passage data key v1")
    return KeyWrap(user_id=user_id, salt=_b64(salt), wrapped=_b64(nonce + sealed))


def _unwrap(wrap: KeyWrap, secret: str) -> bytes | None:
    raw = base64.b64decode(wrap.wrapped)
    kek = _kek(secret, base64.b64decode(wrap.salt))
    try:
        return AESGCM(kek).decrypt(raw[:12], raw[12:], b"passage data key v1")
    except InvalidTag:
        return None


def _format_secret(raw: bytes) -> str:
    letters = base64.b32encode(raw).decode("ascii")
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


def _normal_secret(secret: str) -> str:
    return "".join(secret.split()).replace("-", "").upper()


def create(*, session: Session) -> str:
    """Make the node's data key, wrap it under a new enrolment secret, open it for this
    process; the secret, to be shown once."""
    if repository.key_wraps(session):
        raise Invalid("this node already has a data key")
    data_key = os.urandom(atrest.KEY_BYTES)
    secret = _format_secret(secrets.token_bytes(SECRET_BYTES))
    repository.add(session, _wrap(data_key, _normal_secret(secret), None))
    session.flush()
    atrest.session_keyring(session).open(data_key, PROCESS)
    audit.record(session, action="field.data_key_made", object_type="field_node")
    return secret


def is_sealed(*, session: Session) -> bool:
    """Whether this node's data is encrypted at rest (it holds a wrapped data key)."""
    return atrest.session_keyring(session).enabled


def is_open(*, session: Session) -> bool:
    """Whether the data key is held in memory now."""
    return atrest.session_keyring(session).is_open


def _deadline(hours: float | None) -> float | None:
    return time.time() + hours * 3600 if hours else None


def sign_in(
    *, session: Session, user: User, password: str, holder: str, hours: float | None = None
) -> bool:
    """At an officer's sign-in: open the data key with their wrap, or wrap it for them when it
    is open already (their first sign-in here); whether the key is open for them now."""
    ring = atrest.session_keyring(session)
    if not ring.enabled:
        return True
    wrap = repository.key_wrap_of(session, user.id)
    data_key = _unwrap(wrap, password) if wrap is not None else None
    if data_key is not None:
        ring.open(data_key, holder, _deadline(hours))
        return True
    if wrap is not None and ring.is_open:  # the password changed at the central: rewrap
        repository.delete_record(session, wrap)
        session.flush()
    if not ring.is_open:
        return False
    repository.add(session, _wrap(_data_key(ring), password, user.id))
    ring.add_holder(holder, _deadline(hours))
    audit.record(session, action="field.data_key_wrapped", object_type="user", object_id=user.id)
    return True


def _data_key(ring: atrest.Keyring) -> bytes:
    key = ring.data_key
    if key is None:
        ring.keys()  # raises Locked
        raise AssertionError("unreachable")
    return key


def unlock_with_secret(
    *,
    session: Session,
    user: User | None,
    password: str | None,
    secret: str,
    holder: str,
    hours: float | None = None,
) -> None:
    """Open the data key with the enrolment secret (and wrap it for the officer, when one is
    given with their password); Forbidden when the secret is wrong."""
    ring = atrest.session_keyring(session)
    if user is not None and not verify_password(user.password_hash, password or ""):
        raise Forbidden("the password is wrong", field="password")
    wrap = repository.key_wrap_of(session, None)
    data_key = _unwrap(wrap, _normal_secret(secret)) if wrap else None
    if data_key is None:
        audit.record(session, action="field.unlock_refused", object_type="field_node")
        raise Forbidden("the enrolment secret is wrong", field="secret")
    ring.open(data_key, holder, _deadline(hours))
    if user is not None and password is not None:
        old = repository.key_wrap_of(session, user.id)
        if old is not None:
            repository.delete_record(session, old)
            session.flush()
        repository.add(session, _wrap(data_key, password, user.id))
    audit.record(
        session,
        action="field.unlocked_with_secret",
        object_type="user" if user else "field_node",
        object_id=user.id if user else None,
    )
    session.flush()


def unlock_with_password(*, session: Session, email: str, password: str, holder: str) -> None:
    """Open the data key with an officer's credentials (a CLI run); Forbidden when they do not
    open it."""
    user = repository.user_by_email(session, email)
    wrap = repository.key_wrap_of(session, user.id) if user else None
    data_key = _unwrap(wrap, password) if wrap else None
    if user is None or data_key is None:
        raise Forbidden("these credentials do not open this node's data")
    atrest.session_keyring(session).open(data_key, holder)
    audit.record(session, action="field.unlocked", object_type="user", object_id=user.id)


def rewrap(*, session: Session, user: User, password: str) -> None:
    """After a password change: the officer's wrap under the new password (the key is open:
    they are signed in); without it, their wrap is removed and the next sign-in asks for
    another holder or the enrolment secret."""
    ring = atrest.session_keyring(session)
    if not ring.enabled:
        return
    old = repository.key_wrap_of(session, user.id)
    if old is not None:
        repository.delete_record(session, old)
        session.flush()
    if ring.is_open and ring.data_key is not None:
        repository.add(session, _wrap(ring.data_key, password, user.id))
    session.flush()


def web_holder(cookie: str) -> str:
    """The holder name of a browser session (its token's stored hash, as at sign-in)."""
    return token_hash(cookie)


def sign_out(*, session: Session, holder: str) -> None:
    """A holder signed out: the key is dropped when no one else holds it."""
    atrest.session_keyring(session).release(holder)


# ------------------------------------------------------------------ hooks


def _on_sign_in(session: Session, user: User, password: str, holder: str, hours: float) -> None:
    sign_in(session=session, user=user, password=password, holder=holder, hours=hours)


def _on_sign_out(session: Session, holder: str) -> None:
    sign_out(session=session, holder=holder)


def _on_password(session: Session, user: User, password: str) -> None:
    rewrap(session=session, user=user, password=password)


def _detect(connection: Connection) -> None:
    """Once per engine: a SQLite database holding a wrapped data key is a sealed node (read on
    the driver's connection, outside any transaction)."""
    ring = atrest.keyring(connection.dialect)
    if ring.checked or connection.dialect.name != "sqlite":
        return
    ring.checked = True
    raw: Any = connection.connection.dbapi_connection
    try:
        found = raw.execute("SELECT 1 FROM field_key_wraps LIMIT 1").fetchone()
    except sqlite3.Error:  # not migrated yet
        ring.checked = False
        return
    ring.enabled = ring.enabled or found is not None


def install() -> None:
    """Open, keep and rewrap the data key with officers' credentials; detect sealed nodes."""
    auth_service.on_credentials(sign_in=_on_sign_in, sign_out=_on_sign_out, password=_on_password)
    if not event.contains(Engine, "engine_connect", _detect):
        event.listen(Engine, "engine_connect", _detect)
