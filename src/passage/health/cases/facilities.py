"""The health facilities a port-health case is referred to: the service points of the
protection service directory that offer health care in the country of the case's point of
entry (one directory serves both). Where the directory lists some, a referral names one of
them; where it lists none, the officer types the facility's name."""

from __future__ import annotations

from sqlalchemy.orm import Session

from passage.errors import Invalid
from passage.geo.models import PointOfEntry
from passage.health.cases.models import PortHealthCase
from passage.health.cases.opening import case_poe
from passage.protection.referrals import service as directory

HEALTH_SERVICE = "health"


def facilities_for(*, session: Session, poe: PointOfEntry) -> list[str]:
    """The names of the directory's active health-care points in the POE's country."""
    found = directory.directory(session=session, service=HEALTH_SERVICE, country=poe.country_iso3)
    return [provider.name for provider, _ in found]


def check_facility(*, session: Session, case: PortHealthCase, facility: str) -> str:
    """The facility as listed; refused when the directory lists others in the country."""
    listed = facilities_for(session=session, poe=case_poe(session, case.poe_id))
    if listed and facility.strip() not in listed:
        raise Invalid(
            "choose a health facility from the service directory of this country",
            field="facility",
        )
    return facility.strip()
