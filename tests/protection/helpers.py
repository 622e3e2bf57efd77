"""Plain factories for the protection tests: staff of an organisation, a person with a case."""

from __future__ import annotations

from sqlalchemy.orm import Session

from passage.access import Principal, Role, ScopeType
from passage.auth.models import User
from passage.auth.service import principal_for
from passage.protection.cases import service as cases
from passage.protection.cases.models import Case
from passage.protection.cases.schemas import IntakeCreate
from passage.protection.registry.models import Person
from passage.protection.registry.schemas import PersonCreate
from tests.factories import make_user

IOM, RED_CROSS = "IOM", "Kenya Red Cross"


def staff(session: Session, role: Role, organisation: str = IOM) -> tuple[User, Principal]:
    """A user holding a role for one organisation, and their principal."""
    user = make_user(
        session,
        role,
        scope_type=ScopeType.ORGANISATION,
        scope_value=organisation,
        organisation=organisation,
    )
    return user, principal_for(user)


def designated(session: Session, organisation: str = IOM) -> tuple[User, Principal]:
    """A designated case worker (child protection, trafficking) of an organisation."""
    return staff(session, Role.DESIGNATED_CASE_WORKER, organisation)


def person_with_case(
    session: Session,
    actor: Principal,
    *,
    given_names: str = "Amina",
    surname: str = "Yusuf",
    case_type: str = "stranded_migrant",
    **fields: object,
) -> tuple[Person, Case]:
    """Register a person through the intake and open their case."""
    person = PersonCreate(given_names=given_names, surname=surname, **fields)  # type: ignore[arg-type]
    return cases.intake(
        session=session, data=IntakeCreate(person=person, case_type=case_type), actor=actor
    )
