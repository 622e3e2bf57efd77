"""Routes within organisation scope: a case worker of another organisation, a partner worker,
border and health staff reach nothing of a case, through the pages or the API."""

from __future__ import annotations

import pytest

from passage.access import Role
from tests.factories import bearer, demo_poe, make_user, token_for, web_login
from tests.protection.helpers import IOM, RED_CROSS, person_with_case, staff


@pytest.fixture
def iom_case(session):
    _, worker = staff(session, Role.CASE_WORKER, IOM)
    person, case = person_with_case(session, worker)
    return person, case


@pytest.mark.parametrize(
    ("role", "organisation", "expected"),
    [
        (Role.CASE_WORKER, IOM, 200),
        (Role.SUPERVISOR, IOM, 200),
        (Role.CASE_WORKER, RED_CROSS, 404),
        (Role.SUPERVISOR, RED_CROSS, 404),
        (Role.DESIGNATED_CASE_WORKER, RED_CROSS, 404),
    ],
)
def test_case_pages_and_api_answer_within_the_organisation_only(
    client, session, iom_case, role, organisation, expected
):
    person, case = iom_case
    user, _ = staff(session, role, organisation)
    token = token_for(session, user)
    session.commit()
    for path in (f"/api/v1/protection/cases/{case.id}", f"/api/v1/protection/persons/{person.id}"):
        assert client.get(path, headers=bearer(token)).status_code == expected, path
    web_login(client, user.email)
    for path in (f"/protection/cases/{case.id}", f"/protection/persons/{person.id}"):
        assert client.get(path).status_code == expected, path


@pytest.mark.parametrize(
    "role", [Role.PARTNER_WORKER, Role.BORDER_OFFICER, Role.PORT_HEALTH_OFFICER, Role.ANALYST]
)
def test_other_roles_reach_no_case(client, session, iom_case, role):
    _, case = iom_case
    scope = (
        {"scope_type": "organisation", "scope_value": IOM} if role is Role.PARTNER_WORKER else {}
    )
    if role is Role.BORDER_OFFICER:
        scope = {"scope_type": "poe", "scope_value": str(demo_poe(session).id)}
    user = make_user(session, role, **scope)
    token = token_for(session, user)
    session.commit()
    assert (
        client.get(f"/api/v1/protection/cases/{case.id}", headers=bearer(token)).status_code == 403
    )
