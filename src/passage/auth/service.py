"""Account operations: create users, sign in and out, tokens, passwords. Flushes, never commits."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import timedelta
from functools import lru_cache

from sqlalchemy.orm import Session

from passage.access import GrantView, Principal, Role, ScopeType
from passage.auth import repository, scopes, throttle
from passage.auth.models import ApiToken, Grant, User, WebSession
from passage.auth.passwords import password_problem
from passage.auth.schemas import GrantSpec, UserCreate, UserUpdate
from passage.auth.secrets import hash_password, needs_rehash, new_token, token_hash, verify_password
from passage.auth.throttle import SignInClient
from passage.config import get_settings
from passage.errors import Conflict, Forbidden, Invalid, NotAuthenticated, NotFound, TooManyRequests
from passage.kit import audit
from passage.kit import pending as pending_work
from passage.kit.clock import utcnow
from passage.kit.repository import check_version

TOKEN_PREFIX = "psg_"

# Called with (session, user, password, holder, hours) when a session or token is opened with a
# password, with (session, holder) when it ends, and with (session, user, new password) after
# a password change: a field node opens, keeps and rewraps its data key (field/keys.py).
SignInHook = Callable[[Session, User, str, str, float], None]
SignOutHook = Callable[[Session, str], None]
PasswordHook = Callable[[Session, User, str], None]
_sign_in_hooks: list[SignInHook] = []
_sign_out_hooks: list[SignOutHook] = []
_password_hooks: list[PasswordHook] = []


def on_credentials(*, sign_in: SignInHook, sign_out: SignOutHook, password: PasswordHook) -> None:
    """Register what a higher domain does at sign-in, sign-out and password change."""
    if sign_in not in _sign_in_hooks:
        _sign_in_hooks.append(sign_in)
    if sign_out not in _sign_out_hooks:
        _sign_out_hooks.append(sign_out)
    if password not in _password_hooks:
        _password_hooks.append(password)


def _signed_in(
    session: Session, user: User, password: str | None, token: str, hours: float
) -> None:
    if password is not None:
        for hook in _sign_in_hooks:
            hook(session, user, password, token_hash(token), hours)


def principal_for(user: User) -> Principal:
    """The acting principal of a user, with their grants."""
    grants = tuple(
        GrantView(Role(g.role), ScopeType(g.scope_type), g.scope_value) for g in user.grants
    )
    return Principal(user_id=user.id, grants=grants, label=f"user:{user.id}")


def _validate_scope(session: Session, spec: GrantSpec) -> GrantSpec:
    """Refuse an impossible grant; a picked or typed scope value becomes the stored one."""
    if spec.role is Role.PUBLIC:
        raise Invalid(
            "the public role is not granted; it is everyone without an account", field="role"
        )
    if spec.scope_type is ScopeType.GLOBAL and spec.scope_value:
        raise Invalid("a global grant takes no scope value", field="scope_value")
    if spec.scope_type is not ScopeType.GLOBAL and not spec.scope_value:
        raise Invalid(
            "a %(scope_type)s grant needs a scope value",
            params={"scope_type": spec.scope_type},
            field="scope_value",
        )
    value = scopes.resolve(session, spec.scope_type, spec.scope_value)
    return spec.model_copy(update={"scope_value": value})


def create_user(*, session: Session, data: UserCreate) -> User:
    """Create an account with its grants; the e-mail must be new."""
    email = data.email.strip().lower()
    if repository.get_user_by_email(session, email):
        raise Conflict(
            "an account with e-mail %(email)s already exists",
            params={"email": email},
            field="email",
        )
    grants = [_validate_scope(session, spec) for spec in data.grants]
    check_new_password(data.password, email=email, full_name=data.full_name, field="password")
    user = User(
        email=email,
        full_name=data.full_name,
        password_hash=hash_password(data.password),
        organisation=data.organisation,
        language=data.language,
        password_changed_at=utcnow(),
    )
    user.grants = [
        Grant(role=g.role.value, scope_type=g.scope_type.value, scope_value=g.scope_value)
        for g in grants
    ]
    session.add(user)
    session.flush()
    audit.record(
        session,
        action="create",
        object_type="user",
        object_id=user.id,
        details={"roles": sorted(g.role.value for g in data.grants)},
    )
    return user


def update_user(
    *, session: Session, user_id: uuid.UUID, data: UserUpdate, actor_id: uuid.UUID | None = None
) -> User:
    """Apply changes to an account if the caller saw its current version. Deactivating signs
    the account out everywhere and revokes its tokens (re-activating does not revive them);
    nobody deactivates their own account (the last administrator would lock everyone out)."""
    user = get_user(session=session, user_id=user_id)
    check_version(user, data.version)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    if changes.get("is_active") is False and user.id == actor_id:
        raise Forbidden("you cannot deactivate your own account", field="is_active")
    if changes.get("is_active") is False and user.is_active:
        repository.delete_user_sessions(session, user.id)
        repository.revoke_user_tokens(session, user.id, utcnow())
    for name, value in changes.items():
        setattr(user, name, value)
    session.flush()
    audit.record(
        session,
        action="update",
        object_type="user",
        object_id=user.id,
        details={"fields": sorted(changes)},
    )
    return user


def add_grant(*, session: Session, user_id: uuid.UUID, spec: GrantSpec) -> Grant:
    """Give an account one more role within a scope (the same grant twice is refused)."""
    user = get_user(session=session, user_id=user_id)
    spec = _validate_scope(session, spec)
    held = {(g.role, g.scope_type, g.scope_value) for g in repository.grants_of(session, user.id)}
    if (spec.role.value, spec.scope_type.value, spec.scope_value) in held:
        raise Conflict("the account already holds this role in this scope", field="role")
    grant = Grant(
        user_id=user.id,
        role=spec.role.value,
        scope_type=spec.scope_type.value,
        scope_value=spec.scope_value,
    )
    session.add(grant)
    session.flush()
    session.expire(user, ["grants"])  # loaded before the new grant: read it again
    details = {"role": spec.role.value, "scope_type": spec.scope_type.value}
    audit.record(session, action="grant", object_type="user", object_id=user.id, details=details)
    return grant


def remove_grant(*, session: Session, user_id: uuid.UUID, grant_id: uuid.UUID) -> None:
    """Take one role away from an account (its last one stays: an account holds a role)."""
    grants = repository.grants_of(session, user_id)
    grant = next((g for g in grants if g.id == grant_id), None)
    if grant is None:
        raise NotFound("no such grant on this account")
    if len(grants) == 1:
        raise Conflict("an account keeps at least one role; deactivate it instead")
    details = {"role": grant.role, "scope_type": grant.scope_type}
    session.delete(grant)
    session.flush()
    if (user := repository.get_user(session, user_id)) is not None:
        session.expire(user, ["grants"])
    audit.record(session, action="revoke", object_type="user", object_id=user_id, details=details)


def names_of(*, session: Session, ids: Sequence[str] | None = None) -> dict[str, str]:
    """Who acted, by name: account id (text) -> full name; every account when `ids` is None.
    Ids that are not accounts' (a partner, a job) are left out."""
    if ids is None:
        return repository.names_by_id(session)
    wanted = []
    for value in ids:
        try:
            wanted.append(uuid.UUID(value))
        except ValueError:
            continue
    return repository.names_by_id(session, wanted) if wanted else {}


