"""The registry: field-level history of personal fields, and name search across scripts,
transliterations and typing errors (the alert-list matching engine)."""

from __future__ import annotations

from passage.access import Role
from passage.protection.registry import service as registry
from passage.protection.registry.schemas import PersonUpdate
from tests.protection.helpers import RED_CROSS, person_with_case, staff


def test_each_changed_field_is_kept_with_its_old_value_and_reason(session):
    _, worker = staff(session, Role.CASE_WORKER)
    person, _ = person_with_case(session, worker, phone="+254700000003")
    registry.update_person(
        session=session,
        person_id=person.id,
        data=PersonUpdate(
            version=person.version,
            changes={"phone": "+254700000004", "surname": "Yusuf"},
            reason="New SIM card",
        ),
        actor=worker,
    )
    history = registry.history(session=session, person_id=person.id, actor=worker)
    assert [(h.field, h.old_value, h.new_value, h.reason) for h in history] == [
        ("phone", {"value": "+254700000003"}, {"value": "+254700000004"}, "New SIM card")
    ]


def test_a_name_is_found_in_arabic_script_and_with_a_typo_but_not_by_another_organisation(session):
    _, worker = staff(session, Role.CASE_WORKER)
    _, stranger = staff(session, Role.CASE_WORKER, RED_CROSS)
    person, _ = person_with_case(
        session, worker, given_names="Mohammed", surname="Abdelrahman", nationality="SDN"
    )
    for query in ("محمد عبد الرحمن", "Muhamad Abdulrahman", "Mohammed Abdelrahmn"):
        found = registry.search_names(session=session, actor=worker, name=query)
        assert person.id in [p.id for p, _, _ in found], query
    assert registry.search_names(session=session, actor=stranger, name="Mohammed Abdelrahman") == []
