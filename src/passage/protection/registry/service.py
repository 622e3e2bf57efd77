"""The registry's operations: register, read (audited), change with field-level history,
search by name, households. Services flush, never commit."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from passage.access import Principal
from passage.border.matching import AlertQuery
from passage.errors import Invalid, NotFound, OutOfScope
from passage.kit import audit
from passage.kit.i18n import N_
from passage.kit.repository import check_version
from passage.protection import codes
from passage.protection.access import PURPOSE, acting_organisation, may, reach
from passage.protection.registry import repository, search
from passage.protection.registry.models import Household, Person, PersonChange
from passage.protection.registry.schemas import (
    HouseholdCreate,
    MemberAdd,
    PersonCreate,
    PersonFields,
    PersonUpdate,
)
from passage.protection.vocabulary import RESTRICTED_SITUATIONS

SEARCH_THRESHOLD = 0.62


def is_restricted(situations: Sequence[str]) -> bool:
    """Whether these situations make a record one for designated staff only."""
    return bool(set(situations) & RESTRICTED_SITUATIONS)


def _stored(value: Any) -> dict[str, Any]:
    """A field value as the history keeps it (JSON)."""
    if isinstance(value, date):
        value = value.isoformat()
    elif isinstance(value, uuid.UUID):
        value = str(value)
    return {"value": value}


def _field_values(data: PersonFields) -> dict[str, Any]:
    values = data.model_dump(exclude={"organisation"})
    values["documents"] = [document.model_dump(mode="json") for document in data.documents]
    return values


def new_person(
    *,
    session: Session,
    data: PersonFields,
    organisation: str,
    source: str,
    actor: Principal,
    traveller_id: uuid.UUID | None = None,
) -> Person:
    """Stage a person of an organisation (the caller has checked the actor may)."""
    if data.household_id is not None:
        household_in_reach(session, data.household_id, actor, "protection.edit")
    person = Person(
        reference=codes.reference("P"),
        organisation=organisation,
        source=source,
        registered_by=actor.user_id,
        traveller_id=traveller_id,
        restricted=is_restricted(data.situations),
        **_field_values(data),
    )
    repository.add(session, person)
    session.flush()
    audit.record(
        session,
        action="create",
        object_type="protection_person",
        object_id=person.id,
        purpose=PURPOSE,
        details={"source": source},
    )
    return person


def create_person(*, session: Session, data: PersonCreate, actor: Principal) -> Person:
    """Register a person in the actor's organisation."""
    organisation = acting_organisation(actor, "protection.edit", data.organisation)
    if is_restricted(data.situations) and not may(actor, "protection.edit", organisation, True):
        raise Invalid(
            "only designated case workers register children on their own and victims of "
            "trafficking",
            field="situations",
        )
    return new_person(
        session=session, data=data, organisation=organisation, source="intake", actor=actor
    )


def _readable(session: Session, person_id: uuid.UUID, actor: Principal, permission: str) -> Person:
    person = repository.get_person(session, person_id)
    if person is None:
        raise NotFound("no such person")
    if not may(actor, permission, person.organisation, person.restricted):
        raise OutOfScope("no such person")
    return person


def get_person(*, session: Session, person_id: uuid.UUID, actor: Principal) -> Person:
    """A person the actor may read (not found otherwise); the read is audited."""
    person = _readable(session, person_id, actor, "protection.read")
    audit.record(
        session,
        action="read",
        object_type="protection_person",
        object_id=person.id,
        purpose=PURPOSE,
    )
    return person


def history(*, session: Session, person_id: uuid.UUID, actor: Principal) -> Sequence[PersonChange]:
    """A person's field-level history (the read is audited with the person's)."""
    _readable(session, person_id, actor, "protection.read")
    return repository.changes_of(session, person_id)


def _validated_changes(person: Person, changes: dict[str, Any]) -> dict[str, Any]:
    """The changed fields after validating the whole person as it would become."""
    current = {name: getattr(person, name) for name in PersonFields.model_fields}
    merged = PersonFields.model_validate(current | changes)
    values = _field_values(merged)
    return {name: values[name] for name in changes if values[name] != current[name]}


def update_person(
    *, session: Session, person_id: uuid.UUID, data: PersonUpdate, actor: Principal
) -> Person:
    """Change personal fields; each changed field is kept in the history with who and why."""
    person = _readable(session, person_id, actor, "protection.edit")
    check_version(person, data.version)
    changed = _validated_changes(person, data.changes)
    if changed.get("household_id") is not None:
        household_in_reach(session, changed["household_id"], actor, "protection.edit")
    restricted = person.restricted or is_restricted(changed.get("situations", []))
    if restricted and not may(actor, "protection.edit", person.organisation, True):
        raise Invalid("only designated case workers record this situation", field="situations")
    for name, value in changed.items():
        repository.add(
            session,
            PersonChange(
                person_id=person.id,
                field=name,
                old_value=_stored(getattr(person, name)),
                new_value=_stored(value),
                changed_by=actor.user_id,
                reason=data.reason,
            ),
        )
        setattr(person, name, value)
    person.restricted = restricted
    session.flush()
    audit.record(
        session,
        action="update",
        object_type="protection_person",
        object_id=person.id,
        purpose=PURPOSE,
        details={"fields": sorted(changed)},
    )
    return person


