"""Pages of the registry: persons (list and name search across spellings), one person with
their household, cases, consents, screenings and field-level history, and the edit form."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from passage.access import Principal
from passage.auth.deps import Require, verify_csrf
from passage.db import SessionDep
from passage.protection import pages, places
from passage.protection.cases import service as cases
from passage.protection.referrals import service as referrals
from passage.protection.registry import service as registry
from passage.protection.registry.schemas import HouseholdCreate, MemberAdd, PersonUpdate
from passage.protection.scoring import service as scoring
from passage.protection.vocabulary import (
    HOUSEHOLD_KINDS,
    MIGRATION_STATUSES,
    RELATIONSHIPS,
    SHAREABLE_FIELDS,
    SITUATIONS,
    household_kind_label,
    migration_status_label,
    relationship_label,
    situation_label,
)
from passage.web import forms
from passage.web.render import redirect

router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
EDITABLE = (
    "given_names",
    "surname",
    "sex",
    "birth_date",
    "nationality",
    "phone",
    "email",
    "country_iso3",
    "admin1",
    "location",
    "migration_status",
)


@router.get("/protection/persons")
def persons_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1, le=2000)] = 1,
) -> Response:
    """Persons within reach; a name is searched across transliterations and typing errors."""
    matches: list[Any] = []
    items: Any = []
    total = 0
    if q.strip() and not q.strip().upper().startswith("P-"):
        matches = registry.search_names(session=session, actor=principal, name=q.strip())
    else:
        items, total = registry.list_persons(
            session=session, actor=principal, text=q or None, offset=(page - 1) * 50
        )
    context = {"q": q, "matches": matches, "items": items, "total": total, "page": page}
    return pages.page(request, "protection/persons.html", context)


def _person_page(
    request: Request,
    session: Session,
    principal: Principal,
    person_id: uuid.UUID,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    person = registry.get_person(session=session, person_id=person_id, actor=principal)
    household, members = registry.household_of(session=session, person=person, actor=principal)
    context = {
        "person": person,
        "household": household,
        "members": members,
        "history": registry.history(session=session, person_id=person.id, actor=principal),
        "cases": cases.cases_of_person(session=session, person=person, actor=principal),
        "consents": referrals.consents_of(session=session, person=person),
        "screenings": scoring.screenings_of_person(session, person.id),
        "countries": places.countries(session),
        "situations": pages.options(SITUATIONS, situation_label),
        "statuses": pages.options(MIGRATION_STATUSES, migration_status_label),
        "fields": SHAREABLE_FIELDS,
        "errors": errors or {},
        "is_valid": referrals.is_valid,
    }
    return pages.page(request, "protection/person.html", context, status)


@router.get("/protection/persons/{person_id}")
def person_page(
    person_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
) -> Response:
    """One person (the read is audited)."""
    return _person_page(request, session, principal, person_id)


def changes_from(values: dict[str, Any], person: Any) -> dict[str, Any]:
    """The fields the edit form changes (blank text clears an optional field)."""
    changes: dict[str, Any] = {}
    for name in EDITABLE:
        if name not in values:
            continue
        value = values[name].strip() or None
        if name in ("given_names", "surname"):
            value = value or ""
        current = getattr(person, name)
        if (str(current) if current is not None else None) != value:
            changes[name] = value
    situations = values.get("situations", [])
    if "situations_shown" in values and sorted(situations) != sorted(person.situations):
        changes["situations"] = situations
    return changes


@router.post("/protection/persons/{person_id}")
async def edit_person(
    person_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> Response:
    """Change personal fields; each change is kept in the history with the reason."""
    values = forms.form_values(await request.form(), lists=("situations",))
    person = registry.get_person(session=session, person_id=person_id, actor=principal)
    data = {
        "version": values.get("version") or 0,
        "changes": changes_from(values, person),
        "reason": values.get("reason") or None,
    }
    outcome = pages.submit(
        session,
        lambda: registry.update_person(
            session=session,
            person_id=person_id,
            data=PersonUpdate.model_validate(data),
            actor=principal,
        ),
        field_of=lambda location: (
            location[-1]
            if location[:1] != ["changes"]
            else location[1]
            if len(location) > 1
            else "form"
        ),
    )
    if isinstance(outcome, forms.Rejected):
        return _person_page(request, session, principal, person_id, outcome.errors, outcome.status)
    return redirect(f"/protection/persons/{person_id}")


def _households_page(
    request: Request,
    session: Session,
    principal: Principal,
    page: int = 1,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    rows, total = registry.list_households(session=session, actor=principal, offset=(page - 1) * 50)
    context = {
        "rows": rows,
        "total": total,
        "page": page,
        "kinds": pages.options(HOUSEHOLD_KINDS, household_kind_label),
        "countries": places.countries(session),
        "values": values or {"kind": "household"},
        "errors": errors or {},
    }
    return pages.page(request, "protection/households.html", context, status)


@router.get("/protection/households")
def households_page(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
    page: Annotated[int, Query(ge=1, le=2000)] = 1,
) -> Response:
    """Households and travelling groups within reach, and the form to start one."""
    return _households_page(request, session, principal, page)


@router.post("/protection/households")
async def create_household(
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> Response:
    """Start a household or travelling group; its members join it from its page."""
    values = forms.form_values(await request.form())
    payload = pages.blank_none(values, ("label", "country_iso3", "organisation")) | {
        "kind": values.get("kind") or "household"
    }
    outcome = pages.submit(
        session,
        lambda: registry.create_household(
            session=session, data=HouseholdCreate.model_validate(payload), actor=principal
        ),
    )
    if isinstance(outcome, forms.Rejected):
        return _households_page(
            request, session, principal, 1, values, outcome.errors, outcome.status
        )
    return redirect(f"/protection/households/{outcome.id}")


def _household_page(
    request: Request,
    session: Session,
    principal: Principal,
    household_id: uuid.UUID,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    household, members = registry.get_household(
        session=session, household_id=household_id, actor=principal
    )
    context = {
        "household": household,
        "members": members,
        "relationships": pages.options(RELATIONSHIPS, relationship_label),
        "values": values or {},
        "errors": errors or {},
    }
    return pages.page(request, "protection/household.html", context, status)


@router.get("/protection/households/{household_id}")
def household_page(
    household_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.read")],
) -> Response:
    """A household: its members, head first, and the form to add one (the read is audited)."""
    return _household_page(request, session, principal, household_id)


@router.post("/protection/households/{household_id}/members")
async def add_member(
    household_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Annotated[Principal, Require("protection.edit")],
) -> Response:
    """A registered person joins the household, by their reference."""
    values = forms.form_values(await request.form())
    payload = {
        "person_reference": values.get("person_reference", ""),
        "relationship": values.get("relationship", ""),
        "reason": values.get("reason") or None,
    }
    outcome = pages.submit(
        session,
        lambda: registry.add_member(
            session=session,
            household_id=household_id,
            data=MemberAdd.model_validate(payload),
            actor=principal,
        ),
    )
    if isinstance(outcome, forms.Rejected):
        return _household_page(
            request, session, principal, household_id, values, outcome.errors, outcome.status
        )
    return redirect(f"/protection/households/{household_id}")
