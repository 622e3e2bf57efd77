"""Referrals of vulnerable travellers: consent, checklist, scope, status workflow, audit."""

from __future__ import annotations

import uuid

import pytest
from pydantic import ValidationError
from sqlalchemy import select

from passage.access import Role, ScopeType
from passage.audit.models import AuditEntry
from passage.auth.service import principal_for
from passage.border.crossings.models import Crossing, Traveller
from passage.border.referrals import service as referrals
from passage.border.referrals.models import Referral
from passage.border.referrals.schemas import ReferralCreate, ReferralStatusUpdate
from passage.errors import Conflict, Forbidden, Invalid, NotFound
from passage.kit.clock import utcnow
from tests.factories import bearer, demo_poe, make_user, token_for


def make_traveller(session, surname: str = "ODHIAMBO") -> Traveller:
    traveller = Traveller(surname=surname, given_names="ACHIENG", name_key=surname.lower())
    session.add(traveller)
    session.flush()
    return traveller


def make_crossing(session, traveller: Traveller, poe_code: str = "LND-KEN-NAMANGA") -> Crossing:
    crossing = Crossing(
        poe_id=demo_poe(session, poe_code).id,
        direction="entry",
        occurred_at=utcnow(),
        traveller_id=traveller.id,
    )
    session.add(crossing)
    session.flush()
    return crossing


def officer_at(session, poe_code: str = "LND-KEN-NAMANGA"):
    poe = demo_poe(session, poe_code)
    return make_user(
        session, Role.BORDER_OFFICER, scope_type=ScopeType.POE, scope_value=str(poe.id)
    )


def worker_of(session, organisation: str, role: Role = Role.CASE_WORKER):
    return make_user(session, role, scope_type=ScopeType.ORGANISATION, scope_value=organisation)


def payload(traveller: Traveller, crossing: Crossing | None = None, **changes) -> dict:
    body = {
        "traveller_id": str(traveller.id),
        "crossing_id": str(crossing.id) if crossing else None,
        "flags": ["pregnancy"],
        "consent_given": True,
        "service_provider": "Namanga health centre",
        "organisation": "Kenya Red Cross",
    }
    return body | changes


def other_poe_code(session) -> str:
    return "LND-KEN-BUSIA" if _exists(session, "LND-KEN-BUSIA") else _any_other_poe(session)


def _exists(session, code: str) -> bool:
    from passage.geo import repository

    return code in repository.get_poes_by_code(session, [code])


def _any_other_poe(session) -> str:
    from passage.geo.models import PointOfEntry

    code = session.scalar(
        select(PointOfEntry.code).where(PointOfEntry.code != "LND-KEN-NAMANGA").limit(1)
    )
    assert code
    return code


# ---------------------------------------------------------------- schema rules


def test_referral_without_consent_is_refused_for_an_adult():
    with pytest.raises(ValidationError, match="consent"):
        ReferralCreate(
            traveller_id=uuid.uuid4(),
            poe_id=uuid.uuid4(),
            flags=["disability"],
            consent_given=False,
            service_provider="x",
            organisation="IOM",
        )


@pytest.mark.parametrize("flag", ["unaccompanied_or_separated_child", "medical_emergency"])
def test_referral_without_consent_is_allowed_for_a_child_or_medical_emergency(flag):
    data = ReferralCreate(
        traveller_id=uuid.uuid4(),
        poe_id=uuid.uuid4(),
        flags=[flag],
        consent_given=False,
        service_provider="x",
        organisation="IOM",
    )
    assert data.consent_given is False


def test_trafficking_indicators_need_the_flag_and_known_codes():
    base = {
        "traveller_id": uuid.uuid4(),
        "poe_id": uuid.uuid4(),
        "consent_given": True,
        "service_provider": "x",
        "organisation": "IOM",
    }
    with pytest.raises(ValidationError, match="suspected_trafficking"):
        ReferralCreate(**base, flags=["pregnancy"], indicators=["travel_debt"])
    with pytest.raises(ValidationError, match="unknown trafficking indicator"):
        ReferralCreate(**base, flags=["suspected_trafficking"], indicators=["made_up"])
    data = ReferralCreate(
        **base, flags=["suspected_trafficking"], indicators=["travel_debt", "signs_of_abuse"]
    )
    assert data.indicators == ["travel_debt", "signs_of_abuse"]


