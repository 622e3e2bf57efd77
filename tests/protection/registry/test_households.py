"""Households and travelling groups: a case worker starts one, adds registered persons by
reference (each change kept in their history), sees its members head first; a household of
another organisation can be neither read nor joined, and a restricted member stays hidden."""

from __future__ import annotations

import pytest

from passage.access import Role
from passage.errors import Invalid, NotFound
from passage.protection.registry import service as registry
from passage.protection.registry.schemas import (
    HouseholdCreate,
    MemberAdd,
    PersonCreate,
    PersonUpdate,
)
from tests.factories import bearer, csrf_from, token_for, web_login
from tests.protection.helpers import IOM, RED_CROSS, designated, person_with_case, staff


def _household(session, actor, label="Haile"):
    return registry.create_household(
        session=session, data=HouseholdCreate(label=label, country_iso3="KEN"), actor=actor
    )


def test_members_join_by_reference_head_first_and_the_change_is_in_their_history(session):
    _, worker = staff(session, Role.CASE_WORKER)
    household = _household(session, worker)
    mother, _ = person_with_case(session, worker, given_names="Saba", surname="Haile")
    child, _ = person_with_case(session, worker, given_names="Yonas", surname="Haile")
    for person, relationship in ((child, "child"), (mother, "head")):
        registry.add_member(
            session=session,
            household_id=household.id,
            data=MemberAdd(person_reference=person.reference.lower(), relationship=relationship),
            actor=worker,
        )
    found, members = registry.get_household(
        session=session, household_id=household.id, actor=worker
    )
    assert found.id == household.id
    assert [(m.given_names, m.relationship) for m in members] == [
        ("Saba", "head"),
        ("Yonas", "child"),
    ]
    history = registry.history(session=session, person_id=child.id, actor=worker)
    assert sorted(h.field for h in history) == ["household_id", "relationship"]
    with pytest.raises(Invalid) as second_head:
        registry.add_member(
            session=session,
            household_id=household.id,
            data=MemberAdd(person_reference=child.reference, relationship="head"),
            actor=worker,
        )
    assert second_head.value.field == "relationship"


def test_a_household_of_another_organisation_can_be_neither_read_nor_joined(session):
    _, worker = staff(session, Role.CASE_WORKER, IOM)
    _, stranger = staff(session, Role.CASE_WORKER, RED_CROSS)
    theirs = _household(session, stranger, label="Other family")
    person, _ = person_with_case(session, worker)
    with pytest.raises(NotFound):
        registry.get_household(session=session, household_id=theirs.id, actor=worker)
    with pytest.raises(NotFound):
        registry.create_person(
            session=session,
            data=PersonCreate(given_names="Awa", household_id=theirs.id),
            actor=worker,
        )
    with pytest.raises(NotFound):
        registry.update_person(
            session=session,
            person_id=person.id,
            data=PersonUpdate(version=person.version, changes={"household_id": str(theirs.id)}),
            actor=worker,
        )
    assert registry.list_households(session=session, actor=worker) == ([], 0)


def test_a_restricted_member_is_neither_shown_nor_counted_to_a_case_worker(session):
    _, worker = staff(session, Role.CASE_WORKER)
    _, focal = designated(session)
    household = _household(session, worker)
    adult, _ = person_with_case(session, worker, given_names="Saba")
    child, _ = person_with_case(session, focal, given_names="Lul", case_type="child_protection")
    for actor, person, relationship in ((worker, adult, "head"), (focal, child, "sibling")):
        registry.add_member(
            session=session,
            household_id=household.id,
            data=MemberAdd(person_reference=person.reference, relationship=relationship),
            actor=actor,
        )
    _, members = registry.get_household(session=session, household_id=household.id, actor=worker)
    assert [m.given_names for m in members] == ["Saba"]
    rows, total = registry.list_households(session=session, actor=worker)
    assert total == 1 and rows[0][1] == 1
    assert registry.list_households(session=session, actor=focal)[0][0][1] == 2


def test_the_households_pages_start_one_and_add_a_member(client, session):
    user, worker = staff(session, Role.CASE_WORKER)
    person, _ = person_with_case(session, worker, given_names="Saba", surname="Haile")
    session.commit()
    web_login(client, user.email)
    page = client.get("/protection/households")
    assert page.status_code == 200 and 'action="/protection/households"' in page.text
    started = client.post(
        "/protection/households",
        data={"csrf_token": csrf_from(page.text), "kind": "travelling_group", "label": "Haile"},
        follow_redirects=False,
    )
    assert started.status_code == 303
    household_url = started.headers["location"]
    page = client.get(household_url)
    assert page.status_code == 200 and "No member yet." in page.text
    unknown = client.post(
        f"{household_url}/members",
        data={
            "csrf_token": csrf_from(page.text),
            "person_reference": "P-NOBODY",
            "relationship": "head",
        },
    )
    assert unknown.status_code == 404 and 'id="person_reference-error"' in unknown.text
    added = client.post(
        f"{household_url}/members",
        data={
            "csrf_token": csrf_from(page.text),
            "person_reference": person.reference,
            "relationship": "head",
        },
    )
    assert added.status_code == 200 and person.reference in added.text
    listed = client.get("/protection/households")
    assert "Haile" in listed.text and "<td>1</td>" in listed.text
    assert (
        f'href="/protection/households/{household_url.rsplit("/", 1)[1]}"'
        in client.get(f"/protection/persons/{person.id}").text
    )


def test_the_api_reads_a_household_with_its_members(client, session):
    user, worker = staff(session, Role.CASE_WORKER)
    household = _household(session, worker)
    person, _ = person_with_case(session, worker)
    headers = bearer(token_for(session, user))
    session.commit()
    added = client.post(
        f"/api/v1/protection/households/{household.id}/members",
        json={"person_reference": person.reference, "relationship": "head"},
        headers=headers,
    )
    assert added.status_code == 200 and added.json()["household_id"] == str(household.id)
    read = client.get(f"/api/v1/protection/households/{household.id}", headers=headers).json()
    assert [m["relationship"] for m in read["members"]] == ["head"]
    listed = client.get("/api/v1/protection/households", headers=headers).json()
    assert listed["total"] == 1 and listed["items"][0]["member_count"] == 1
