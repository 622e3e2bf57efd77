"""The case worker's and the partner's dashboards: new referrals counted, each card linking to
the list that shows them."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from passage.access import Role
from passage.border.referrals.service import NEW_REFERRALS_TOPIC
from passage.protection import cli as protection_cli
from passage.protection.referrals import service as referrals
from passage.protection.referrals.schemas import ReferralResponse
from passage.web.middleware import LANGUAGE_COOKIE
from passage.webhooks import service as webhooks
from passage.webhooks.models import WebhookMessage
from tests.dashboard import dashboard_figure
from tests.factories import csrf_from, web_login
from tests.protection.helpers import IOM, RED_CROSS, person_with_case, staff
from tests.protection.intake.test_intake import _border_referral
from tests.protection.referrals.test_referrals import refer


def test_the_case_workers_dashboard_counts_new_border_referrals(client, session):
    """Two referrals to IOM wait to be taken up: the card says 2 and opens their list."""
    _border_referral(session, ["medical_emergency"], True)
    _border_referral(session, ["pregnancy"], True)
    user, _ = staff(session, Role.CASE_WORKER)
    session.commit()
    web_login(client, user.email)
    assert dashboard_figure(client.get("/").text, "/protection/border-referrals") == 2
    listing = client.get("/protection/border-referrals")
    assert listing.status_code == 200 and listing.text.count("/protection/border-referrals/") == 2


def test_the_partners_dashboard_counts_referrals_still_to_answer(client, session):
    """Two referrals reach the Red Cross, one already accepted: the card says 1 and links to
    the list of pending referrals, which holds only that one."""
    _, worker = staff(session, Role.CASE_WORKER)
    partner_user, partner = staff(session, Role.PARTNER_WORKER, RED_CROSS)
    first, _ = refer(session, worker, *person_with_case(session, worker))
    second, _ = refer(session, worker, *person_with_case(session, worker, given_names="Ali"))
    referrals.respond(
        session=session,
        referral_id=first.id,
        data=ReferralResponse(version=first.version, status="accepted"),
        actor=partner,
    )
    session.commit()
    web_login(client, partner_user.email)
    assert dashboard_figure(client.get("/").text, "/protection/partner?status=pending") == 1
    pending = client.get("/protection/partner", params={"status": "pending"}).text
    assert str(second.id) in pending and str(first.id) not in pending
    assert str(first.id) in client.get("/protection/partner").text


BADGE = re.compile(r'<a href="([^"]+)" class="badge badge-alert header-badge"[^>]*>([^<]+)<')


def _badges(page: str) -> list[tuple[str, str]]:
    """The header notices of a page: their link and text."""
    return [(url, html.unescape(text)) for url, text in BADGE.findall(page)]


def test_a_new_referral_shows_in_the_partners_header_until_the_list_is_opened(client, session):
    """A referral to the Red Cross: its partner worker sees "1 new referral" on every page, a
    partner of another organisation sees nothing; opening the list clears the notice, and only
    a later referral brings it back."""
    _, worker = staff(session, Role.CASE_WORKER)
    partner_user, _ = staff(session, Role.PARTNER_WORKER, RED_CROSS)
    other_user, _ = staff(session, Role.PARTNER_WORKER, "Another NGO")
    refer(session, worker, *person_with_case(session, worker))
    session.commit()
    web_login(client, other_user.email)
    assert _badges(client.get("/").text) == []
    web_login(client, partner_user.email)
    notice = [("/protection/partner?status=pending", "1 new referral")]
    assert _badges(client.get("/").text) == notice
    assert _badges(client.get("/account").text) == notice
    assert "Amina" not in client.get("/").text.split("</header>")[0]
    client.get("/protection/partner", params={"status": "pending"})
    assert _badges(client.get("/").text) == []
    refer(session, worker, *person_with_case(session, worker, given_names="Ali"))
    session.commit()
    assert _badges(client.get("/").text) == notice


def test_a_new_border_referral_shows_in_the_case_workers_header(client, session):
    """A referral made at a point of entry to IOM: IOM's case worker is told in French, and
    opening the list of border referrals clears it."""
    _border_referral(session, ["medical_emergency"], True)
    user, _ = staff(session, Role.CASE_WORKER)
    session.commit()
    web_login(client, user.email)
    client.cookies.set(LANGUAGE_COOKIE, "fr")
    notice = [("/protection/border-referrals", "1 nouvelle orientation d'un point d'entrée")]
    assert _badges(client.get("/").text) == notice
    client.get("/protection/border-referrals")
    assert _badges(client.get("/").text) == []


def test_a_new_referral_is_announced_to_the_configured_webhook_without_personal_data(session):
    """With an endpoint of the new-referrals topic, each referral queues one message naming
    the list, the organisation and the referral's id, and nothing about the person."""
    endpoint, _ = webhooks.create_endpoint(
        session=session, topic=NEW_REFERRALS_TOPIC, name="sms gateway", url="https://sms.example"
    )
    _, worker = staff(session, Role.CASE_WORKER)
    referral, _ = refer(session, worker, *person_with_case(session, worker))
    border_referral, _ = _border_referral(session, ["pregnancy"], True)
    messages = session.scalars(
        select(WebhookMessage).where(WebhookMessage.endpoint_id == endpoint.id)
    ).all()
    bodies = sorted((m.payload for m in messages), key=lambda body: body["queue"])
    assert [(b["queue"], b["organisation"], b["referral_id"]) for b in bodies] == [
        ("border", IOM, str(border_referral.id)),
        ("partner", RED_CROSS, str(referral.id)),
    ]
    assert not {"Amina", "Yusuf", "OKELLO", "JOSEPH"} & set(str(bodies).split("'"))


def test_the_command_line_adds_a_webhook_for_new_referrals(session, monkeypatch):
    """`passage protection notify-webhook NAME URL` adds an endpoint of the topic and prints
    its secret; a new referral then queues a message for it."""

    @contextmanager
    def in_test_transaction() -> Iterator[Session]:
        yield session

    monkeypatch.setattr(protection_cli, "transaction", in_test_transaction)
    result = CliRunner().invoke(
        protection_cli.protection_app, ["notify-webhook", "sms", "https://sms.example/in"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["topic"] == NEW_REFERRALS_TOPIC
    _border_referral(session, ["pregnancy"], True)
    queued = session.scalars(select(WebhookMessage.topic)).all()
    assert queued.count(NEW_REFERRALS_TOPIC) == 1


def test_a_refused_take_up_shows_the_list_again(client, session):
    """Only a designated case worker opens a child-protection case: a case worker's take-up is
    refused and the list is shown again with the error (was a 500: the list lacked its flag
    labels)."""
    referral, _ = _border_referral(session, ["unaccompanied_or_separated_child"], False)
    user, _ = staff(session, Role.CASE_WORKER)
    session.commit()
    web_login(client, user.email)
    page = client.get("/protection/border-referrals")
    answer = client.post(
        f"/protection/border-referrals/{referral.id}", data={"csrf_token": csrf_from(page.text)}
    )
    assert 400 <= answer.status_code < 500
    assert 'role="alert"' in answer.text
    assert f"/protection/border-referrals/{referral.id}" in answer.text