def test_status_transitions_follow_the_workflow():
    referrals.check_transition("in_progress", "accepted")
    referrals.check_transition("accepted", "done")
    for current, new in [
        ("done", "in_progress"),
        ("rejected", "accepted"),
        ("in_progress", "done"),
    ]:
        with pytest.raises(Invalid):
            referrals.check_transition(current, new)


# ---------------------------------------------------------------- service


def test_create_records_consent_time_and_the_crossing_poe(session):
    officer = officer_at(session)
    traveller = make_traveller(session)
    crossing = make_crossing(session, traveller)
    data = ReferralCreate.model_validate(payload(traveller, crossing))
    referral = referrals.create_referral(session=session, data=data, actor=principal_for(officer))
    assert referral.poe_id == crossing.poe_id
    assert referral.consent_given and referral.consent_recorded_at is not None
    assert referral.status == "in_progress"
    assert referral.referred_by == officer.id


def test_officer_cannot_refer_at_another_poe(session):
    officer = officer_at(session)
    traveller = make_traveller(session)
    crossing = make_crossing(session, traveller, other_poe_code(session))
    data = ReferralCreate.model_validate(payload(traveller, crossing))
    with pytest.raises(Forbidden):
        referrals.create_referral(session=session, data=data, actor=principal_for(officer))


def test_crossing_of_another_traveller_is_refused(session):
    officer = officer_at(session)
    crossing = make_crossing(session, make_traveller(session, "ONE"))
    data = ReferralCreate.model_validate(payload(make_traveller(session, "TWO"), crossing))
    with pytest.raises(Invalid):
        referrals.create_referral(session=session, data=data, actor=principal_for(officer))


def test_stale_version_is_a_conflict(session):
    officer, worker = officer_at(session), worker_of(session, "Kenya Red Cross")
    traveller = make_traveller(session)
    data = ReferralCreate.model_validate(payload(traveller, make_crossing(session, traveller)))
    referral = referrals.create_referral(session=session, data=data, actor=principal_for(officer))
    with pytest.raises(Conflict):
        referrals.update_referral_status(
            session=session,
            referral_id=referral.id,
            data=ReferralStatusUpdate(version=referral.version + 1, status="accepted"),
            actor=principal_for(worker),
        )


# ---------------------------------------------------------------- API


def _setup(session):
    officer = officer_at(session)
    traveller = make_traveller(session)
    crossing = make_crossing(session, traveller)
    tokens = {
        "officer": token_for(session, officer),
        "red_cross": token_for(session, worker_of(session, "Kenya Red Cross")),
        "iom": token_for(session, worker_of(session, "IOM")),
        "partner": token_for(session, worker_of(session, "Kenya Red Cross", Role.PARTNER_WORKER)),
        "other_officer": token_for(session, officer_at(session, other_poe_code(session))),
    }
    session.commit()
    return traveller, crossing, tokens


