"""Accounts: Argon2id hashes, throttled and audited sign-in, tokens, password change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from passage.access import Role, ScopeTarget, ScopeType, can
from passage.audit.models import AuditEntry
from passage.auth import service
from passage.auth.models import ApiToken
from passage.auth.schemas import UserUpdate
from passage.config import get_settings
from passage.errors import Conflict, Forbidden, Invalid, NotAuthenticated, TooManyRequests
from passage.kit.clock import utcnow
from tests.factories import PASSWORD, make_user


def _last_audit(session):
    session.commit()
    return session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()


def test_password_is_stored_as_argon2id(session):
    user = make_user(session)
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_duplicate_email_is_a_conflict(session):
    make_user(session, email="dup@example.org")
    with pytest.raises(Conflict):
        make_user(session, email="DUP@example.org")


def test_public_role_cannot_be_granted(session):
    with pytest.raises(Invalid):
        make_user(session, Role.PUBLIC)


def test_scoped_grant_needs_a_value(session):
    with pytest.raises(Invalid):
        make_user(session, Role.BORDER_OFFICER, scope_type=ScopeType.POE)


def test_successful_login_is_audited(session):
    user = make_user(session)
    assert (
        service.authenticate(session=session, email=user.email.upper(), password=PASSWORD) == user
    )
    entry = _last_audit(session)
    assert (entry.action, entry.object_id, entry.actor_id) == (
        "login.success",
        str(user.id),
        str(user.id),
    )


def test_failed_login_is_audited_without_the_email(session):
    user = make_user(session)
    with pytest.raises(NotAuthenticated):
        service.authenticate(session=session, email=user.email, password="wrong password!")
    entry = _last_audit(session)
    assert entry.action == "login.failure"
    assert entry.details == {"reason": "bad_password"}
    assert user.email not in str(entry.details)


def test_login_is_throttled_after_repeated_failures(session):
    user = make_user(session)
    for _ in range(get_settings().login_max_failures):
        with pytest.raises(NotAuthenticated):
            service.authenticate(session=session, email=user.email, password="wrong password!")
    with pytest.raises(TooManyRequests):
        service.authenticate(session=session, email=user.email, password=PASSWORD)


def test_inactive_user_cannot_sign_in(session):
    user = make_user(session)
    service.update_user(
        session=session, user_id=user.id, data=UserUpdate(version=user.version, is_active=False)
    )
    with pytest.raises(NotAuthenticated):
        service.authenticate(session=session, email=user.email, password=PASSWORD)


def test_stale_update_is_refused(session):
    user = make_user(session)
    seen = user.version
    service.update_user(
        session=session, user_id=user.id, data=UserUpdate(version=seen, full_name="First")
    )
    with pytest.raises(Conflict):
        service.update_user(
            session=session, user_id=user.id, data=UserUpdate(version=seen, full_name="Second")
        )
    assert user.full_name == "First"


def test_api_token_is_stored_hashed_and_works_until_revoked(session):
    user = make_user(session)
    row, secret = service.create_api_token(session=session, user=user, name="t", days=1)
    assert secret.startswith("psg_")
    assert secret not in row.token_hash
    assert service.user_for_api_token(session=session, token=secret) == user
    service.revoke_api_token(session=session, user=user, token_id=row.id)
    assert service.user_for_api_token(session=session, token=secret) is None


def test_expired_api_token_is_refused(session):
    user = make_user(session)
    row, secret = service.create_api_token(session=session, user=user, name="t", days=1)
    row.expires_at = utcnow() - timedelta(seconds=1)
    assert service.user_for_api_token(session=session, token=secret) is None


def test_someone_elses_token_cannot_be_revoked(session):
    owner, other = make_user(session), make_user(session)
    row, _ = service.create_api_token(session=session, user=owner, name="t", days=1)
    with pytest.raises(Exception, match="no such token"):
        service.revoke_api_token(session=session, user=other, token_id=row.id)
    assert session.get(ApiToken, row.id).revoked_at is None


def test_password_change_needs_the_current_password_and_ends_sessions(session):
    user = make_user(session)
    token = service.start_web_session(session=session, user=user)
    with pytest.raises(Forbidden):
        service.change_password(
            session=session, user=user, current="not it at all", new="another long password"
        )
    service.change_password(
        session=session, user=user, current=PASSWORD, new="another long password"
    )
    assert service.user_for_web_session(session=session, token=token) is None
    assert (
        service.authenticate(session=session, email=user.email, password="another long password")
        == user
    )


def test_scope_limits_a_grant_to_its_country_or_poe(session):
    officer = service.principal_for(
        make_user(session, Role.BORDER_OFFICER, scope_type="country", scope_value="KEN")
    )
    assert can(officer, "dashboard", ScopeTarget(country="KEN"))
    assert not can(officer, "dashboard", ScopeTarget(country="UGA"))
    admin = service.principal_for(make_user(session, Role.ADMIN))
    assert can(admin, "users.manage", ScopeTarget(country="UGA"))


def test_token_use_is_noted_without_changing_the_tokens_version(session):
    user = make_user(session)
    row, secret = service.create_api_token(session=session, user=user, name="t", days=1)
    session.flush()
    version = row.version
    service.user_for_api_token(session=session, token=secret)
    session.expire(row)
    assert row.last_used_at is not None and row.version == version
