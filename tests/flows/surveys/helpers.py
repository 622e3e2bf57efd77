"""Survey fixtures as plain functions: points, the demo survey uploaded, principals."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from passage.access import Role, ScopeType
from passage.auth.service import principal_for
from passage.flows.models import FlowPoint
from passage.flows.surveys import demo, service
from passage.flows.surveys.models import FlowSurvey
from tests.factories import make_user


def point(session: Session, country: str = "KEN", code: str | None = None) -> FlowPoint:
    """A flow monitoring point in a country."""
    code = code or f"FMP-{country}-{uuid.uuid4().hex[:6]}"
    found = FlowPoint(
        code=code, name=f"Bus park {code}", label=code, kind="transit_hub", imported=False,
        country_iso3=country, detector={},
    )  # fmt: skip
    session.add(found)
    session.flush()
    return found


def principal(session: Session, role: Role = Role.COORDINATOR, country: str | None = None):
    """A principal with one grant (global, or for a country)."""
    if country is None:
        return principal_for(make_user(session, role))
    user = make_user(session, role, scope_type=ScopeType.COUNTRY, scope_value=country)
    return principal_for(user)


def survey(session: Session) -> FlowSurvey:
    """The demo survey, uploaded by a global coordinator."""
    existing = service.repository.survey_by_code(session, demo.CODE)
    if existing is not None:
        return existing
    return service.upload_form(
        session=session, content=demo.xlsform(), filename="fms.xlsx", actor=principal(session)
    )