def test_api_create_list_read_and_move_status(client, session):
    traveller, crossing, tokens = _setup(session)
    created = client.post(
        "/api/v1/referrals",
        json=payload(
            traveller, crossing, flags=["suspected_trafficking"], indicators=["travel_debt"]
        ),
        headers=bearer(tokens["officer"]),
    )
    assert created.status_code == 201, created.text
    referral = created.json()
    assert referral["indicators"] == ["travel_debt"]

    listed = client.get("/api/v1/referrals", headers=bearer(tokens["red_cross"])).json()
    assert [item["id"] for item in listed["items"]] == [referral["id"]]
    assert client.get("/api/v1/referrals", headers=bearer(tokens["iom"])).json()["total"] == 0
    assert client.get("/api/v1/referrals", headers=bearer(tokens["officer"])).json()["total"] == 1
    other = client.get("/api/v1/referrals", headers=bearer(tokens["other_officer"])).json()
    assert other["total"] == 0

    read = client.get(f"/api/v1/referrals/{referral['id']}", headers=bearer(tokens["partner"]))
    assert read.status_code == 200
    hidden = client.get(f"/api/v1/referrals/{referral['id']}", headers=bearer(tokens["iom"]))
    assert hidden.status_code == 404

    moved = client.post(
        f"/api/v1/referrals/{referral['id']}/status",
        json={"version": referral["version"], "status": "accepted"},
        headers=bearer(tokens["red_cross"]),
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["status"] == "accepted"
    bad = client.post(
        f"/api/v1/referrals/{referral['id']}/status",
        json={"version": moved.json()["version"], "status": "in_progress"},
        headers=bearer(tokens["red_cross"]),
    )
    assert bad.status_code == 422
    assert bad.json()["field"] == "status"


def test_api_other_organisation_cannot_move_status(client, session):
    traveller, crossing, tokens = _setup(session)
    referral = client.post(
        "/api/v1/referrals", json=payload(traveller, crossing), headers=bearer(tokens["officer"])
    ).json()
    response = client.post(
        f"/api/v1/referrals/{referral['id']}/status",
        json={"version": referral["version"], "status": "accepted"},
        headers=bearer(tokens["iom"]),
    )
    assert response.status_code == 404
    assert session.get(Referral, uuid.UUID(referral["id"])).status == "in_progress"


def test_api_refuses_an_adult_referral_without_consent(client, session):
    traveller, crossing, tokens = _setup(session)
    response = client.post(
        "/api/v1/referrals",
        json=payload(traveller, crossing, consent_given=False, flags=["disability"]),
        headers=bearer(tokens["officer"]),
    )
    assert response.status_code == 422
    assert "consent" in response.json()["detail"]


def test_api_reads_are_audited_without_personal_data(client, session):
    traveller, crossing, tokens = _setup(session)
    referral = client.post(
        "/api/v1/referrals", json=payload(traveller, crossing), headers=bearer(tokens["officer"])
    ).json()
    client.get(f"/api/v1/referrals/{referral['id']}", headers=bearer(tokens["red_cross"]))
    entries = session.scalars(
        select(AuditEntry).where(
            AuditEntry.object_type == "referral", AuditEntry.object_id == referral["id"]
        )
    ).all()
    assert {entry.action for entry in entries} >= {"create", "read"}
    for entry in entries:
        assert traveller.surname not in str(entry.details)


def test_api_unknown_referral_is_not_found(client, session):
    _, _, tokens = _setup(session)
    response = client.get(f"/api/v1/referrals/{uuid.uuid4()}", headers=bearer(tokens["officer"]))
    assert response.status_code == 404
    with pytest.raises(NotFound):
        referrals.get_referral(
            session=session,
            referral_id=uuid.uuid4(),
            actor=principal_for(officer_at(session)),
        )


def test_an_officer_cannot_refer_a_traveller_who_never_crossed_at_their_post(client, session):
    """Today's probe: a referral naming the officer's own POE and any traveller id revealed that
    traveller. It now answers exactly like an unknown traveller, and the attempt is audited."""
    elsewhere = make_traveller(session, "WANJIKU")
    make_crossing(session, elsewhere, other_poe_code(session))
    officer = officer_at(session)
    headers = bearer(token_for(session, officer))
    session.commit()
    namanga = demo_poe(session)
    body = payload(elsewhere) | {"poe_id": str(namanga.id)}
    refused = client.post("/api/v1/referrals", json=body, headers=headers)
    unknown = client.post(
        "/api/v1/referrals", json=body | {"traveller_id": str(uuid.uuid4())}, headers=headers
    )
    assert refused.status_code == unknown.status_code == 404
    assert refused.json()["detail"] == unknown.json()["detail"]
    assert "WANJIKU" not in refused.text
    assert session.scalars(select(Referral)).all() == []
    denied = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "access.denied").order_by(AuditEntry.seq)
    ).all()
    assert denied and denied[-1].actor_id == str(officer.id)
