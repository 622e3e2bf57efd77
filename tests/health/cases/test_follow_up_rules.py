"""Follow-up rules of port-health cases: the day of a follow-up lies between the screening and
today; danger signs of a suspected disease (per its criteria) escalate the case and tell the
public health authority."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from passage.errors import Invalid
from passage.health.cases import repository
from passage.health.cases import service as cases
from passage.health.cases.schemas import CaseConfirmation, FollowUpRecord
from passage.health.notifications.models import Notification
from passage.kit.clock import today
from tests.factories import csrf_from, web_login
from tests.health.cases.test_service import suspect


@pytest.fixture
def case(session, poe, officer):
    """An Ebola suspect's case (contact with a case at Namanga)."""
    item = suspect(session, poe, officer)
    opened = cases.open_case_for(session=session, screening_id=item.id, actor=officer.principal)
    assert "ebola" in opened.suspected_diseases
    return opened


def _record(session, case, officer, **fields):
    task = repository.follow_ups(session, case.id)[0]
    data = FollowUpRecord(version=task.version, **fields)
    return cases.record_follow_up(
        session=session, case_id=case.id, task_id=task.id, data=data, actor=officer.principal
    )


def test_a_follow_up_cannot_be_recorded_in_the_future(session, case, officer):
    with pytest.raises(Invalid) as refused:
        _record(session, case, officer, outcome="well", observed_on=today() + timedelta(days=1))
    assert refused.value.field == "observed_on" and "future" in refused.value.message


def test_a_follow_up_cannot_predate_the_screening(session, case, officer):
    with pytest.raises(Invalid) as refused:
        _record(session, case, officer, outcome="well", observed_on=today() - timedelta(days=3))
    assert refused.value.field == "observed_on" and "before the screening" in refused.value.message


def test_a_follow_up_keeps_the_day_it_was_observed(session, case, officer):
    done = _record(session, case, officer, outcome="well", observed_on=today())
    assert done.observed_on == today() and case.escalated_at is None


def test_a_confirmation_cannot_predate_the_screening(session, case, authority):
    with pytest.raises(Invalid) as refused:
        cases.confirm(
            session=session,
            case_id=case.id,
            data=CaseConfirmation(
                version=case.version, disease="ebola", confirmed_on=today() - timedelta(days=5)
            ),
            actor=authority.principal,
        )
    assert refused.value.field == "confirmed_on"


def test_danger_signs_escalate_the_case_and_notify_the_health_authority(
    session, case, officer, authority
):
    """39.2 °C and unexplained bleeding on an Ebola suspect: Ebola's decisive symptom."""
    _record(
        session,
        case,
        officer,
        outcome="symptomatic",
        temperature_c=39.2,
        symptoms=["unexplained_bleeding"],
    )
    assert case.escalated_at is not None
    escalated = [item for item in case.escalation if item["disease"] == "ebola"]
    assert escalated and escalated[0]["on"] == today().isoformat()
    codes = {sign["code"] for sign in escalated[0]["signs"]}
    assert codes == {"temperature", "decisive_symptoms"}
    told = session.scalars(
        select(Notification.recipient_id).where(Notification.kind == "case_escalated")
    ).all()
    assert authority.user.id in told and officer.user.id in told


def test_a_mild_follow_up_does_not_escalate(session, case, officer, authority):
    """A headache at 37.0 °C meets no suspected disease's signs."""
    _record(
        session, case, officer, outcome="symptomatic", temperature_c=37.0, symptoms=["headache"]
    )
    assert case.escalated_at is None and case.escalation == []
    kinds = session.scalars(select(Notification.kind)).all()
    assert "case_escalated" not in kinds


def test_the_case_page_refuses_tomorrow_and_shows_the_escalation(session, case, officer, client):
    session.commit()
    web_login(client, officer.user.email)
    page = client.get(f"/health/cases/{case.id}")
    assert 'name="observed_on"' in page.text
    task = repository.follow_ups(session, case.id)[0]
    form = {"csrf_token": csrf_from(page.text), "version": str(task.version)}
    url = f"/health/cases/{case.id}/follow-ups/{task.id}"
    tomorrow = (today() + timedelta(days=1)).isoformat()
    refused = client.post(url, data=form | {"outcome": "well", "observed_on": tomorrow})
    assert refused.status_code == 422 and "in the future" in refused.text
    assert f'value="{tomorrow}"' in refused.text  # the day typed stays by its error
    saved = client.post(
        url,
        data=form
        | {"outcome": "symptomatic", "temperature_c": "39.2", "symptoms": "unexplained_bleeding"},
    )
    assert saved.status_code == 200, saved.text  # followed the redirect to the case
    assert 'id="case-escalation"' in saved.text and "39.2" in saved.text
