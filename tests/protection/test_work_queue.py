"""The case worker's and the partner's dashboards: new referrals counted, each card linking to
the list that shows them."""

from __future__ import annotations

from passage.access import Role
from passage.protection.referrals import service as referrals
from passage.protection.referrals.schemas import ReferralResponse
from tests.dashboard import dashboard_figure
from tests.factories import csrf_from, web_login
from tests.protection.helpers import RED_CROSS, person_with_case, staff
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
