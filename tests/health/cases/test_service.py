"""Port-health cases: schedule, follow-up, referral, confirmation, closure, notifications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from passage.access import Role
from passage.auth import service as auth_service
from passage.border.crossings import service as border_service
from passage.border.crossings.models import Crossing
from passage.border.crossings.schemas import CrossingCreate
from passage.errors import Conflict, Invalid, NotFound
from passage.health.cases import interest, repository
from passage.health.cases import service as cases
from passage.health.cases.schemas import CaseClosure, CaseConfirmation, CaseReferral, FollowUpRecord
from passage.health.notifications.models import Notification
from passage.health.screening import service as screening
from passage.kit.clock import today
from tests.factories import make_user
from tests.health.conftest import screening_data


def suspect(session, poe, officer, **changes):
    """A screening that needs action (contact with a case): secondary assessment."""
    data = screening_data(poe, contact_with_case=True, **changes)
    return screening.screen(session=session, data=data, actor=officer.principal)


def test_a_case_schedules_daily_follow_up_until_the_end_of_incubation(session, poe, officer):
    item = suspect(session, poe, officer)
    case = cases.open_case_for(session=session, screening_id=item.id, actor=officer.principal)
    _, _, tasks = cases.get_case(session=session, case_id=case.id, actor=officer.principal)
    assert case.follow_up_until == today() + timedelta(days=21)  # Ebola: 21 days after contact
    assert [t.due_on for t in tasks][:2] == [
        today() + timedelta(days=1),
        today() + timedelta(days=2),
    ]
    assert tasks[-1].due_on == case.follow_up_until and tasks[-1].is_final
    assert len(tasks) == 21 and sum(t.is_final for t in tasks) == 1


def test_a_cleared_screening_cannot_open_a_case_and_one_case_per_screening(session, poe, officer):
    cleared = screening.screen(session=session, data=screening_data(poe), actor=officer.principal)
    with pytest.raises(Invalid):
        cases.open_case_for(session=session, screening_id=cleared.id, actor=officer.principal)
    item = suspect(session, poe, officer)
    cases.open_case_for(session=session, screening_id=item.id, actor=officer.principal)
    with pytest.raises(Conflict):
        cases.open_case_for(session=session, screening_id=item.id, actor=officer.principal)


def test_opening_a_case_notifies_the_officers_of_that_poe_only(session, poe, other_poe, officer):
    colleague = make_user(
        session, Role.PORT_HEALTH_OFFICER, scope_type="country", scope_value="KEN"
    )
    elsewhere = make_user(
        session, Role.PORT_HEALTH_OFFICER, scope_type="poe", scope_value=str(other_poe.id)
    )
    border = make_user(session, Role.BORDER_OFFICER)
    item = suspect(session, poe, officer)
    case = cases.open_case_for(session=session, screening_id=item.id, actor=officer.principal)
    told = set(
        session.scalars(select(Notification.recipient_id).where(Notification.kind == "case_opened"))
    )
    assert {officer.user.id, colleague.id} <= told
    assert elsewhere.id not in told and border.id not in told
    titles = session.scalars(select(Notification.title)).all()
    assert all("OTIENO" not in title for title in titles)
    assert f"/health/cases/{case.id}" in session.scalars(select(Notification.url)).all()


def test_follow_up_outcomes_and_symptoms_alert(session, poe, officer):
    case = cases.open_case_for(
        session=session, screening_id=suspect(session, poe, officer).id, actor=officer.principal
    )
    first = repository.follow_ups(session, case.id)[0]
    done = cases.record_follow_up(
        session=session,
        case_id=case.id,
        task_id=first.id,
        data=FollowUpRecord(version=first.version, outcome="symptomatic", temperature_c=38.4),
        actor=officer.principal,
    )
    assert done.status == "done" and done.outcome == "symptomatic" and done.done_at
    kinds = session.scalars(select(Notification.kind)).all()
    assert "follow_up_symptomatic" in kinds
    with pytest.raises(Conflict):  # the form was read before the save: stale version
        cases.record_follow_up(
            session=session,
            case_id=case.id,
            task_id=first.id,
            data=FollowUpRecord(version=1, outcome="well"),
            actor=officer.principal,
        )


def test_referral_confirmation_and_closure(session, poe, officer, authority):
    border = auth_service.principal_for(make_user(session, Role.BORDER_OFFICER))
    crossing = border_service.register_crossing(
        session=session,
        data=CrossingCreate.model_validate(
            {"poe_id": str(poe.id), "direction": "entry", "traveller": {"surname": "OTIENO"}}
        ),
        actor=border,
    )
    item = suspect(session, poe, officer, crossing_id=crossing.id)
    case = cases.open_case_for(session=session, screening_id=item.id, actor=officer.principal)
    case = cases.refer(
        session=session,
        case_id=case.id,
        data=CaseReferral(version=case.version, facility="Kajiado County Referral Hospital"),
        actor=officer.principal,
    )
    assert case.status == "referred" and case.referred_at
    session.expire_all()
    assert session.get(Crossing, crossing.id).health_clearance == "referred"
    told = session.scalars(
        select(Notification.recipient_id).where(Notification.kind == "case_referred")
    ).all()
    assert authority.user.id in told
    case = cases.confirm(
        session=session,
        case_id=case.id,
        data=CaseConfirmation(version=case.version, disease="ebola", confirmed_on=today()),
        actor=authority.principal,
    )
    assert case.status == "confirmed"
    case = cases.close(
        session=session,
        case_id=case.id,
        data=CaseClosure(version=case.version, reason="transferred"),
        actor=authority.principal,
    )
    assert case.status == "closed"
    statuses = {t.status for t in repository.follow_ups(session, case.id)}
    assert statuses == {"cancelled"}
    assert repository.interest_of_screening(session, item.id).status == "closed"


def test_transitions_are_checked(session, poe, officer):
    case = cases.open_case_for(
        session=session, screening_id=suspect(session, poe, officer).id, actor=officer.principal
    )
    case = cases.close(
        session=session,
        case_id=case.id,
        data=CaseClosure(version=case.version, reason="discarded"),
        actor=officer.principal,
    )
    with pytest.raises(Conflict):
        cases.refer(
            session=session,
            case_id=case.id,
            data=CaseReferral(version=case.version, facility="Hospital"),
            actor=officer.principal,
        )


def test_confirmation_needs_a_known_disease(session, poe, officer):
    case = cases.open_case_for(
        session=session, screening_id=suspect(session, poe, officer).id, actor=officer.principal
    )
    with pytest.raises(Invalid):
        cases.confirm(
            session=session,
            case_id=case.id,
            data=CaseConfirmation(version=case.version, disease="plague", confirmed_on=today()),
            actor=officer.principal,
        )


def test_cases_outside_the_scope_are_not_found(session, poe, other_poe, officer):
    case = cases.open_case_for(
        session=session, screening_id=suspect(session, poe, officer).id, actor=officer.principal
    )
    elsewhere = auth_service.principal_for(
        make_user(
            session, Role.PORT_HEALTH_OFFICER, scope_type="poe", scope_value=str(other_poe.id)
        )
    )
    with pytest.raises(NotFound):
        cases.get_case(session=session, case_id=case.id, actor=elsewhere)
    assert cases.search_cases(session=session, actor=elsewhere)[1] == 0


def test_travellers_of_interest_list_is_scoped_and_traceable(session, poe, officer, authority):
    item = suspect(session, poe, officer)
    items, total = interest.list_interest(session=session, actor=authority.principal)
    assert total == 1 and items[0].screening_id == item.id and items[0].poe_code == poe.code
    assert items[0].latitude is not None
    uganda = auth_service.principal_for(
        make_user(session, Role.HEALTH_AUTHORITY, scope_type="country", scope_value="UGA")
    )
    assert interest.list_interest(session=session, actor=uganda)[1] == 0
    assert interest.list_interest(session=session, actor=authority.principal, disease="mpox")[0]
    assert not interest.list_interest(session=session, actor=authority.principal, disease="x")[0]


def test_monitoring_that_ended_leaves_the_active_list(session, poe, officer, authority):
    old = suspect(session, poe, officer, arrival_date=today() - timedelta(days=40))
    active, _ = interest.list_interest(session=session, actor=authority.principal)
    assert old.id not in {item.screening_id for item in active}
    ended, _ = interest.list_interest(session=session, actor=authority.principal, status="ended")
    assert [item.screening_id for item in ended] == [old.id]