def restrict(*, session: Session, person: Person) -> None:
    """Make a person visible to designated staff only (a restricted case was opened)."""
    if not person.restricted:
        person.restricted = True
        session.flush()


def list_persons(
    *,
    session: Session,
    actor: Principal,
    text: str | None = None,
    nationality: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[Sequence[Person], int]:
    """A page of the persons within the actor's reach; the listing is audited (counts only)."""
    items, total = repository.list_persons(
        session, reach(actor), text=text, nationality=nationality, limit=limit, offset=offset
    )
    audit.record(
        session,
        action="list",
        object_type="protection_person",
        purpose=PURPOSE,
        details={"count": len(items), "total": total},
    )
    return items, total


def search_names(
    *,
    session: Session,
    actor: Principal,
    name: str,
    birth_date: str | None = None,
    nationality: str | None = None,
    limit: int = 20,
) -> list[tuple[Person, float, list[str]]]:
    """Persons whose names match, across transliterations and typing errors, best first,
    within the actor's reach; the search is audited (counts only)."""
    query = AlertQuery(names=[name], birth_date=birth_date, nationality=nationality)
    candidates = search.find(session, query, limit=limit * 3, threshold=SEARCH_THRESHOLD)
    by_id = {uuid.UUID(c.entry_id): c for c in candidates}
    persons = repository.visible_persons(session, reach(actor), list(by_id))[:limit]
    audit.record(
        session,
        action="search",
        object_type="protection_person",
        purpose=PURPOSE,
        details={"count": len(persons)},
    )
    return [(p, by_id[p.id].score, list(by_id[p.id].explanation)) for p in persons]


def create_household(*, session: Session, data: HouseholdCreate, actor: Principal) -> Household:
    """A household or travelling group of the actor's organisation."""
    organisation = acting_organisation(actor, "protection.edit", data.organisation)
    household = Household(
        kind=data.kind, label=data.label, country_iso3=data.country_iso3, organisation=organisation
    )
    repository.add(session, household)
    session.flush()
    audit.record(
        session,
        action="create",
        object_type="protection_household",
        object_id=household.id,
        purpose=PURPOSE,
    )
    return household


def household_in_reach(
    session: Session, household_id: uuid.UUID, actor: Principal, permission: str
) -> Household:
    """A household of an organisation the actor holds a permission in (not found otherwise:
    a person joins only a household their case worker reaches)."""
    household = repository.get_household(session, household_id)
    if household is None:
        raise NotFound("no such household", field="household_id")
    if not may(actor, permission, household.organisation, False):
        raise OutOfScope("no such household", field="household_id")
    return household


def get_household(
    *, session: Session, household_id: uuid.UUID, actor: Principal
) -> tuple[Household, list[Person]]:
    """A household within reach and the members the actor may see; the read is audited."""
    household = household_in_reach(session, household_id, actor, "protection.read")
    members = [
        member
        for member in repository.members(session, household.id)
        if may(actor, "protection.read", member.organisation, member.restricted)
    ]
    audit.record(
        session,
        action="read",
        object_type="protection_household",
        object_id=household.id,
        purpose=PURPOSE,
        details={"members": len(members)},
    )
    return household, members


def list_households(
    *, session: Session, actor: Principal, limit: int = 50, offset: int = 0
) -> tuple[list[tuple[Household, int]], int]:
    """A page of the households within reach with their member counts (audited, counts)."""
    rows, total = repository.list_households(session, reach(actor), limit=limit, offset=offset)
    audit.record(
        session,
        action="list",
        object_type="protection_household",
        purpose=PURPOSE,
        details={"count": len(rows), "total": total},
    )
    return rows, total


def add_member(
    *, session: Session, household_id: uuid.UUID, data: MemberAdd, actor: Principal
) -> Person:
    """A registered person (by reference) joins a household with their relationship to its
    head; the change is kept in the person's history like any other."""
    household = household_in_reach(session, household_id, actor, "protection.edit")
    found = repository.person_by_reference(session, data.person_reference)
    if found is None:
        raise NotFound(N_("no person has this reference"), field="person_reference")
    person = _readable(session, found.id, actor, "protection.edit")
    if data.relationship == "head" and any(
        member.relationship == "head" and member.id != person.id
        for member in repository.members(session, household.id)
    ):
        raise Invalid(N_("this household has a head already"), field="relationship")
    changes = {"household_id": household.id, "relationship": data.relationship}
    update = PersonUpdate(version=person.version, changes=changes, reason=data.reason)
    return update_person(session=session, person_id=person.id, data=update, actor=actor)


def household_of(
    *, session: Session, person: Person, actor: Principal
) -> tuple[Household | None, list[Person]]:
    """The household of a person already read, and the members the actor may see."""
    if person.household_id is None:
        return None, []
    household = repository.get_household(session, person.household_id)
    if household is None or not may(actor, "protection.read", household.organisation, False):
        return None, []
    visible = [
        member
        for member in repository.members(session, person.household_id)
        if may(actor, "protection.read", member.organisation, member.restricted)
    ]
    return household, visible
