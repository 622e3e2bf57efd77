"""Border referrals go to organisations picked from a list, not typed freely (#15.4)."""

from __future__ import annotations

import pytest

from passage.auth.service import principal_for
from passage.border.referrals import service as referrals
from passage.border.referrals.schemas import ReferralCreate
from passage.errors import Invalid
from passage.protection.referrals.models import ServiceProvider
from tests.border.referrals.test_referrals import (
    make_crossing,
    make_traveller,
    officer_at,
    payload,
    worker_of,
)
from tests.factories import web_login


def _refer(session, officer, **changes):
    traveller = make_traveller(session)
    crossing = make_crossing(session, traveller)
    data = ReferralCreate.model_validate(payload(traveller, crossing, **changes))
    return referrals.create_referral(session=session, data=data, actor=principal_for(officer))


def test_a_typed_organisation_takes_the_partners_spelling(session):
    worker_of(session, "Kenya Red Cross", role="partner_worker")
    officer = officer_at(session)
    referral = _refer(session, officer, organisation="  kenya  RED cross ")
    assert referral.organisation == "Kenya Red Cross"


def test_an_organisation_nobody_is_granted_is_refused(session):
    worker_of(session, "Kenya Red Cross", role="partner_worker")
    officer = officer_at(session)
    with pytest.raises(Invalid) as refused:
        _refer(session, officer, organisation="kenya red cross society")
    assert refused.value.field == "organisation"
    assert "pick one from the list" in refused.value.message


def test_the_service_directory_serves_the_border_referral_form(client, session):
    worker_of(session, "Kenya Red Cross", role="partner_worker")
    session.add(
        ServiceProvider(name="Namanga safe house", organisation="Tujiokoe", services=["shelter"])
    )
    officer = officer_at(session)
    traveller = make_traveller(session)
    crossing = make_crossing(session, traveller)
    session.commit()
    web_login(client, officer.email)
    page = client.get(f"/border/crossings/{crossing.id}").text
    assert '<select id="organisation" name="organisation" required' in page
    assert '<option value="Kenya Red Cross">' in page and '<option value="Tujiokoe">' in page
    assert '<datalist id="service-points"><option value="Namanga safe house">' in page
    referral = _refer(session, officer, organisation="tujiokoe")
    assert referral.organisation == "Tujiokoe"
