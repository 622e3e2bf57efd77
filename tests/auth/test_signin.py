"""Sign-in under attack: throttled by source, by account and by device without letting strangers
lock anyone out; failures recorded although their request fails; no account discovery by timing;
a password change revokes API tokens; weak and common passwords refused."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from passage.audit.models import AuditEntry
from passage.auth import service
from passage.auth.models import LoginFailure
from passage.auth.throttle import DEVICE_COOKIE, SignInClient
from passage.config import get_settings
from passage.errors import Invalid, NotAuthenticated, TooManyRequests
from tests.factories import PASSWORD, bearer, csrf_from, make_user, token_for

WRONG = "not the right password"


def _token_request(client, email: str, password: str):
    return client.post("/api/v1/auth/token", json={"email": email, "password": password})


def _failures(session) -> int:
    return session.scalar(select(func.count()).select_from(LoginFailure)) or 0


def _audited(session, action: str) -> list[AuditEntry]:
    statement = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)
    return list(session.scalars(statement))


# ---------------------------------------------------------------- the API token endpoint


def test_wrong_api_passwords_are_throttled_and_the_right_one_then_waits(client, session):
    user = make_user(session)
    session.commit()
    for _ in range(get_settings().login_max_failures):
        assert _token_request(client, user.email, WRONG).status_code == 401
    refused = _token_request(client, user.email, PASSWORD)
    assert refused.status_code == 429
    assert refused.json()["error"] == "too_many_requests"
    assert int(refused.headers["Retry-After"]) > 0


def test_a_failed_api_sign_in_is_recorded_and_audited_although_the_request_fails(client, session):
    user = make_user(session)
    session.commit()
    before_failures, before_audit = _failures(session), len(_audited(session, "login.failure"))
    assert _token_request(client, user.email, WRONG).status_code == 401
    assert _failures(session) == before_failures + 1
    entries = _audited(session, "login.failure")
    assert len(entries) == before_audit + 1
    assert entries[-1].object_id == str(user.id)
    assert entries[-1].details == {"reason": "bad_password"}


def test_a_throttled_api_attempt_is_audited(client, session):
    user = make_user(session)
    session.commit()
    for _ in range(get_settings().login_max_failures + 1):
        _token_request(client, user.email, WRONG)
    assert _audited(session, "login.failure")[-1].details["reason"] == "throttled"


# ---------------------------------------------------------------- no discovery by timing


def test_an_unknown_email_costs_the_same_password_check_as_a_known_one(session, monkeypatch):
    checked: list[str] = []
    real = service.verify_password

    def counting(password_hash: str, password: str) -> bool:
        checked.append(password_hash[:10])
        return real(password_hash, password)

    monkeypatch.setattr(service, "verify_password", counting)
    user = make_user(session)
    for email in (user.email, "nobody-here@example.org"):
        with pytest.raises(NotAuthenticated):
            service.authenticate(session=session, email=email, password=WRONG)
    assert len(checked) == 2
    assert all(prefix.startswith("$argon2id$") for prefix in checked)


def test_an_inactive_account_answers_like_a_wrong_password(session, monkeypatch):
    from passage.auth.schemas import UserUpdate

    user = make_user(session)
    service.update_user(
        session=session, user_id=user.id, data=UserUpdate(version=user.version, is_active=False)
    )
    with pytest.raises(NotAuthenticated, match="wrong e-mail or password"):
        service.authenticate(session=session, email=user.email, password=PASSWORD)


# ---------------------------------------------------------------- strangers lock out nobody


def _attempt(session, email: str, password: str, client: SignInClient):
    return service.authenticate(session=session, email=email, password=password, client=client)


def test_a_stranger_hammering_an_email_does_not_lock_the_officer_out(session):
    officer = make_user(session, "border_officer")
    stranger = SignInClient(source="203.0.113.66")
    for _ in range(get_settings().login_max_failures):
        with pytest.raises(NotAuthenticated):
            _attempt(session, officer.email, WRONG, stranger)
    with pytest.raises(TooManyRequests):
        _attempt(session, officer.email, WRONG, stranger)
    at_the_post = SignInClient(source="198.51.100.7")
    assert _attempt(session, officer.email, PASSWORD, at_the_post) == officer


def test_one_source_guessing_many_accounts_is_throttled(session):
    source = SignInClient(source="203.0.113.99")
    for n in range(get_settings().login_source_max_failures):
        with pytest.raises(NotAuthenticated):
            _attempt(session, f"guess-{n}@example.org", WRONG, source)
    victim = make_user(session)
    with pytest.raises(TooManyRequests):
        _attempt(session, victim.email, PASSWORD, source)


def test_a_spread_out_attack_throttles_new_clients_but_not_a_trusted_device(session):
    officer = make_user(session, "border_officer")
    device = service.device_cookie(user=officer)
    for n in range(get_settings().login_account_max_failures):
        with pytest.raises(NotAuthenticated):
            _attempt(session, officer.email, WRONG, SignInClient(source=f"192.0.2.{n}"))
    with pytest.raises(TooManyRequests):
        _attempt(session, officer.email, PASSWORD, SignInClient(source="198.51.100.1"))
    trusted = SignInClient(source="198.51.100.1", device=device)
    assert _attempt(session, officer.email, PASSWORD, trusted) == officer


def test_a_device_cookie_of_another_account_is_not_trusted(session):
    officer, other = make_user(session), make_user(session)
    borrowed = SignInClient(source="198.51.100.2", device=service.device_cookie(user=other))
    for _ in range(get_settings().login_max_failures):
        with pytest.raises(NotAuthenticated):
            _attempt(session, officer.email, WRONG, borrowed)
    with pytest.raises(TooManyRequests):
        _attempt(session, officer.email, PASSWORD, borrowed)


def test_web_sign_in_gives_the_browser_a_device_cookie_that_outlasts_an_attack(app, session):
    officer = make_user(session, "border_officer")
    session.commit()
    with TestClient(app, client=("198.51.100.20", 5000)) as browser:
        page = browser.get("/login")
        form = {"email": officer.email, "password": PASSWORD, "csrf_token": csrf_from(page.text)}
        assert browser.post("/login", data=form, follow_redirects=False).status_code == 303
        device = browser.cookies.get(DEVICE_COOKIE)
    assert device
    for n in range(get_settings().login_account_max_failures):
        with pytest.raises(NotAuthenticated):
            _attempt(session, officer.email, WRONG, SignInClient(source=f"192.0.2.{n}"))
    session.commit()
    with TestClient(app, client=("198.51.100.20", 5001)) as browser:
        browser.cookies.set(DEVICE_COOKIE, device)
        page = browser.get("/login")
        form = {"email": officer.email, "password": PASSWORD, "csrf_token": csrf_from(page.text)}
        assert browser.post("/login", data=form, follow_redirects=False).status_code == 303


# ---------------------------------------------------------------- passwords


def test_a_password_change_revokes_every_api_token(client, session):
    user = make_user(session)
    token = token_for(session, user)
    session.commit()
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    service.change_password(
        session=session, user=user, current=PASSWORD, new="a brand new passphrase 2027"
    )
    session.commit()
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


@pytest.mark.parametrize(
    "password",
    ["aaaaaaaaaaaaaaaa", " " * 14, "\t\t\t\t\t\t\t\t\t\t\t\t", "password1234", "qwertyuiop123"],
)
def test_weak_and_common_passwords_are_refused(session, password):
    with pytest.raises(Invalid) as refused:
        make_user(session, password=password)
    assert refused.value.field == "password"
    user = make_user(session)
    with pytest.raises(Invalid) as refused:
        service.change_password(session=session, user=user, current=PASSWORD, new=password)
    assert refused.value.field == "new_password"


def test_a_password_made_of_the_persons_own_email_is_refused(session):
    with pytest.raises(Invalid):
        make_user(session, email="amina.otieno@example.org", password="amina.otieno2024")


def test_the_api_refuses_a_common_password_with_a_422(client, session):
    user = make_user(session)
    session.commit()
    headers = bearer(token_for(session, user))
    session.commit()
    response = client.post(
        "/api/v1/me/password",
        headers=headers,
        json={"current_password": PASSWORD, "new_password": "password1234"},
    )
    assert response.status_code == 422
    assert response.json()["field"] == "new_password"
