"""Referrals out: consent per field, the partner sees exactly the consented fields, withdrawal
stops sharing, referrals to another deployment travel sealed over the exchange."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from passage.access import Role
from passage.errors import Invalid, NotFound
from passage.kit.clock import today
from passage.protection import sealing
from passage.protection.referrals import service as referrals
from passage.protection.referrals.schemas import (
    ConsentCreate,
    ProviderCreate,
    ReferralCreate,
    Withdrawal,
)
from tests.factories import bearer, token_for
from tests.protection.helpers import RED_CROSS, person_with_case, staff

THREE = ["given_names", "phone", "languages"]


def refer(session, worker, person, case):
    provider = referrals.add_provider(
        session=session,
        data=ProviderCreate(
            name=f"Shelter {uuid.uuid4().hex[:6]}", organisation=RED_CROSS, services=["shelter"]
        ),
        actor=worker,
    )
    consent = referrals.record_consent(
        session=session,
        person_id=person.id,
        data=ConsentCreate(
            purpose="Shelter", fields=THREE, expires_on=today() + timedelta(days=30)
        ),
        actor=worker,
    )
    referral = referrals.refer(
        session=session,
        case_id=case.id,
        data=ReferralCreate(
            provider_id=provider.id,
            consent_id=consent.id,
            services=["shelter"],
            reason="No shelter",
        ),
        actor=worker,
    )
    return referral, consent


def test_the_partner_sees_exactly_the_three_consented_fields_and_closes_the_referral(
    client, session
):
    _, worker = staff(session, Role.CASE_WORKER)
    partner_user, _partner = staff(session, Role.PARTNER_WORKER, RED_CROSS)
    person, case = person_with_case(
        session,
        worker,
        phone="+254700000002",
        languages=["ar"],
        nationality="SDN",
        birth_date="1990-01-01",
    )
    referral, _ = refer(session, worker, person, case)
    headers = bearer(token_for(session, partner_user))
    session.commit()
    seen = client.get(f"/api/v1/protection/partner/referrals/{referral.id}", headers=headers)
    assert seen.status_code == 200
    assert seen.json()["shared"] == {
        "given_names": "Amina",
        "phone": "+254700000002",
        "languages": ["ar"],
    }
    for status, version in (("accepted", 1), ("done", 2)):
        moved = client.post(
            f"/api/v1/protection/partner/referrals/{referral.id}/status",
            json={"version": version, "status": status},
            headers=headers,
        )
        assert moved.status_code == 200, moved.text
    assert (
        client.post(
            f"/api/v1/protection/partner/referrals/{referral.id}/status",
            json={"version": 3, "status": "accepted"},
            headers=headers,
        ).status_code
        == 422
    )


def test_a_partner_of_another_organisation_sees_nothing(session):
    _, worker = staff(session, Role.CASE_WORKER)
    _, other = staff(session, Role.PARTNER_WORKER, "Another NGO")
    person, case = person_with_case(session, worker)
    referral, _ = refer(session, worker, person, case)
    with pytest.raises(NotFound):
        referrals.partner_view(session=session, referral_id=referral.id, actor=other)
    assert referrals.partner_referrals(session=session, actor=other) == []


def test_withdrawing_consent_stops_sharing_and_revokes_the_referral(session):
    _, worker = staff(session, Role.CASE_WORKER)
    _, partner = staff(session, Role.PARTNER_WORKER, RED_CROSS)
    person, case = person_with_case(session, worker)
    referral, consent = refer(session, worker, person, case)
    referrals.withdraw_consent(
        session=session, consent_id=consent.id, data=Withdrawal(reason="Changed mind"), actor=worker
    )
    found, _, shared = referrals.partner_view(
        session=session, referral_id=referral.id, actor=partner
    )
    assert shared == {} and found.status == "revoked"
    with pytest.raises(Invalid):
        referrals.refer(
            session=session,
            case_id=case.id,
            data=ReferralCreate(
                provider_id=referral.provider_id, consent_id=consent.id, reason="again"
            ),
            actor=worker,
        )


def test_an_expired_consent_shares_nothing(session):
    _, worker = staff(session, Role.CASE_WORKER)
    _, partner = staff(session, Role.PARTNER_WORKER, RED_CROSS)
    person, case = person_with_case(session, worker)
    referral, consent = refer(session, worker, person, case)
    consent.expires_on = today() - timedelta(days=1)
    assert referrals.partner_view(session=session, referral_id=referral.id, actor=partner)[2] == {}


def test_a_sealed_referral_opens_only_with_the_recipients_key():
    recipient = Ed25519PrivateKey.generate()
    public = recipient.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    envelope = sealing.seal(b'{"person": {}}', public, "kid-1")
    assert sealing.open_sealed(envelope, recipient) == b'{"person": {}}'
    with pytest.raises(sealing.SealError):
        sealing.open_sealed(envelope, Ed25519PrivateKey.generate())
    tampered = envelope | {"kid": "kid-2"}
    with pytest.raises(sealing.SealError):
        sealing.open_sealed(tampered, recipient)