def granted_organisations(*, session: Session) -> list[str]:
    """The organisations accounts are granted roles in (where partners read referrals)."""
    return repository.organisation_scopes(session)


def get_user(*, session: Session, user_id: uuid.UUID) -> User:
    """A user, or NotFound."""
    user = repository.get_user(session, user_id)
    if user is None:
        raise NotFound("no such user")
    return user


def list_users(*, session: Session, limit: int = 100, offset: int = 0) -> Sequence[User]:
    """Users ordered by e-mail; the listing is audited (a count: accounts are personal data)."""
    users = repository.list_users(session, limit=limit, offset=offset)
    audit.record(session, action="list", object_type="user", details={"count": len(users)})
    return users


def read_user(*, session: Session, user_id: uuid.UUID) -> User:
    """One account, as an administrator reads it; the read is audited."""
    user = get_user(session=session, user_id=user_id)
    audit.record(session, action="read", object_type="user", object_id=user.id)
    return user


@lru_cache
def _decoy_hash() -> str:
    """A hash to check passwords against when the account does not exist, so that an unknown
    e-mail costs the same Argon2 work as a known one (no account discovery by timing)."""
    return hash_password(new_token())


def authenticate(
    *, session: Session, email: str, password: str, client: SignInClient | None = None
) -> User:
    """Check credentials, throttled (see auth/throttle.py); every attempt is audited. Failures
    are recorded even when the request then fails (`kit.pending.durable`)."""
    settings = get_settings()
    client = client or SignInClient()
    user = repository.get_user_by_email(session, email)
    keys = throttle.keys_for(email, client, user.id if user else None)
    object_id = user.id if user else None
    if limit := throttle.refusal(session, keys, settings):
        details = {"reason": "throttled", "limit": limit}
        pending_work.durable(session, lambda db: _audit_failure(db, object_id, details))
        raise TooManyRequests(
            "too many failed sign-ins; try again later",
            retry_after=settings.login_lockout_minutes * 60,
        )
    matches = verify_password(user.password_hash if user else _decoy_hash(), password)
    if user is None or not user.is_active or not matches:
        reason = "unknown_account" if user is None else "inactive" if matches else "bad_password"
        _failed(session, keys, object_id, reason)
        raise NotAuthenticated("wrong e-mail or password")
    throttle.clear(session, keys)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    audit.set_context(
        session, audit.AuditContext("user", str(user.id), audit.get_context(session).request_id)
    )
    audit.record(session, action="login.success", object_type="user", object_id=user.id)
    session.flush()
    return user


