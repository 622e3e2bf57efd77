"""Every query about persons, households and the field-level history."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import false, func, or_, select, true
from sqlalchemy.orm import Session

from passage.protection import repository as shared
from passage.protection.access import Reach
from passage.protection.registry.models import Household, Person, PersonChange


def add(session: Session, record: object) -> None:
    """Stage a new record."""
    session.add(record)


def get_person(session: Session, person_id: uuid.UUID) -> Person | None:
    """One person by id, unchecked."""
    return session.get(Person, person_id)


def person_by_reference(session: Session, reference: str) -> Person | None:
    """One person by reference (P-...), unchecked."""
    return session.scalar(select(Person).where(Person.reference == reference.strip().upper()))


def person_of_traveller(session: Session, traveller_id: uuid.UUID) -> Person | None:
    """The person registered from a border traveller, if any."""
    return session.scalar(select(Person).where(Person.traveller_id == traveller_id).limit(1))


def visible_persons(session: Session, reach: Reach, ids: Sequence[uuid.UUID]) -> list[Person]:
    """The persons among `ids` within reach, in the order given."""
    if not ids:
        return []
    statement = select(Person).where(
        Person.id.in_(ids), shared.visible(reach, Person.organisation, Person.restricted)
    )
    found = {person.id: person for person in session.scalars(statement)}
    return [found[person_id] for person_id in ids if person_id in found]


def list_persons(
    session: Session,
    reach: Reach,
    *,
    text: str | None = None,
    nationality: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[Sequence[Person], int]:
    """A page of persons within reach, newest first, and the total."""
    statement = select(Person).where(shared.visible(reach, Person.organisation, Person.restricted))
    if text:
        pattern = f"%{text.strip().lower()}%"
        statement = statement.where(
            or_(
                Person.reference == text.strip().upper(),
                func.lower(Person.surname).like(pattern),
                func.lower(Person.given_names).like(pattern),
                Person.phone == text.strip(),
            )
        )
    if nationality:
        statement = statement.where(Person.nationality == nationality)
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    page = statement.order_by(Person.created_at.desc()).limit(limit).offset(offset)
    return session.scalars(page).all(), total


def members(session: Session, household_id: uuid.UUID) -> Sequence[Person]:
    """The members of a household, head first."""
    statement = select(Person).where(Person.household_id == household_id)
    rows = session.scalars(statement.order_by(Person.created_at)).all()
    return sorted(rows, key=lambda person: person.relationship != "head")


def get_household(session: Session, household_id: uuid.UUID) -> Household | None:
    """One household by id, unchecked."""
    return session.get(Household, household_id)


def list_households(
    session: Session, reach: Reach, limit: int = 50, offset: int = 0
) -> tuple[list[tuple[Household, int]], int]:
    """A page of the households within reach, newest first, each with its members within
    reach (a member the reader may not see is not counted)."""
    if reach.ordinary is None:
        where: Any = true()
    else:
        where = Household.organisation.in_(sorted(reach.ordinary)) if reach.ordinary else false()
    counted = (
        select(Person.household_id, func.count(Person.id).label("members"))
        .where(shared.visible(reach, Person.organisation, Person.restricted))
        .group_by(Person.household_id)
        .subquery()
    )
    total = session.scalar(select(func.count(Household.id)).where(where)) or 0
    statement = (
        select(Household, func.coalesce(counted.c.members, 0))
        .outerjoin(counted, counted.c.household_id == Household.id)
        .where(where)
        .order_by(Household.created_at.desc())
        .limit(limit)
        .offset(offset)
    )
    return [(row[0], int(row[1])) for row in session.execute(statement)], total


def changes_of(session: Session, person_id: uuid.UUID, limit: int = 200) -> Sequence[PersonChange]:
    """A person's field-level history, newest first."""
    statement = select(PersonChange).where(PersonChange.person_id == person_id)
    return session.scalars(statement.order_by(PersonChange.created_at.desc()).limit(limit)).all()


def newest_change(session: Session) -> datetime | None:
    """When a person was last created or changed (the name index's marker)."""
    return session.scalar(select(func.max(Person.updated_at)))


def stream_names(
    session: Session, since: datetime | None, batch: int = 5000
) -> Iterator[tuple[Any, ...]]:
    """(id, given_names, surname, other_names, birth_date, nationality, sex, documents,
    updated_at) of persons changed since a moment (all when None), for the name index."""
    statement = select(
        Person.id,
        Person.given_names,
        Person.surname,
        Person.other_names,
        Person.birth_date,
        Person.nationality,
        Person.sex,
        Person.documents,
        Person.updated_at,
    )
    if since is not None:
        statement = statement.where(Person.updated_at >= since)
    result = session.execute(statement.execution_options(yield_per=batch))
    for row in result:
        yield tuple(row)


def count_persons(session: Session, reach: Reach, day_from: date | None = None) -> int:
    """How many persons are within reach (registered since a day, if given)."""
    statement = select(func.count(Person.id)).where(
        shared.visible(reach, Person.organisation, Person.restricted)
    )
    if day_from is not None:
        statement = statement.where(Person.created_at >= day_from)
    return session.scalar(statement) or 0


def any_person(session: Session) -> bool:
    """Whether the registry holds anybody."""
    return session.scalar(select(Person.id).limit(1)) is not None
