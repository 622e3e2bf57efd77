"""Referrals with a partner on another Passage deployment, both ways over the signed
exchange (the other deployment is simulated with its own key and feed).

Sending: a referral to a service point on the other deployment is sealed into the feed; the
other deployment's answer (accepted: it became a case there; rejected, with the reason) comes
back sealed for this deployment, and the referral takes the status. Only the deployment the
referral went to may answer it. Receiving: a referral sealed for this deployment becomes a
registration holding only the consented fields; verifying or refusing it sends the answer
back, sealed for the sender alone."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest

from passage.access import Role
from passage.exchange import importer, jws
from passage.exchange import service as exchange
from passage.kit.clock import today
from passage.protection import sealing
from passage.protection.intake import repository as intake_repository
from passage.protection.intake import service as intake
from passage.protection.intake.schemas import Refusal, Verification
from passage.protection.referrals import service as referrals
from passage.protection.referrals.schemas import ConsentCreate, ProviderCreate, ReferralCreate
from tests.exchange.factories import RemoteDeployment, add_partner, feed_entries, head
from tests.protection.helpers import RED_CROSS, person_with_case, staff


@pytest.fixture
def remote(session):
    """Another deployment this one follows, and a service point on it."""
    other = RemoteDeployment("Redcross")
    partner = add_partner(session, other)
    _, worker = staff(session, Role.CASE_WORKER)
    provider = referrals.add_provider(
        session=session,
        data=ProviderCreate(
            name=f"Shelter {uuid.uuid4().hex[:6]}",
            organisation=RED_CROSS,
            services=["shelter"],
            exchange_partner_id=partner.id,
        ),
        actor=worker,
    )
    return other, partner, provider, worker


def _sealed_for_here(session, message):
    key = exchange.keys_document(session)["keys"][-1]
    payload = json.dumps(message).encode()
    return sealing.seal(payload, jws.b64url_decode(key["x"]), key["kid"])


def _here(session):
    return exchange.keys_document(session)["deployment"]["id"]


def _referral(session, worker, provider):
    person, case = person_with_case(session, worker, phone="+254700000009")
    consent = referrals.record_consent(
        session=session,
        person_id=person.id,
        data=ConsentCreate(
            purpose="Shelter", fields=["given_names", "phone"], expires_on=today() + timedelta(30)
        ),
        actor=worker,
    )
    return referrals.refer(
        session=session,
        case_id=case.id,
        data=ReferralCreate(
            provider_id=provider.id, consent_id=consent.id, services=["shelter"], reason="Shelter"
        ),
        actor=worker,
    )


def _answer(session, other, referral, status, note=None):
    content = {
        "to": _here(session),
        "sealed": _sealed_for_here(session, {"status": status, "note": note, "on": "2026-01-05"}),
    }
    return other.entry("protection_answer", content, record_id=str(referral.id), action=status)


def test_the_other_deployment_accepts_and_the_referral_shows_it(session, remote):
    other, partner, provider, worker = remote
    referral = _referral(session, worker, provider)
    session.commit()
    assert referral.remote and referral.status == "pending"
    answer = _answer(session, other, referral, "accepted")
    report = importer.import_entries(session, partner=partner, entries=[answer], via="pull")
    assert report.updated == 1 and not report.rejected
    assert referral.status == "accepted" and referral.responded_at is not None
    again = importer.import_entries(session, partner=partner, entries=[answer], via="pull")
    assert again.unchanged == 1


def test_a_refusal_comes_back_with_its_reason(session, remote):
    other, partner, provider, worker = remote
    referral = _referral(session, worker, provider)
    answer = _answer(session, other, referral, "rejected", "Outside our mandate")
    importer.import_entries(session, partner=partner, entries=[answer], via="pull")
    assert (referral.status, referral.response_note) == ("rejected", "Outside our mandate")


def test_only_the_deployment_the_referral_went_to_may_answer_it(session, remote):
    other, partner, provider, worker = remote
    referral = _referral(session, worker, provider)
    impostor = RemoteDeployment("Impostor")
    stranger = add_partner(session, impostor)
    forged = _answer(session, impostor, referral, "accepted")
    report = importer.import_entries(session, partner=stranger, entries=[forged], via="pull")
    assert report.rejected and "not sent to this partner" in report.rejected[0].reason
    assert referral.status == "pending"
    unknown = other.entry(
        "protection_answer",
        _answer(session, other, referral, "accepted")["content"],
        record_id=str(uuid.uuid4()),
        action="accepted",
    )
    report = importer.import_entries(session, partner=partner, entries=[unknown], via="pull")
    assert report.rejected and "no referral of this deployment" in report.rejected[0].reason


def _received(session, other, partner):
    """A referral the other deployment sealed for this one, pulled here."""
    message = {
        "person": {"given_names": "Amina", "phone": "+254700000009"},
        "consent": {
            "fields": ["given_names", "phone"],
            "purpose": "Shelter",
            "expires_on": (today() + timedelta(days=30)).isoformat(),
        },
        "reason": "No shelter",
        "services": ["shelter"],
        "organisation": RED_CROSS,
        "from_organisation": "IOM",
    }
    referral_id = str(uuid.uuid4())
    sent = other.entry(
        "protection_referral",
        {"to": _here(session), "sealed": _sealed_for_here(session, message)},
        record_id=referral_id,
        action="sent",
    )
    report = importer.import_entries(session, partner=partner, entries=[sent], via="pull")
    assert report.imported == 1, report.to_dict()
    registration = intake_repository.registration_of_remote(
        session, partner.deployment_id, referral_id
    )
    assert registration.details["given_names"] == "Amina" and registration.organisation == RED_CROSS
    return registration, referral_id


def _answer_sent(session, other, before):
    entries = [e for e in feed_entries(session, before) if e["kind"] == "protection_answer"]
    assert len(entries) == 1
    entry = entries[0]
    assert entry["content"]["to"] == str(other.deployment_id)
    opened = json.loads(sealing.open_sealed(entry["content"]["sealed"], other.key))
    return entry, opened


def test_verifying_a_received_referral_sends_accepted_back_sealed_for_the_sender(session, remote):
    other, partner, _, _ = remote
    registration, referral_id = _received(session, other, partner)
    _, receiver = staff(session, Role.CASE_WORKER, RED_CROSS)
    before = head(session)
    intake.verify(
        session=session,
        registration_id=registration.id,
        data=Verification(version=registration.version),
        actor=receiver,
    )
    session.commit()
    entry, opened = _answer_sent(session, other, before)
    assert (entry["record"]["id"], entry["action"]) == (referral_id, "accepted")
    assert opened["status"] == "accepted" and "Amina" not in json.dumps(entry)


def test_refusing_a_received_referral_sends_the_reason_back(session, remote):
    other, partner, _, _ = remote
    registration, _ = _received(session, other, partner)
    _, receiver = staff(session, Role.CASE_WORKER, RED_CROSS)
    before = head(session)
    intake.refuse(
        session=session,
        registration_id=registration.id,
        data=Refusal(version=registration.version, reason="Outside our mandate"),
        actor=receiver,
    )
    session.commit()
    entry, opened = _answer_sent(session, other, before)
    assert entry["action"] == "rejected"
    assert (opened["status"], opened["note"]) == ("rejected", "Outside our mandate")
