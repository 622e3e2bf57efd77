"""JSON routes of the registry: register, search (names across spellings), read, change with
history, households."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query

from passage.access import Principal
from passage.auth.deps import Require
from passage.db import SessionDep
from passage.protection.registry import service as registry
from passage.protection.registry.schemas import (
    ChangeRead,
    HouseholdCreate,
    MemberAdd,
    PersonCreate,
    PersonMatch,
    PersonRead,
    PersonUpdate,
)

router = APIRouter(prefix="/api/v1/protection", tags=["protection"])


@router.post("/persons", status_code=201)
def create_person(
    data: PersonCreate,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> PersonRead:
    """Register a person in your organisation."""
    return PersonRead.model_validate(
        registry.create_person(session=session, data=data, actor=principal)
    )


@router.get("/persons")
def list_persons(
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict[str, object]:
    """Persons within your reach, newest first (q: reference, phone or part of a name)."""
    items, total = registry.list_persons(
        session=session, actor=principal, text=q, limit=limit, offset=offset
    )
    return {"items": [PersonRead.model_validate(item) for item in items], "total": total}


@router.get("/persons/search")
def search_persons(
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
    name: Annotated[str, Query(min_length=2, max_length=200)],
    birth_date: Annotated[str | None, Query(max_length=10)] = None,
    nationality: Annotated[str | None, Query(max_length=3)] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> list[PersonMatch]:
    """Persons whose names match across transliterations and typing errors, best first."""
    found = registry.search_names(
        session=session,
        actor=principal,
        name=name,
        birth_date=birth_date,
        nationality=nationality,
        limit=limit,
    )
    return [
        PersonMatch(person=PersonRead.model_validate(p), score=s, explanation=e)
        for p, s, e in found
    ]


@router.get("/persons/{person_id}")
def read_person(
    person_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
) -> PersonRead:
    """One person (the read is audited)."""
    return PersonRead.model_validate(
        registry.get_person(session=session, person_id=person_id, actor=principal)
    )


@router.patch("/persons/{person_id}")
def update_person(
    person_id: uuid.UUID,
    data: PersonUpdate,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> PersonRead:
    """Change personal fields (each change kept in the history)."""
    return PersonRead.model_validate(
        registry.update_person(session=session, person_id=person_id, data=data, actor=principal)
    )


@router.get("/persons/{person_id}/history")
def person_history(
    person_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
) -> list[ChangeRead]:
    """A person's field-level history, newest first."""
    return [
        ChangeRead.model_validate(c)
        for c in registry.history(session=session, person_id=person_id, actor=principal)
    ]


@router.post("/households", status_code=201)
def create_household(
    data: HouseholdCreate,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> dict[str, object]:
    """A household or travelling group (persons join it with household_id and relationship)."""
    household = registry.create_household(session=session, data=data, actor=principal)
    return {
        "id": household.id,
        "kind": household.kind,
        "label": household.label,
        "organisation": household.organisation,
    }


def _household(household: Any, members: list[Any] | None = None) -> dict[str, object]:
    found: dict[str, object] = {
        "id": household.id,
        "kind": household.kind,
        "label": household.label,
        "country_iso3": household.country_iso3,
        "organisation": household.organisation,
    }
    if members is not None:
        found["members"] = [
            {"relationship": m.relationship, "person": PersonRead.model_validate(m)}
            for m in members
        ]
    return found


@router.get("/households")
def list_households(
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict[str, object]:
    """Households and travelling groups within reach, newest first, with their member counts."""
    rows, total = registry.list_households(
        session=session, actor=principal, limit=limit, offset=offset
    )
    items = [_household(h) | {"member_count": n} for h, n in rows]
    return {"items": items, "total": total}


@router.get("/households/{household_id}")
def read_household(
    household_id: uuid.UUID,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
) -> dict[str, object]:
    """A household with the members you may see, head first (the read is audited)."""
    household, members = registry.get_household(
        session=session, household_id=household_id, actor=principal
    )
    return _household(household, members)


@router.post("/households/{household_id}/members")
def add_member(
    household_id: uuid.UUID,
    data: MemberAdd,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> PersonRead:
    """A registered person joins the household (kept in their history)."""
    return PersonRead.model_validate(
        registry.add_member(session=session, household_id=household_id, data=data, actor=principal)
    )
