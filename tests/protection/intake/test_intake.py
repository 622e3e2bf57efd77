"""The ways in: self-registration in Arabic with a receipt code, following it without seeing
any personal data, verification into a case, partner referrals in with only consented fields,
border referrals becoming cases that keep their consent and flags, anonymous questions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from passage.access import Role
from passage.auth.service import principal_for
from passage.border.crossings.models import Crossing, Traveller
from passage.border.referrals.schemas import ReferralCreate
from passage.border.referrals.service import create_referral
from passage.errors import Invalid, NotFound
from passage.kit.clock import today, utcnow
from passage.protection.intake import border
from passage.protection.intake import service as intake
from passage.protection.intake.schemas import ReferralIn, SelfRegistration, Verification
from passage.protection.registry import service as registry
from tests.factories import bearer, csrf_from, demo_poe, make_user, token_for
from tests.protection.helpers import IOM, RED_CROSS, designated, staff


def test_a_migrant_registers_in_arabic_and_follows_with_the_code_only(client, session):
    client.cookies.set("passage_lang", "ar")
    page = client.get("/protection/register")
    assert page.status_code == 200 and 'dir="rtl"' in page.text and "<script" not in page.text
    response = client.post(
        "/protection/register",
        data={
            "csrf_token": csrf_from(page.text),
            "given_names": "مريم",
            "surname": "الحسن",
            "sex": "F",
            "nationality": "SDN",
            "situations": "stranded",
            "consent": "yes",
        },
    )
    assert response.status_code == 200
    code = response.text.split('id="receipt-code">')[1].split("<")[0]
    assert len(code) == 14
    follow = client.post(
        "/protection/follow", data={"csrf_token": csrf_from(page.text), "code": code.lower()}
    )
    assert follow.status_code == 200 and "مريم" not in follow.text


def test_a_registration_without_consent_is_refused_in_the_readers_language(client):
    client.cookies.set("passage_lang", "fr")
    page = client.get("/protection/register")
    response = client.post(
        "/protection/register", data={"csrf_token": csrf_from(page.text), "given_names": "Awa"}
    )
    assert response.status_code == 422
    assert "Value error" not in response.text and 'id="consent-error"' in response.text


def test_a_wrong_code_is_a_clear_not_found(client):
    page = client.get("/protection/follow")
    response = client.post(
        "/protection/follow", data={"csrf_token": csrf_from(page.text), "code": "BBBB-CCCC-DDDD"}
    )
    assert response.status_code == 404 and 'id="code-error"' in response.text


def test_verification_turns_a_registration_into_a_person_and_a_case(session):
    _, worker = staff(session, Role.CASE_WORKER)
    registration, code = intake.self_register(
        session=session,
        data=SelfRegistration(
            given_names="Yonas",
            surname="Haile",
            nationality="ERI",
            situations=["stranded"],
            consent=True,
        ),
    )
    person, case = intake.verify(
        session=session,
        registration_id=registration.id,
        data=Verification(version=registration.version),
        actor=worker,
    )
    assert person.given_names == "Yonas" and person.source == "self" and case.organisation == IOM
    assert intake.receipt(session=session, code=code).status == "verified"
    with pytest.raises(Invalid):
        intake.verify(
            session=session,
            registration_id=registration.id,
            data=Verification(version=registration.version),
            actor=worker,
        )


def test_a_self_identified_trafficking_victim_is_for_designated_staff(session):
    _, worker = staff(session, Role.CASE_WORKER)
    _, focal = designated(session)
    registration, _ = intake.self_register(
        session=session,
        data=SelfRegistration(
            given_names="Lina", situations=["presumed_victim_of_trafficking"], consent=True
        ),
    )
    assert registration.restricted
    with pytest.raises(NotFound):
        intake.get_registration(session=session, registration_id=registration.id, actor=worker)
    assert intake.get_registration(session=session, registration_id=registration.id, actor=focal)


def test_a_partner_refers_in_only_consented_fields(client, session):
    user = make_user(session, Role.PARTNER_WORKER, scope_type="organisation", scope_value=RED_CROSS)
    headers = bearer(token_for(session, user))
    session.commit()
    body = {
        "organisation": IOM,
        "consented_fields": ["given_names", "phone"],
        "consent_purpose": "Return counselling",
        "consent_expires_on": (today() + timedelta(days=30)).isoformat(),
        "person": {"given_names": "Abdi", "phone": "+254700000001", "nationality": "SOM"},
        "reason": "Wants to go home",
    }
    refused = client.post("/api/v1/protection/referrals-in", json=body, headers=headers)
    assert refused.status_code == 422 and "nationality" in refused.json()["detail"]
    body["person"].pop("nationality")
    accepted = client.post("/api/v1/protection/referrals-in", json=body, headers=headers)
    assert accepted.status_code == 201, accepted.text
    _, worker = staff(session, Role.CASE_WORKER)
    items, _ = intake.list_registrations(session=session, actor=worker, status="submitted")
    referred = next(r for r in items if r.source == "partner")
    assert referred.referred_by_organisation == RED_CROSS and referred.consent_fields == [
        "given_names",
        "phone",
    ]
    person, _ = intake.verify(
        session=session,
        registration_id=referred.id,
        data=Verification(version=referred.version),
        actor=worker,
    )
    from passage.protection.referrals import service as referrals

    kept = referrals.consents_of(session=session, person=person)
    assert kept[0].fields == ["given_names", "phone"] and kept[0].purpose == "Return counselling"


def test_an_expired_consent_cannot_refer_in():
    with pytest.raises(ValidationError):
        ReferralIn(
            consented_fields=["given_names"],
            consent_purpose="x y z",
            consent_expires_on=today() - timedelta(days=1),
            person={"given_names": "A"},
            reason="because",
        )


def _border_referral(session, flags, consent):
    poe = demo_poe(session)
    officer = make_user(session, Role.BORDER_OFFICER, scope_type="poe", scope_value=str(poe.id))
    traveller = Traveller(
        surname="OKELLO", given_names="JOSEPH", sex="M", nationality="SSD", name_key="okello joseph"
    )
    session.add(traveller)
    session.flush()
    crossing = Crossing(
        poe_id=poe.id, direction="entry", occurred_at=utcnow(), traveller_id=traveller.id
    )
    session.add(crossing)
    session.flush()
    data = ReferralCreate(
        traveller_id=traveller.id,
        crossing_id=crossing.id,
        flags=flags,
        consent_given=consent,
        service_provider="IOM desk",
        organisation=IOM,
    )
    return create_referral(session=session, data=data, actor=principal_for(officer)), traveller


def test_a_border_referral_becomes_a_case_keeping_its_consent_and_flags(session):
    referral, traveller = _border_referral(session, ["medical_emergency", "pregnancy"], True)
    _, worker = staff(session, Role.CASE_WORKER)
    assert [r.id for r, _ in border.waiting(session=session, actor=worker)] == [referral.id]
    case = border.take_up(
        session=session, referral_id=referral.id, data=border.TakeUp(), actor=worker
    )
    assert (
        case.border_consent_given is True
        and case.border_consent_recorded_at == referral.consent_recorded_at
    )
    assert case.border_flags == ["medical_emergency", "pregnancy"] and case.case_type == "medical"
    person = registry.get_person(session=session, person_id=case.person_id, actor=worker)
    assert person.traveller_id == traveller.id and person.situations == ["medical_need", "pregnant"]
    assert referral.status == "accepted"
    assert border.waiting(session=session, actor=worker) == []


def test_a_child_referred_at_the_border_needs_a_designated_case_worker(session):
    referral, _ = _border_referral(session, ["unaccompanied_or_separated_child"], False)
    _, worker = staff(session, Role.CASE_WORKER)
    _, focal = designated(session)
    with pytest.raises(NotFound):
        border.take_up(session=session, referral_id=referral.id, data=border.TakeUp(), actor=worker)
    case = border.take_up(
        session=session, referral_id=referral.id, data=border.TakeUp(), actor=focal
    )
    assert (
        case.restricted
        and case.case_type == "child_protection"
        and case.border_consent_given is False
    )


def test_border_staff_see_nothing_of_the_case_their_referral_became(client, session):
    poe = demo_poe(session)
    officer = make_user(session, Role.BORDER_OFFICER, scope_type="poe", scope_value=str(poe.id))
    session.commit()
    headers = bearer(token_for(session, officer))
    session.commit()
    assert client.get("/api/v1/protection/cases", headers=headers).status_code == 403
    assert client.get("/api/v1/protection/persons", headers=headers).status_code == 403


def test_an_anonymous_question_keeps_no_identity_and_gets_its_answer(client, session):
    page = client.get("/protection/ask")
    asked = client.post(
        "/protection/ask",
        data={
            "csrf_token": csrf_from(page.text),
            "topic": "return",
            "country_iso3": "ETH",
            "question": "How can I go home?",
        },
    )
    assert asked.status_code == 200
    code = asked.text.split('class="token" dir="ltr">')[1].split("<")[0]
    _, worker = staff(session, Role.CASE_WORKER)
    items, _ = intake.list_questions(session=session, status="open")
    question = next(q for q in items if q.question == "How can I go home?")
    assert question.contact is None
    from passage.protection.intake.schemas import Answer

    intake.answer_question(
        session=session,
        request_id=question.id,
        data=Answer(version=question.version, answer="Call the IOM office."),
        actor=worker,
    )
    session.commit()
    answer = client.post(
        "/protection/answer", data={"csrf_token": csrf_from(page.text), "code": code}
    )
    assert "Call the IOM office." in answer.text