def _failed(
    session: Session, keys: throttle.Keys, object_id: uuid.UUID | None, reason: str
) -> None:
    """Count and audit a failed sign-in, durably: the request that fails rolls back."""

    def work(db: Session) -> None:
        throttle.record_failure(db, keys)
        _audit_failure(db, object_id, {"reason": reason})

    pending_work.durable(session, work)


def _audit_failure(session: Session, object_id: uuid.UUID | None, details: dict[str, str]) -> None:
    audit.record(
        session, action="login.failure", object_type="user", object_id=object_id, details=details
    )


def device_cookie(*, user: User) -> str:
    """A device cookie for the browser the user just signed in from (see auth/throttle.py)."""
    return throttle.new_device_cookie(user.id)


def start_web_session(*, session: Session, user: User, password: str | None = None) -> str:
    """Open a browser session; returns the cookie token (only its hash is stored). With the
    password just checked, the sign-in hooks run (a field node opens its data key)."""
    token = new_token()
    hours = get_settings().session_hours
    expires = utcnow() + timedelta(hours=hours)
    session.add(WebSession(user_id=user.id, token_hash=token_hash(token), expires_at=expires))
    session.flush()
    _signed_in(session, user, password, token, hours)
    return token


def end_web_session(*, session: Session, token: str) -> None:
    """Sign out: the session token stops working at once."""
    web_session = repository.get_web_session(session, token_hash(token))
    if web_session:
        audit.record(session, action="logout", object_type="user", object_id=web_session.user_id)
        repository.delete_web_session(session, web_session.token_hash)
        for hook in _sign_out_hooks:
            hook(session, web_session.token_hash)


def user_for_web_session(*, session: Session, token: str) -> User | None:
    """The user of a live browser session, or None."""
    web_session = repository.get_web_session(session, token_hash(token))
    if web_session is None or web_session.expires_at <= utcnow():
        return None
    user = repository.get_user(session, web_session.user_id)
    return user if user and user.is_active else None


def user_for_api_token(*, session: Session, token: str) -> User | None:
    """The user of a valid (unexpired, unrevoked) API token, or None."""
    found = repository.get_api_token_with_user(session, token_hash(token))
    now = utcnow()
    if found is None:
        return None
    row, user = found
    if row.revoked_at is not None or row.expires_at <= now or not user.is_active:
        return None
    if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=5):
        repository.touch_api_token(session, row.id, now)
    return user


def create_api_token(
    *, session: Session, user: User, name: str, days: int, password: str | None = None
) -> tuple[ApiToken, str]:
    """Issue a token; the secret is returned once and stored only as a hash (with the password
    just checked, the sign-in hooks run)."""
    secret = new_token(TOKEN_PREFIX)
    row = ApiToken(
        user_id=user.id,
        name=name,
        token_hash=token_hash(secret),
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        expires_at=utcnow() + timedelta(days=days),
    )
    session.add(row)
    session.flush()
    audit.record(session, action="create", object_type="api_token", object_id=row.id)
    _signed_in(session, user, password, secret, days * 24)
    return row, secret


def revoke_api_token(*, session: Session, user: User, token_id: uuid.UUID) -> ApiToken:
    """Revoke one of the user's own tokens (an admin may revoke anyone's)."""
    row = repository.get_api_token_by_id(session, token_id)
    if row is None or row.user_id != user.id:
        raise NotFound("no such token")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.flush()
        audit.record(
            session,
            action="update",
            object_type="api_token",
            object_id=row.id,
            details={"fields": ["revoked_at"]},
        )
    return row


def list_api_tokens(*, session: Session, user: User) -> Sequence[ApiToken]:
    """The user's own tokens."""
    return repository.list_api_tokens(session, user.id)


def check_new_password(password: str, *, email: str, full_name: str, field: str) -> None:
    """Refuse a password the policy does not accept (auth/passwords.py), naming the field."""
    problem = password_problem(password, personal=(email, full_name))
    if problem:
        raise Invalid(problem, field=field)


def change_password(*, session: Session, user: User, current: str, new: str) -> None:
    """Change one's own password; every browser session ends and every API token is revoked
    (whoever held the old password may have made one)."""
    if not verify_password(user.password_hash, current):
        raise Forbidden("the current password is wrong", field="current_password")
    if current == new:
        raise Invalid("the new password must differ from the current one", field="new_password")
    check_new_password(new, email=user.email, full_name=user.full_name, field="new_password")
    user.password_hash = hash_password(new)
    user.password_changed_at = utcnow()
    for hook in _password_hooks:
        hook(session, user, new)
    for holder in repository.user_session_hashes(session, user.id):
        for sign_out in _sign_out_hooks:
            sign_out(session, holder)
    repository.delete_user_sessions(session, user.id)
    revoked = repository.revoke_user_tokens(session, user.id, utcnow())
    session.flush()
    audit.record(
        session,
        action="update",
        object_type="user",
        object_id=user.id,
        details={"fields": ["password"], "api_tokens_revoked": revoked},
    )
