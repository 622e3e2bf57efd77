"""Linkage over the registry: a run queues explained candidates of one organisation only; a
reviewer confirms (a reversible merge, both records kept) or rejects; every step is audited;
a registration is checked for possible duplicates before it is saved."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from passage.access import Role
from passage.audit.models import AuditEntry
from passage.errors import Conflict, OutOfScope
from passage.linkage import checks, service
from passage.linkage.models import Membership
from passage.protection.registry.models import Person
from passage.synthetic.people import generate_people, latin_form
from tests.linkage.helpers import person
from tests.protection.helpers import IOM, RED_CROSS, staff

BORN = date(1988, 3, 14)


def _registry(session, organisation: str, count: int = 60) -> list[Person]:
    """Generated persons of an organisation, and two registered twice under other spellings."""
    people = []
    for synthetic in generate_people(count, seed=77):
        given = latin_form(" ".join(synthetic.given)).title()
        people.append(
            person(
                session,
                organisation,
                given,
                latin_form(synthetic.surname).title(),
                birth_date=date.fromisoformat(synthetic.birth_date),
                sex=synthetic.gender,
                nationality=synthetic.nationality,
            )
        )
    person(
        session, organisation, "Mohammed Ali", "Hassan", birth_date=BORN, sex="M", nationality="SDN"
    )
    person(
        session, organisation, "Hassan", "Muhammad Ali", birth_date=BORN, sex="M", nationality="SDN"
    )
    person(session, organisation, "Grace", "Achieng", birth_date=date(1995, 1, 2), sex="F")
    person(session, organisation, "Grace", "Achiengg", birth_date=date(1995, 1, 2), sex="F")
    return people


def _audited(session, action: str) -> int:
    return session.scalar(select(func.count()).where(AuditEntry.action == action)) or 0


@pytest.fixture
def reviewer(session):
    return staff(session, Role.SUPERVISOR, IOM)[1]


def test_a_run_queues_the_duplicates_with_their_explanation(session, reviewer):
    _registry(session, IOM)
    _registry(session, RED_CROSS, 5)
    run = service.run(session=session, actor=reviewer, organisation=None)
    items = service.queue(session=session, actor=reviewer)
    names = {frozenset((i.left.surname, i.right.surname)) for i in items}
    assert frozenset(("Hassan", "Muhammad Ali")) in names
    assert frozenset(("Achieng", "Achiengg")) in names
    assert run.candidates == len(items) and run.records == 64
    assert all(i.left.organisation == i.right.organisation == IOM for i in items)
    first = items[0].candidate.explanation
    assert "date_of_birth" in first and first["date_of_birth"]["level"] == "same date of birth"
    assert session.scalar(select(func.count()).select_from(Membership)) == 64
    session.flush()


def test_a_second_run_keeps_decided_pairs_as_they_were(session, reviewer):
    _registry(session, IOM)
    service.run(session=session, actor=reviewer, organisation=IOM)
    item = service.queue(session=session, actor=reviewer)[0]
    service.decide(
        session=session,
        actor=reviewer,
        candidate_id=item.candidate.id,
        decision="reject",
        version=item.candidate.version,
    )
    again = service.run(session=session, actor=reviewer, organisation=IOM)
    assert again.candidates == 0
    assert item.candidate.status == "rejected"


def test_confirming_merges_reversibly_and_keeps_both_records(session, reviewer):
    _registry(session, IOM, 10)
    service.run(session=session, actor=reviewer, organisation=IOM)
    item = service.queue(session=session, actor=reviewer)[0]
    before = _audited(session, "linkage.merge")
    service.decide(
        session=session,
        actor=reviewer,
        candidate_id=item.candidate.id,
        decision="confirm",
        version=item.candidate.version,
        reason="same passport",
    )
    merge = service.merge_of(session=session, candidate_id=item.candidate.id)
    assert merge is not None and {merge.kept_id, merge.merged_id} == {item.left.id, item.right.id}
    assert session.get(Person, merge.merged_id) is not None
    service.undo_merge(session=session, actor=reviewer, merge_id=merge.id)
    assert merge.undone_at is not None and item.candidate.status == "pending"
    assert service.merge_of(session=session, candidate_id=item.candidate.id) is None
    session.commit()
    assert _audited(session, "linkage.merge") == before + 1
    assert _audited(session, "linkage.unmerge") >= 1
    with pytest.raises(Conflict):
        service.undo_merge(session=session, actor=reviewer, merge_id=merge.id)


def test_a_stale_or_decided_candidate_is_not_decided_again(session, reviewer):
    _registry(session, IOM, 10)
    service.run(session=session, actor=reviewer, organisation=IOM)
    candidate = service.queue(session=session, actor=reviewer)[0].candidate
    with pytest.raises(Conflict):
        service.decide(
            session=session,
            actor=reviewer,
            candidate_id=candidate.id,
            decision="reject",
            version=candidate.version + 1,
        )
    service.decide(
        session=session,
        actor=reviewer,
        candidate_id=candidate.id,
        decision="reject",
        version=candidate.version,
    )
    with pytest.raises(Conflict):
        service.decide(
            session=session,
            actor=reviewer,
            candidate_id=candidate.id,
            decision="confirm",
            version=candidate.version,
        )


def test_another_organisation_reviewer_reaches_nothing(session, reviewer):
    _registry(session, IOM, 10)
    service.run(session=session, actor=reviewer, organisation=IOM)
    candidate = service.queue(session=session, actor=reviewer)[0].candidate
    other = staff(session, Role.SUPERVISOR, RED_CROSS)[1]
    assert service.queue(session=session, actor=other) == []
    with pytest.raises(OutOfScope):
        service.decide(
            session=session,
            actor=other,
            candidate_id=candidate.id,
            decision="confirm",
            version=candidate.version,
        )
    with pytest.raises(OutOfScope):
        service.run(session=session, actor=other, organisation=IOM)


def test_a_registration_sees_its_possible_duplicates_before_saving(session):
    checks.forget()
    _registry(session, IOM, 30)
    worker = staff(session, Role.CASE_WORKER, IOM)[1]
    row = {
        "given_name": "Mohamed",
        "surname": "Hasan Ali",
        "date_of_birth": "1988-03-14",
        "sex": "M",
        "nationality": "SDN",
    }
    found = checks.possible_duplicates(session=session, actor=worker, row=row)
    surnames = {item.person.surname for item in found}
    assert surnames & {"Hassan", "Muhammad Ali"}
    assert found[0].explanation["date_of_birth"]["level"] == "same date of birth"
    stranger = row | {"given_name": "Zebediah", "surname": "Quixwell", "date_of_birth": "1931"}
    assert checks.possible_duplicates(session=session, actor=worker, row=stranger) == []
    other = staff(session, Role.CASE_WORKER, RED_CROSS)[1]
    assert checks.possible_duplicates(session=session, actor=other, row=row) == []
    checks.forget()
