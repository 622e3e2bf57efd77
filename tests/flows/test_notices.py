"""Followers of a point hear of its new recent alerts by e-mail (the notification outbox, when
mail is set up) and by the webhooks registered for the point; an old history judged again tells
nobody; a follower the point is out of reach of is not told."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from passage.access import Role, ScopeType
from passage.auth.service import principal_for
from passage.flows import imports, notices, service
from passage.flows.models import FlowPoint
from passage.flows.schemas import PointCreate
from passage.health.notifications.mail_settings import save
from passage.health.notifications.models import OutboxMessage
from passage.health.notifications.schemas import MailSettingsInput
from passage.kit.clock import today
from passage.webhooks.models import WebhookMessage
from tests.factories import bearer, make_user, token_for


def _mail_on(session) -> None:
    data = MailSettingsInput(enabled=True, host="127.0.0.1", port=2525, security="none",
                             sender="flows@example.org")  # fmt: skip
    save(session=session, data=data, actor=principal_for(make_user(session, Role.ADMIN)))


def _point(session, code: str) -> FlowPoint:
    data = PointCreate(code=code, name=f"Bus park {code}", kind="transit_hub", country_iso3="KEN")
    actor = principal_for(make_user(session, Role.COORDINATOR))
    return service.create_point(session=session, data=data, actor=actor)


def _series(code: str, last, spike: bool = True) -> bytes:
    lines = ["point,period,count"]
    for back in range(44, -1, -1):
        day = last - timedelta(days=back)
        lines.append(f"{code},{day.isoformat()},{1000 if spike and back == 0 else 100 + back % 5}")
    return "\n".join(lines).encode()


def _follow(session, point, **grant):
    user = make_user(session, Role.COORDINATOR, **grant)
    service.set_following(session=session, point_id=point.id, follow=True,
                          actor=principal_for(user))  # fmt: skip
    return user


def _mails(session, address: str) -> list[OutboxMessage]:
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == address)))


def test_a_follower_is_mailed_a_recent_rise_and_an_outsider_is_not(session):
    _mail_on(session)
    point = _point(session, "FMP-MAIL")
    follower = _follow(session, point)
    outsider = _follow(session, point)
    outsider.grants[0].scope_type, outsider.grants[0].scope_value = ScopeType.COUNTRY.value, "UGA"
    session.flush()
    imports.import_counts(session, content=_series("FMP-MAIL", today()), filename="s.csv")
    mails = _mails(session, follower.email)
    assert len(mails) == 1 and "Bus park FMP-MAIL" in mails[0].subject
    assert today().isoformat() in mails[0].body and "/flows/alerts/" in mails[0].body
    assert "Seasonal baseline" in mails[0].body, "the method in words, in English"
    assert _mails(session, outsider.email) == []


def test_an_old_history_tells_nobody(session):
    _mail_on(session)
    point = _point(session, "FMP-OLD")
    follower = _follow(session, point)
    imports.import_counts(
        session, content=_series("FMP-OLD", today() - timedelta(days=400)), filename="s.csv"
    )
    assert _mails(session, follower.email) == []


def test_without_mail_settings_no_mail_is_queued(session):
    point = _point(session, "FMP-NOMAIL")
    follower = _follow(session, point)
    imports.import_counts(session, content=_series("FMP-NOMAIL", today()), filename="s.csv")
    assert _mails(session, follower.email) == []


def test_a_webhook_registered_for_the_point_gets_its_new_alerts(client, session):
    point = _point(session, "FMP-HOOK")
    token = token_for(session, make_user(session, Role.COORDINATOR))
    response = client.post(
        f"/api/v1/flows/points/{point.id}/webhooks",
        json={"name": "Situation room", "url": "https://hooks.example.org/flows"},
        headers=bearer(token),
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["topic"] == notices.topic_of(point.id) and len(created["secret"]) >= 16
    imports.import_counts(session, content=_series("FMP-HOOK", today()), filename="s.csv")
    messages = session.scalars(
        select(WebhookMessage).where(WebhookMessage.topic == notices.topic_of(point.id))
    ).all()
    assert len(messages) == 1
    sent = messages[0].payload
    assert sent["point"]["code"] == "FMP-HOOK"
    assert [alert["period"] for alert in sent["alerts"]] == [today().isoformat()]
    assert set(sent["alerts"][0]) == {"id", "period", "observed", "expected", "threshold",
                                      "method", "direction", "explanation"}  # fmt: skip


def test_an_analyst_may_not_send_a_points_alerts_to_a_webhook(client, session):
    point = _point(session, "FMP-NOHOOK")
    analyst = token_for(session, make_user(session, Role.ANALYST))
    refused = client.post(
        f"/api/v1/flows/points/{point.id}/webhooks",
        json={"name": "Mine", "url": "https://hooks.example.org/mine"},
        headers=bearer(analyst),
    )
    assert refused.status_code == 403
